/**
 * A Kafka Connect distributed worker (4.1; 3.9 against one broker) (ConnectDistributed) against Samsa: the FileStream source
 * connector copies a file into a topic and the FileStream sink connector copies the topic into
 * another file, both created through Connect's REST API. The worker stores its configs, offsets
 * and statuses in Samsa's topics and runs its source with exactly.once.source.support (each batch
 * of records and its file offset in one transaction). It is SIGKILLed while lines flow and
 * started again, and resumes from what it stored:
 *  - the topic, read read_committed, holds every line of the source file exactly once, in order
 *    (what exactly-once source support promises);
 *  - the sink file holds every line, in order, and repeats only lines it had already written (a
 *    sink is at-least-once: after a crash it rewrites what came after its last committed offset).
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { freePort, zookeeperAvailable } from '@samsa/broker/testing';
import { Admin, Consumer, silentLogger } from '@samsa/client';
import { JavaApp, type KafkaVersion, referencesMissing } from '@samsa/test-kit';
import { topicShapes } from './support/internal-topics.js';
import { type SamsaUnderTest, startSingleBroker, startThreeBrokerCluster } from './support/samsa-cluster.js';

const TOPIC = 'connect-lines';
const FIRST = 100;
const TOTAL = 200;

const lineNo = (i: number) => `line-${String(i).padStart(5, '0')}`;

function workerProperties(samsa: SamsaUnderTest, restPort: number): string {
  const rf = samsa.replicationFactor;
  return [
    `bootstrap.servers=${samsa.bootstrap}`,
    'group.id=connect-e2e',
    `listeners=http://127.0.0.1:${restPort}`,
    'key.converter=org.apache.kafka.connect.storage.StringConverter',
    'value.converter=org.apache.kafka.connect.storage.StringConverter',
    'config.storage.topic=connect-configs',
    'offset.storage.topic=connect-offsets',
    'status.storage.topic=connect-status',
    `config.storage.replication.factor=${rf}`,
    `offset.storage.replication.factor=${rf}`,
    `status.storage.replication.factor=${rf}`,
    'offset.storage.partitions=5',
    'status.storage.partitions=3',
    'exactly.once.source.support=enabled',
    'offset.flush.interval.ms=1000',
    // The connectors are on the classpath with ServiceLoader manifests: no scan of every jar.
    'plugin.discovery=service_load',
    // The killed worker's memberships (the workers' group, the sink's consumer group) end after
    // their session timeouts; keep them at the broker's minimum so the restart is quick.
    'session.timeout.ms=6000',
    'heartbeat.interval.ms=1000',
    'consumer.session.timeout.ms=6000',
    'consumer.heartbeat.interval.ms=1000',
    '',
  ].join('\n');
}

class ConnectRest {
  constructor(private readonly base: string) {}

  async ready(worker: JavaApp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!worker.running) throw new Error(`the Connect worker exited:\n${worker.tail()}`);
      const res = await fetch(`${this.base}/`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
      if (res?.ok) return;
      if (Date.now() > deadline) throw new Error(`Connect's REST API not up after ${timeoutMs} ms:\n${worker.tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** GET /connectors/<name>/offsets (KIP-875): what the worker stored for the connector. */
  async offsets(name: string): Promise<Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }>> {
    const res = await fetch(`${this.base}/connectors/${name}/offsets`, { signal: AbortSignal.timeout(30_000) });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET /connectors/${name}/offsets: ${res.status} ${body}`);
    return (
      JSON.parse(body) as { offsets: Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> }> }
    ).offsets;
  }

  /** Polls the stored offsets until `want` (deep-equal) or the time is up; returns the last seen. */
  async offsetsBecome(name: string, want: unknown, timeoutMs = 30_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = await this.offsets(name);
      if (isDeepStrictEqual(got, want) || Date.now() > deadline) return got;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** POST /connectors; 409 (a rebalance in progress) is retried as Connect's docs advise. */
  async createConnector(name: string, config: Record<string, string>, worker: JavaApp): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fetch(`${this.base}/connectors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, config }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      if (res.status === 201) return;
      if (res.status !== 409 || Date.now() > deadline) {
        throw new Error(`POST /connectors ${name}: ${res.status} ${body}\n${worker.tail()}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function sinkLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

async function waitForSink(path: string, count: number, worker: JavaApp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (new Set(sinkLines(path)).size < count) {
    if (!worker.running) throw new Error(`the Connect worker exited:\n${worker.tail()}`);
    if (Date.now() > deadline) {
      throw new Error(`the sink file has ${new Set(sinkLines(path)).size} of ${count} lines:\n${worker.tail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every record of the topic that a read_committed consumer sees, up to the end. */
/**
 * The topic's records as a read_committed consumer sees them. The sink (read_uncommitted, Connect's
 * default) may have written every line while the source's last transaction is still open, so this
 * first waits (bounded) for `expected` committed records, then drains up to the end offset so that
 * duplicates beyond them are seen too.
 */
async function committedRecords(
  samsa: SamsaUnderTest,
  expected: number,
): Promise<Array<{ offset: bigint; value: string }>> {
  const consumer = new Consumer({
    bootstrapServers: samsa.bootstrap,
    isolationLevel: 'read_committed',
    autoOffsetReset: 'earliest',
    allowAutoCreateTopics: false,
    logger: silentLogger,
  });
  try {
    const tp = { topic: TOPIC, partition: 0 };
    consumer.assign([tp]);
    const records: Array<{ offset: bigint; value: string }> = [];
    const committedBy = Date.now() + 60_000;
    while (records.length < expected && Date.now() < committedBy) {
      for (const r of await consumer.poll({ timeoutMs: 500 })) {
        records.push({ offset: r.offset, value: r.value?.toString('utf8') ?? '' });
      }
    }
    const [end] = await consumer.endOffsets([tp]);
    const deadline = Date.now() + 30_000;
    while ((await consumer.position(tp)) < (end?.offset ?? 0n) && Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 500 })) {
        records.push({ offset: r.offset, value: r.value?.toString('utf8') ?? '' });
      }
    }
    return records;
  } finally {
    await consumer.close();
  }
}

/**
 * At-least-once, in order: read in order, each sink line is either the next source line or a
 * repeat of one already written (a replay after the crash), and every source line appears.
 */
function assertAtLeastOnceInOrder(sink: string[], source: string[]): void {
  let next = 0;
  for (const [i, line] of sink.entries()) {
    if (line === source[next]) next++;
    else assert.ok(source.slice(0, next).includes(line), `sink line ${i} (${line}) is neither next nor a replay`);
  }
  assert.equal(next, source.length, `the sink holds the source's first ${next} lines of ${source.length}`);
}

function describeScenario(
  version: KafkaVersion,
  name: string,
  startSamsa: () => Promise<SamsaUnderTest>,
  skip: string | false,
): void {
  describe(`Kafka Connect ${version} distributed worker against ${name}`, { skip, timeout: 240_000 }, () => {
    let samsa: SamsaUnderTest | undefined;
    let dir: string;
    const workers: JavaApp[] = [];
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-connect-'));
      samsa = await startSamsa();
    });
    after(async () => {
      for (const w of workers) await w.stop('SIGKILL');
      await samsa?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('FileStream source and sink through REST; a SIGKILLed worker restarts from its stored offsets', async () => {
      const s = samsa as SamsaUnderTest;
      const admin = new Admin({ bootstrapServers: s.bootstrap, logger: silentLogger });
      await admin.createTopics([{ name: TOPIC, numPartitions: 1, replicationFactor: s.replicationFactor }]);
      await admin.close();
      const source = join(dir, 'source.txt');
      const sink = join(dir, 'sink.txt');
      const lines = Array.from({ length: TOTAL }, (_, i) => lineNo(i + 1));
      writeFileSync(source, `${lines.slice(0, FIRST).join('\n')}\n`);
      const restPort = await freePort();
      const properties = join(dir, 'worker.properties');
      writeFileSync(properties, workerProperties(s, restPort));
      const rest = new ConnectRest(`http://127.0.0.1:${restPort}`);
      const startWorker = () => {
        const w = JavaApp.start({
          version,
          mainClass: 'org.apache.kafka.connect.cli.ConnectDistributed',
          args: [properties],
        });
        workers.push(w);
        return w;
      };

      const first = startWorker();
      await rest.ready(first);
      await rest.createConnector(
        'file-source',
        {
          'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
          'tasks.max': '1',
          file: source,
          topic: TOPIC,
        },
        first,
      );
      await rest.createConnector(
        'file-sink',
        {
          'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
          'tasks.max': '1',
          file: sink,
          topics: TOPIC,
        },
        first,
      );
      await waitForSink(sink, FIRST, first);
      assert.deepEqual(sinkLines(sink), lines.slice(0, FIRST));

      // More lines arrive while the worker runs; it is killed once it has copied some of them,
      // and the rest arrive while it is down.
      const half = FIRST + (TOTAL - FIRST) / 2;
      for (let i = FIRST; i < half; i += 10) {
        appendFileSync(source, `${lines.slice(i, i + 10).join('\n')}\n`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await waitForSink(sink, FIRST + 10, first);
      await first.stop('SIGKILL');
      appendFileSync(source, `${lines.slice(half).join('\n')}\n`);

      const second = startWorker();
      await rest.ready(second);
      await waitForSink(sink, TOTAL, second);
      const records = await committedRecords(s, lines.length);
      assert.deepEqual(
        records.map((r) => r.value),
        lines,
        'the topic read_committed: each line once, in order',
      );
      assertAtLeastOnceInOrder(sinkLines(sink), lines);

      // What the worker stored, through its REST API: the source's position is the end of the
      // file (read from the offsets topic); the sink's is the offset after the last record it
      // wrote (its consumer group's committed offset, which Connect reads with the admin API).
      const sourceOffsets = [{ partition: { filename: source }, offset: { position: statSync(source).size } }];
      assert.deepEqual(await rest.offsetsBecome('file-source', sourceOffsets), sourceOffsets);
      const last = records[records.length - 1]?.offset ?? -1n;
      const sinkOffsets = [
        { partition: { kafka_topic: TOPIC, kafka_partition: 0 }, offset: { kafka_offset: Number(last + 1n) } },
      ];
      assert.deepEqual(await rest.offsetsBecome('file-sink', sinkOffsets), sinkOffsets);

      // The worker's internal topics: compacted (Connect checks that), replicated as asked.
      const rf = [s.replicationFactor];
      assert.deepEqual(await topicShapes(s.bootstrap, ['connect-configs', 'connect-offsets', 'connect-status']), {
        'connect-configs': { partitions: 1, replicas: rf, cleanupPolicy: 'compact' },
        'connect-offsets': { partitions: 5, replicas: rf, cleanupPolicy: 'compact' },
        'connect-status': { partitions: 3, replicas: rf, cleanupPolicy: 'compact' },
      });
    });
  });
}

const missing = referencesMissing();
describeScenario('4.1.2', 'one broker', () => startSingleBroker(), missing);
describeScenario('3.9.2', 'one broker', () => startSingleBroker(), missing);
describeScenario(
  '4.1.2',
  'three brokers on ZooKeeper (internal topics RF 3)',
  () => startThreeBrokerCluster(),
  missing || (zookeeperAvailable() ? false : 'ZooKeeper is not installed'),
);
