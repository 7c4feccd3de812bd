/**
 * Apache Kafka's own command-line tools (3.9, the last ZooKeeper line, and 4.1), run from the
 * fetched jars against one Samsa broker: what they print is what Kafka's users read, so the
 * assertions check their output lines, not just their exit codes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
