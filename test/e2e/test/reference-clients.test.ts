/**
 * The reference clients against one Samsa broker (issue 16's conformance matrix, first rows):
 * franz-go and sarama (produce keyed records with each codec, consume them in a group, commit),
 * confluent-kafka 2.x (current librdkafka) and kafka-python 2.2 from PyPI. Every client must put a
 * key on the partition Java's default partitioner picks (murmur2), read back exactly what it wrote,
 * and commit offsets that add up to it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { partitionForKey } from '@samsa/client';
import { expectSuccess, goDriver, referencePython, referencesMissing } from '@samsa/test-kit';

const skip = referencesMissing();
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const COUNT = 300;
const PARTITIONS = 3;

interface DriverResult {
  produced: number;
  consumed: number;
  partitionByKey: Record<string, number>;
  committedOffsets: Record<string, number>;
}

function assertScenario(r: DriverResult, what: string): void {
  assert.equal(r.produced, COUNT, `${what}: produced`);
  assert.equal(r.consumed, COUNT, `${what}: consumed (each on the partition it was produced to)`);
  for (const [key, partition] of Object.entries(r.partitionByKey)) {
    assert.equal(partition, partitionForKey(Buffer.from(key), PARTITIONS), `${what}: partition of ${key}`);
  }
  const committed = Object.values(r.committedOffsets).reduce((a, b) => a + Number(b), 0);
  assert.equal(committed, COUNT, `${what}: committed offsets add up to the records read`);
}

describe('reference clients against one broker', { skip, timeout: 600_000 }, () => {
  let broker: Broker;
  let dir: string;
  let bootstrap: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-'));
    // No initial rebalance delay: every scenario forms a new group (Kafka's own tests set it to 0 too).
    broker = await startBroker({ logDirs: join(dir, 'logs'), config: { 'group.initial.rebalance.delay.ms': 0 } });
    bootstrap = broker.bootstrapServers;
  });
  after(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const driver of ['franz', 'sarama'] as const) {
    for (const codec of CODECS) {
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

  it('confluent-kafka 2.x (current librdkafka): every codec, murmur2_random partitioning, a group commit', async () => {
    const script = `
import json, sys
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, count, parts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
admin = AdminClient({'bootstrap.servers': bootstrap})
out = {}
for codec in ['none', 'gzip', 'snappy', 'lz4', 'zstd']:
    topic = 'confluent-' + codec
    for f in admin.create_topics([NewTopic(topic, parts, 1)]).values(): f.result(30)
    p = Producer({'bootstrap.servers': bootstrap, 'compression.type': codec, 'partitioner': 'murmur2_random', 'enable.idempotence': True})
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
    const r = expectSuccess(
      await referencePython(script, [bootstrap, String(COUNT), String(PARTITIONS)], 240_000),
      'confluent-kafka',
    );
    const results = JSON.parse(r.stdout) as Record<string, DriverResult>;
    assert.deepEqual(Object.keys(results), [...CODECS]);
    for (const codec of CODECS) assertScenario(results[codec] as DriverResult, `confluent-kafka ${codec}`);
  });

  it('kafka-python 2.2: keyed records, a group, a commit', async () => {
    const script = `
import json, sys
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
bootstrap, count, parts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
topic = 'kafka-python'
KafkaAdminClient(bootstrap_servers=bootstrap).create_topics([NewTopic(topic, parts, 1)])
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
    const r = expectSuccess(
      await referencePython(script, [bootstrap, String(COUNT), String(PARTITIONS)], 120_000),
      'kafka-python',
    );
    assertScenario(JSON.parse(r.stdout) as DriverResult, 'kafka-python');
  });
});
