/**
 * Apache Kafka's own command-line tools (3.9, the last ZooKeeper line, and 4.1), run from the
 * fetched jars against one Samsa broker: what they print is what Kafka's users read, so the
 * assertions check their output lines, not just their exit codes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Broker, startBroker } from '@samsa/broker';
import { expectSuccess, KAFKA_VERSIONS, kafkaJava, referencesMissing } from '@samsa/test-kit';

const skip = referencesMissing();
const TOPIC_COMMAND = 'org.apache.kafka.tools.TopicCommand';
const CONSOLE_CONSUMER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';
const GROUP_COMMAND = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
const PRODUCER_PERF = 'org.apache.kafka.tools.ProducerPerformance';
const CONFIG_COMMAND = 'kafka.admin.ConfigCommand';
const GET_OFFSETS = 'org.apache.kafka.tools.GetOffsetShell';
const LOG_DIRS = 'org.apache.kafka.tools.LogDirsCommand';
const DELETE_RECORDS = 'org.apache.kafka.tools.DeleteRecordsCommand';
const LEADER_ELECTION = 'org.apache.kafka.tools.LeaderElectionCommand';
const TRANSACTIONS = 'org.apache.kafka.tools.TransactionsCommand';
// The console producer moved from core (Scala) to the tools module in 4.0.
const CONSOLE_PRODUCER = { '3.9.2': 'kafka.tools.ConsoleProducer', '4.1.2': 'org.apache.kafka.tools.ConsoleProducer' };

describe("Apache Kafka's tools against one broker", { skip, timeout: 600_000 }, () => {
  let broker: Broker;
  let dir: string;
  let bs: string[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-tools-'));
    broker = await startBroker({ logDirs: join(dir, 'logs'), config: { 'group.initial.rebalance.delay.ms': 0 } });
    bs = ['--bootstrap-server', broker.bootstrapServers];
  });
  after(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const version of KAFKA_VERSIONS) {
    const topic = `tools-${version.replaceAll('.', '-')}`;

    it(`${version}: kafka-topics creates, lists and describes a topic`, async () => {
      let r = expectSuccess(
        await kafkaJava(version, TOPIC_COMMAND, [
          ...bs,
          '--create',
          '--topic',
          topic,
          '--partitions',
          '3',
          '--config',
          'retention.ms=3600000',
        ]),
        'kafka-topics --create',
      );
      assert.equal(r.stdout.trim(), `Created topic ${topic}.`);
      r = expectSuccess(await kafkaJava(version, TOPIC_COMMAND, [...bs, '--list']), 'kafka-topics --list');
      assert.ok(r.stdout.split('\n').includes(topic), r.stdout);
      r = expectSuccess(
        await kafkaJava(version, TOPIC_COMMAND, [...bs, '--describe', '--topic', topic]),
        'kafka-topics --describe',
      );
      assert.match(
        r.stdout,
        new RegExp(
          `^Topic: ${topic}\\tTopicId: \\S+\\tPartitionCount: 3\\tReplicationFactor: 1\\tConfigs: .*retention\\.ms=3600000`,
          'm',
        ),
      );
      for (const p of [0, 1, 2]) {
        assert.match(
          r.stdout,
          new RegExp(`^\\tTopic: ${topic}\\tPartition: ${p}\\tLeader: 0\\tReplicas: 0\\tIsr: 0`, 'm'),
        );
      }
      r = await kafkaJava(version, TOPIC_COMMAND, [...bs, '--create', '--topic', topic, '--partitions', '1']);
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, /TopicExistsException|already exists/);
    });

    it(`${version}: console producer and consumer move keyed records; consumer-groups shows no lag`, async () => {
      const lines = Array.from({ length: 50 }, (_, i) => `k${i % 5}\tv${i}`).join('\n');
      expectSuccess(
        await kafkaJava(
          version,
          CONSOLE_PRODUCER[version],
          [...bs, '--topic', topic, '--property', 'parse.key=true', '--property', 'key.separator=\t'],
          { input: `${lines}\n` },
        ),
        'kafka-console-producer',
      );
      const group = `${topic}-group`;
      const r = expectSuccess(
        await kafkaJava(version, CONSOLE_CONSUMER, [
          ...bs,
          '--topic',
          topic,
          '--from-beginning',
          '--max-messages',
          '50',
          '--group',
          group,
          '--property',
          'print.key=true',
        ]),
        'kafka-console-consumer',
      );
      const got = r.stdout.trim().split('\n');
      assert.equal(got.length, 50);
      assert.deepEqual(got.slice().sort(), lines.split('\n').sort());
      assert.match(r.stderr, /Processed a total of 50 messages/);
      const d = expectSuccess(
        await kafkaJava(version, GROUP_COMMAND, [...bs, '--describe', '--group', group]),
        'kafka-consumer-groups --describe',
      );
      const rows = d.stdout.split('\n').filter((l) => l.startsWith(group));
      assert.equal(rows.length, 3, d.stdout);
      let total = 0;
      for (const row of rows) {
        const [, t, , current, end, lag] = row.trim().split(/\s+/);
        assert.equal(t, topic);
        assert.equal(current, end);
        assert.equal(lag, '0');
        total += Number(end);
      }
      assert.equal(total, 50);
    });

    it(`${version}: kafka-configs alters and describes topic, broker-default and client-quota configs`, async () => {
      const configs = (args: string[]) => kafkaJava(version, CONFIG_COMMAND, [...bs, ...args]);
      let r = expectSuccess(
        await configs([
          '--alter',
          '--entity-type',
          'topics',
          '--entity-name',
          topic,
          '--add-config',
          'retention.ms=1000000',
        ]),
        'kafka-configs --alter topic',
      );
      assert.equal(r.stdout.trim(), `Completed updating config for topic ${topic}.`);
      r = expectSuccess(
        await configs(['--describe', '--entity-type', 'topics', '--entity-name', topic]),
        'kafka-configs --describe topic',
      );
      assert.match(
        r.stdout,
        /^ {2}retention\.ms=1000000 sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:retention\.ms=1000000/m,
      );
      r = expectSuccess(
        await configs([
          '--alter',
          '--entity-type',
          'brokers',
          '--entity-default',
          '--add-config',
          'log.cleaner.threads=2',
        ]),
        'kafka-configs --alter broker default',
      );
      assert.equal(r.stdout.trim(), 'Completed updating default config for brokers in the cluster.');
      r = expectSuccess(
        await configs([
          '--alter',
          '--entity-type',
          'clients',
          '--entity-name',
          `c-${topic}`,
          '--add-config',
          'producer_byte_rate=1048576',
        ]),
        'kafka-configs --alter client quota',
      );
      r = expectSuccess(
        await configs(['--describe', '--entity-type', 'clients', '--entity-name', `c-${topic}`]),
        'kafka-configs --describe client quota',
      );
      assert.equal(r.stdout.trim(), `Quota configs for client-id 'c-${topic}' are producer_byte_rate=1048576.0`);
    });

    it(`${version}: get-offsets, log-dirs, delete-records, leader-election, transactions and --reset-offsets`, async () => {
      let r = expectSuccess(await kafkaJava(version, GET_OFFSETS, [...bs, '--topic', topic]), 'kafka-get-offsets');
      const ends = r.stdout.trim().split('\n').sort();
      assert.equal(ends.length, 3);
      assert.equal(
        ends.reduce((sum, l) => sum + Number(l.split(':')[2]), 0),
        50,
        r.stdout,
      );
      r = expectSuccess(
        await kafkaJava(version, LOG_DIRS, [...bs, '--describe', '--topic-list', topic]),
        'kafka-log-dirs',
      );
      const json = JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{')) ?? 'null');
      assert.equal(json.brokers[0].broker, 0);
      assert.deepEqual(
        json.brokers[0].logDirs[0].partitions.map((p: { partition: string }) => p.partition).sort(),
        [0, 1, 2].map((p) => `${topic}-${p}`),
      );
      const first = ends[0]?.split(':') ?? [];
      const file = join(dir, `delete-${version}.json`);
      writeFileSync(
        file,
        JSON.stringify({ version: 1, partitions: [{ topic, partition: Number(first[1]), offset: 1 }] }),
      );
      r = expectSuccess(
        await kafkaJava(version, DELETE_RECORDS, [...bs, '--offset-json-file', file]),
        'kafka-delete-records',
      );
      assert.match(r.stdout, new RegExp(`partition: ${topic}-${first[1]}\tlow_watermark: 1`));
      r = expectSuccess(
        await kafkaJava(version, LEADER_ELECTION, [
          ...bs,
          '--election-type',
          'preferred',
          '--topic',
          topic,
          '--partition',
          '0',
        ]),
        'kafka-leader-election',
      );
      assert.match(r.stdout, new RegExp(`Valid replica already elected for partitions ${topic}-0`));
      r = expectSuccess(await kafkaJava(version, TRANSACTIONS, [...bs, 'list']), 'kafka-transactions list');
      assert.match(r.stdout, /^TransactionalId\s+Coordinator\s+ProducerId\s+TransactionState/);
      const group = `${topic}-group`;
      r = expectSuccess(
        await kafkaJava(version, GROUP_COMMAND, [
          ...bs,
          '--reset-offsets',
          '--group',
          group,
          '--topic',
          topic,
          '--to-earliest',
          '--execute',
        ]),
        'kafka-consumer-groups --reset-offsets',
      );
      // Kafka 3.9's tool prints the rows without line breaks between them, 4.1 one per line: read
      // the cells as one stream of words, four per row after the header.
      const words = r.stdout.trim().split(/\s+/);
      assert.deepEqual(words.slice(0, 4), ['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'], r.stdout);
      const rows = words.slice(4);
      assert.equal(rows.length, 12, r.stdout);
      for (let i = 0; i < rows.length; i += 4) {
        const [g, t, partition, offset] = rows.slice(i, i + 4);
        assert.equal(g, group);
        assert.equal(t, topic);
        assert.equal(offset, partition === first[1] ? '1' : '0', r.stdout);
      }
    });

    it(`${version}: kafka-producer-perf-test sends every record and prints Kafka's summary line`, async () => {
      const r = expectSuccess(
        await kafkaJava(version, PRODUCER_PERF, [
          '--topic',
          `${topic}-perf`,
          '--num-records',
          '20000',
          '--record-size',
          '100',
          '--throughput',
          '-1',
          '--producer-props',
          `bootstrap.servers=${broker.bootstrapServers}`,
          'acks=all',
        ]),
        'kafka-producer-perf-test',
      );
      assert.match(
        r.stdout,
        /^20000 records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$/m,
      );
    });
  }
});
