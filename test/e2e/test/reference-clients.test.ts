/**
 * The reference clients against one Samsa broker (issue 16's conformance matrix, first rows):
 * franz-go and sarama (produce keyed records with each codec, consume them in a group, commit),
 * confluent-kafka 2.x (current librdkafka) and kafka-python 2.2 from PyPI. Every client must put a
 * key on the partition Java's default partitioner picks (murmur2), read back exactly what it wrote,
 * and commit offsets that add up to it. The same scenarios run against a three-broker cluster
 * (replication factor 3, acks=all, min.insync.replicas=2) with one codec per client, and franz-go
 * and confluent-kafka run a transactional scenario (one transaction aborted, one committed, a
 * read_committed consumer sees exactly the committed records) against both. Kafka's Java client
 * 3.9 and 4.1 (support/java-client-scenarios.ts) run every scenario plus cooperative-sticky and
 * static membership and the admin rows, one JVM per version.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectSuccess, goDriver, KAFKA_VERSIONS, referencePython, referencesMissing } from '@samsa/test-kit';
import { topicShapes } from './support/internal-topics.js';
import { assertJavaScenarios, runJavaScenarios } from './support/java-client-scenarios.js';
import { type SamsaUnderTest, startSingleBroker, startThreeBrokerCluster } from './support/samsa-cluster.js';
import {
  assertScenario,
  assertTransactions,
  COUNT,
  type DriverResult,
  PARTITIONS,
  type TxnResult,
} from './support/scenario-results.js';

const skip = referencesMissing();
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
type Codec = (typeof CODECS)[number];
interface Shape {
  name: string;
  start: () => Promise<SamsaUnderTest>;
  /** Codecs per client: all of them on one broker, one each on the cluster to bound the time. */
  codecs: { franz: readonly Codec[]; sarama: readonly Codec[]; python: readonly Codec[]; java: readonly Codec[] };
}

const SHAPES: Shape[] = [
  {
    name: 'one broker',
    start: () => startSingleBroker(),
    codecs: { franz: CODECS, sarama: CODECS, python: CODECS, java: CODECS },
  },
  {
    name: 'a three-broker cluster (RF 3, min.insync.replicas=2, acks=all)',
    start: () => startThreeBrokerCluster(),
    codecs: { franz: ['zstd'], sarama: ['lz4'], python: ['gzip'], java: ['snappy'] },
  },
];

const CONFLUENT_SCENARIO = `
import json, sys
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, count, parts, rf, codecs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(',')
admin = AdminClient({'bootstrap.servers': bootstrap})
out = {}
for codec in codecs:
    topic = 'confluent-' + codec
    for f in admin.create_topics([NewTopic(topic, parts, rf)]).values(): f.result(30)
    p = Producer({'bootstrap.servers': bootstrap, 'compression.type': codec, 'partitioner': 'murmur2_random', 'enable.idempotence': True, 'acks': 'all'})
    placed = {}
    def report(err, msg):
        if err: raise SystemExit('delivery failed: %s' % err)
        placed[msg.key().decode()] = msg.partition()
    for i in range(count):
        p.produce(topic, key=b'key-%d' % i, value=b'value-%d' % i, on_delivery=report)
        p.poll(0)
    assert p.flush(30) == 0
    c = Consumer({'bootstrap.servers': bootstrap, 'group.id': topic + '-group', 'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
    c.subscribe([topic])
    consumed = 0
    while consumed < count:
        for m in c.consume(500, 0.5):
            if m.error(): raise SystemExit('consume: %s' % m.error())
            if placed[m.key().decode()] == m.partition(): consumed += 1
    c.commit(asynchronous=False)
    committed = c.committed([TopicPartition(topic, p) for p in range(parts)], 10)
    c.close()
    out[codec] = {'produced': len(placed), 'consumed': consumed, 'partitionByKey': placed,
                  'committedOffsets': {str(tp.partition): tp.offset for tp in committed}}
print(json.dumps(out))
`;

const KAFKA_PYTHON_SCENARIO = `
import json, sys
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
bootstrap, count, parts, rf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
topic = 'kafka-python'
KafkaAdminClient(bootstrap_servers=bootstrap).create_topics([NewTopic(topic, parts, rf)])
p = KafkaProducer(bootstrap_servers=bootstrap, acks='all', compression_type='gzip')
placed = {}
for i in range(count):
    md = p.send(topic, key=b'key-%d' % i, value=b'value-%d' % i).get(timeout=30)
    placed['key-%d' % i] = md.partition
p.close()
c = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id='kp-group', auto_offset_reset='earliest', enable_auto_commit=False, consumer_timeout_ms=30000)
consumed = 0
for m in c:
    if placed[m.key.decode()] == m.partition: consumed += 1
    if consumed == count: break
c.commit()
committed = {str(p): c.committed(TopicPartition(topic, p)) for p in range(parts)}
c.close()
print(json.dumps({'produced': len(placed), 'consumed': consumed, 'partitionByKey': placed, 'committedOffsets': committed}))
`;

/** One transaction aborted, one committed; a read_committed group consumer counts what it sees. */
const CONFLUENT_TRANSACTIONS = `
import json, sys
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, count, parts, rf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
topic = 'confluent-txn'
admin = AdminClient({'bootstrap.servers': bootstrap})  # kept alive until the topic exists
for f in admin.create_topics([NewTopic(topic, parts, rf)]).values(): f.result(30)
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'confluent-txn-id'})
p.init_transactions(30)
for commit in (False, True):
    p.begin_transaction()
    prefix = 'committed' if commit else 'aborted'
    for i in range(count):
        p.produce(topic, key=b'key-%d' % i, value=('%s-%d' % (prefix, i)).encode())
        p.poll(0)
    # abort_transaction purges what is still queued: flush so the aborted records reach the log.
    assert p.flush(30) == 0
    if commit: p.commit_transaction(30)
    else: p.abort_transaction(30)
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'confluent-txn-group', 'auto.offset.reset': 'earliest',
              'isolation.level': 'read_committed', 'enable.auto.commit': False})
c.subscribe([topic])
seen = {'committed': 0, 'aborted': 0}
extra = False
while True:
    for m in c.consume(500, 1.0):
        if m.error(): raise SystemExit('consume: %s' % m.error())
        seen[m.value().decode().split('-')[0]] += 1
    if extra: break
    # Once every committed record arrived, read once more so that extras would be seen too.
    extra = seen['committed'] >= count
c.close()
print(json.dumps({'aborted': count, 'committed': count, 'seenCommitted': seen['committed'], 'seenAborted': seen['aborted']}))
`;

for (const shape of SHAPES) {
  describe(`reference clients against ${shape.name}`, { skip, timeout: 600_000 }, () => {
    let samsa: SamsaUnderTest;
    let bootstrap: string;
    let rf: string;
    before(async () => {
      samsa = await shape.start();
      bootstrap = samsa.bootstrap;
      rf = String(samsa.replicationFactor);
    });
    after(async () => {
      await samsa?.stop();
    });

    for (const driver of ['franz', 'sarama'] as const) {
      for (const codec of shape.codecs[driver]) {
        it(`${driver}: keyed records with ${codec} compression, consumed in a group and committed`, async () => {
          const topic = `${driver}-${codec}`;
          const r = expectSuccess(
            await goDriver(driver, [
              '-bootstrap',
              bootstrap,
              '-topic',
              topic,
              '-count',
              String(COUNT),
              '-partitions',
              String(PARTITIONS),
              '-replication-factor',
              rf,
              '-compression',
              codec,
              '-group',
              `${topic}-group`,
            ]),
            `${driver} ${codec}`,
          );
          assertScenario(JSON.parse(r.stdout) as DriverResult, `${driver} ${codec}`);
        });
      }
    }

    it('franz-go: an aborted and a committed transaction, read_committed sees only the committed', async () => {
      const r = expectSuccess(
        await goDriver('franz', [
          '-bootstrap',
          bootstrap,
          '-topic',
          'franz-txn',
          '-count',
          String(COUNT),
          '-partitions',
          String(PARTITIONS),
          '-replication-factor',
          rf,
          '-transactional-id',
          'franz-txn-id',
        ]),
        'franz transactions',
      );
      assertTransactions(JSON.parse(r.stdout) as TxnResult, 'franz transactions');
    });

    it('confluent-kafka 2.x (current librdkafka): keyed records per codec, murmur2_random partitioning, a group commit', async () => {
      const codecs = shape.codecs.python;
      const r = expectSuccess(
        await referencePython(
          CONFLUENT_SCENARIO,
          [bootstrap, String(COUNT), String(PARTITIONS), rf, codecs.join(',')],
          240_000,
        ),
        'confluent-kafka',
      );
      const results = JSON.parse(r.stdout) as Record<string, DriverResult>;
      assert.deepEqual(Object.keys(results), [...codecs]);
      for (const codec of codecs) assertScenario(results[codec] as DriverResult, `confluent-kafka ${codec}`);
    });

    it('confluent-kafka 2.x: an aborted and a committed transaction, read_committed sees only the committed', async () => {
      const r = expectSuccess(
        await referencePython(CONFLUENT_TRANSACTIONS, [bootstrap, String(COUNT), String(PARTITIONS), rf], 120_000),
        'confluent-kafka transactions',
      );
      assertTransactions(JSON.parse(r.stdout) as TxnResult, 'confluent-kafka transactions');
    });

    it('kafka-python 2.2: keyed records, a group, a commit', async () => {
      const r = expectSuccess(
        await referencePython(KAFKA_PYTHON_SCENARIO, [bootstrap, String(COUNT), String(PARTITIONS), rf], 120_000),
        'kafka-python',
      );
      assertScenario(JSON.parse(r.stdout) as DriverResult, 'kafka-python');
    });

    for (const version of KAFKA_VERSIONS) {
      it(`Java client ${version}: codecs, transactions, cooperative-sticky and static members, the admin rows`, async () => {
        const prefix = `java-${version.replaceAll('.', '-')}`;
        const pagesBefore = describeTopicPartitionsRequests(samsa);
        const run = await runJavaScenarios({
          version,
          bootstrap,
          prefix,
          replicationFactor: samsa.replicationFactor,
          codecs: shape.codecs.java,
        });
        assertJavaScenarios(run, {
          prefix,
          codecs: shape.codecs.java,
          brokers: samsa.brokers.length,
          replicationFactor: samsa.replicationFactor,
        });
        // describeTopics of a 3- and a 4-partition topic, one partition per response: seven pages
        // of DescribeTopicPartitions (KIP-966), not one Metadata request.
        assert.ok(describeTopicPartitionsRequests(samsa) - pagesBefore >= 7, 'admin paged DescribeTopicPartitions');
        if (samsa.brokers.length === 1) {
          // Kafka's clients warn about what they find wrong in a broker's answers (unsupported
          // versions, telemetry, features): against one healthy broker they have nothing to say.
          assert.deepEqual(
            run.log.split('\n').filter((l) => / (WARN|ERROR) /.test(l)),
            [],
            'the Java client logged no warning or error',
          );
        }
      });
    }

    it('every topic the clients created has the partitions and replication factor they asked for', async () => {
      const topics = [
        ...shape.codecs.franz.map((c) => `franz-${c}`),
        ...shape.codecs.sarama.map((c) => `sarama-${c}`),
        ...shape.codecs.python.map((c) => `confluent-${c}`),
        'franz-txn',
        'confluent-txn',
        'kafka-python',
        ...KAFKA_VERSIONS.flatMap((v) => {
          const prefix = `java-${v.replaceAll('.', '-')}`;
          return [...shape.codecs.java.map((c) => `${prefix}-${c}`), `${prefix}-txn`];
        }),
      ];
      const shapes = await topicShapes(bootstrap, topics);
      for (const topic of topics) {
        assert.equal(shapes[topic]?.partitions, PARTITIONS, `${topic}: partitions`);
        assert.deepEqual(shapes[topic]?.replicas, [samsa.replicationFactor], `${topic}: replicas of every partition`);
      }
    });
  });
}

function describeTopicPartitionsRequests(samsa: SamsaUnderTest): number {
  return samsa.brokers.reduce((sum, b) => sum + (b.requestProbe.requests[75] ?? 0), 0);
}
