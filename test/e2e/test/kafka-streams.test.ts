/**
 * A Kafka Streams application (test/e2e/java/WordCountApp.java; Streams 4.1, and 3.9 against one
 * broker) against Samsa: word counts over all time and per one-minute window after a
 * repartition, exactly_once_v2, two instances of one application.id, one of them SIGKILLed while input flows. The outputs, read
 * read_committed, must hold exactly the counts of the input: the survivor takes the dead
 * instance's tasks over only once its open transaction is aborted, restores the stores from the
 * changelogs and resumes from the committed offsets, so nothing is lost or counted twice.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zookeeperAvailable } from '@samsa/broker/testing';
import { Admin, Consumer, Producer, silentLogger } from '@samsa/client';
import { compileJava, JavaApp, type KafkaVersion, referencesMissing } from '@samsa/test-kit';
import { topicShapes } from './support/internal-topics.js';
import { type SamsaUnderTest, startSingleBroker, startThreeBrokerCluster } from './support/samsa-cluster.js';

const SOURCE = join(import.meta.dirname, '..', '..', 'java', 'WordCountApp.java');
const VOCABULARY = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india'];
const LINES = 300;
const WINDOW_MS = 60_000;
const INPUT = 'text';
const COUNTS = 'word-counts';
const WINDOWED = 'windowed-word-counts';

interface Line {
  key: string;
  value: string;
  timestamp: number;
}

/** Lines a second apart (five one-minute windows), starting on a minute ten minutes ago. */
function inputLines(): Line[] {
  const base = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS - 10 * WINDOW_MS;
  return Array.from({ length: LINES }, (_, i) => {
    const words = Array.from({ length: 1 + (i % 5) }, (_, j) => VOCABULARY[(i * 7 + j * 4) % VOCABULARY.length]);
    // Upper case and punctuation: the application lower-cases and splits on non-word characters.
    return { key: `line-${i}`, value: `${words.join(i % 2 ? ', ' : ' ').toUpperCase()}.`, timestamp: base + i * 1000 };
  });
}

function expectedCounts(lines: Line[]): { counts: Map<string, bigint>; windowed: Map<string, bigint> } {
  const counts = new Map<string, bigint>();
  const windowed = new Map<string, bigint>();
  for (const line of lines) {
    for (const word of line.value.toLowerCase().split(/\W+/).filter(Boolean)) {
      counts.set(word, (counts.get(word) ?? 0n) + 1n);
      const key = `${word}@${Math.floor(line.timestamp / WINDOW_MS) * WINDOW_MS}`;
      windowed.set(key, (windowed.get(key) ?? 0n) + 1n);
    }
  }
  return { counts, windowed };
}

/** Reads both output topics read_committed from the start, keeping every value per key in order. */
class OutputReader {
  readonly values = new Map<string, Map<string, bigint[]>>([
    [COUNTS, new Map()],
    [WINDOWED, new Map()],
  ]);
  private readonly consumer: Consumer;

  constructor(bootstrap: string) {
    this.consumer = new Consumer({
      bootstrapServers: bootstrap,
      isolationLevel: 'read_committed',
      autoOffsetReset: 'earliest',
      allowAutoCreateTopics: false,
      logger: silentLogger,
    });
    this.consumer.assign(
      [COUNTS, WINDOWED].flatMap((topic) => [0, 1, 2, 3].map((partition) => ({ topic, partition }))),
    );
  }

  async poll(): Promise<void> {
    for (const r of await this.consumer.poll({ timeoutMs: 200 })) {
      const key = r.key?.toString('utf8') ?? '';
      const byKey = this.values.get(r.topic) as Map<string, bigint[]>;
      byKey.set(key, [...(byKey.get(key) ?? []), (r.value as Buffer).readBigInt64BE(0)]);
    }
  }

  latest(topic: string): Map<string, bigint> {
    const byKey = this.values.get(topic) as Map<string, bigint[]>;
    return new Map([...byKey].map(([k, vs]) => [k, vs[vs.length - 1] as bigint]));
  }

  /** Polls until `done` holds or the time is up (then the caller's assertion explains). */
  async pollUntil(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await this.poll();
  }

  close(): Promise<void> {
    return this.consumer.close();
  }
}

/** The partitions of the counts topic this instance writes (its tasks after the repartition). */
function countingPartitions(app: JavaApp): number[] {
  const lines = [...app.output.matchAll(/STATE RUNNING tasks=(\S*)/g)];
  const tasks = lines[lines.length - 1]?.[1]?.split(',') ?? [];
  return tasks.filter((t) => t.startsWith('1_')).map((t) => Number(t.slice(2)));
}

function sameCounts(got: Map<string, bigint>, want: Map<string, bigint>): boolean {
  return got.size === want.size && [...want].every(([k, v]) => got.get(k) === v);
}

function sorted(m: Map<string, bigint>): Array<[string, string]> {
  return [...m].map(([k, v]): [string, string] => [k, String(v)]).sort();
}

interface Run {
  version: KafkaVersion;
  samsa: SamsaUnderTest;
  classes: string;
  dir: string;
  apps: JavaApp[];
}

async function runWordCount({ version, samsa, classes, dir, apps }: Run): Promise<void> {
  const admin = new Admin({ bootstrapServers: samsa.bootstrap, logger: silentLogger });
  const producer = new Producer({ bootstrapServers: samsa.bootstrap, logger: silentLogger, acks: -1 });
  let reader: OutputReader | undefined;
  try {
    await admin.createTopics(
      [INPUT, COUNTS, WINDOWED].map((name) => ({
        name,
        numPartitions: 4,
        replicationFactor: samsa.replicationFactor,
      })),
    );
    // After the topics exist: the reader's metadata requests would auto-create them otherwise.
    const output = new OutputReader(samsa.bootstrap);
    reader = output;
    const start = (name: string) => {
      const app = JavaApp.start({
        version,
        mainClass: 'WordCountApp',
        classpath: [classes],
        args: [samsa.bootstrap, 'wordcount', join(dir, name), String(samsa.replicationFactor), INPUT, COUNTS, WINDOWED],
      });
      apps.push(app);
      return app;
    };
    const first = start('first');
    await first.waitForOutput(/STATE RUNNING/, 'the first instance running', { timeoutMs: 90_000 });
    const mark = first.mark;
    const second = start('second');
    await second.waitForOutput(/STATE RUNNING/, 'the second instance running', { timeoutMs: 90_000 });
    // The first rebalances when the second joins; both then own their share of the tasks.
    await first.waitForOutput(/STATE RUNNING/, 'the first instance running again', { since: mark });

    const lines = inputLines();
    const want = expectedCounts(lines);
    const send = (batch: Line[]) => producer.sendBatch(batch.map((l) => ({ topic: INPUT, ...l })));
    await send(lines.slice(0, LINES / 2));
    await output.pollUntil(() => output.latest(COUNTS).size > 0, 60_000);
    assert.ok(output.latest(COUNTS).size > 0, `no committed output from the first half:\n${first.tail()}`);

    // The instance to kill is one counting words: task 1_x (after the repartition) writes the
    // counts of partition x. It dies while a transaction of its holds counts not yet committed
    // (the partition's last stable offset behind its high watermark) and input still flows.
    const [doomed, survivor] = countingPartitions(first).length > 0 ? [first, second] : [second, first];
    const watched = countingPartitions(doomed).map((partition) => ({
      topic: COUNTS,
      partition,
      spec: 'latest' as const,
    }));
    assert.ok(watched.length > 0, `neither instance counts words:\n${first.tail()}\n${second.tail()}`);
    const rest = lines.slice(LINES / 2);
    let killedInTransaction = false;
    for (let i = 0; i < rest.length; i += 5) {
      await send(rest.slice(i, i + 5));
      if (!killedInTransaction) {
        const [hw, lso] = await Promise.all([
          admin.listOffsets(watched),
          admin.listOffsets(watched, { isolationLevel: 'read_committed' }),
        ]);
        if (lso.some((o, j) => o.offset < (hw[j]?.offset ?? 0n))) {
          await doomed.stop('SIGKILL');
          killedInTransaction = true;
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(killedInTransaction, `no open transaction of the instance to kill was seen:\n${doomed.tail()}`);
    await output.pollUntil(
      () => sameCounts(output.latest(COUNTS), want.counts) && sameCounts(output.latest(WINDOWED), want.windowed),
      90_000,
    );
    const explain = `\nsurvivor's output:\n${survivor.tail()}`;
    assert.deepEqual(sorted(output.latest(COUNTS)), sorted(want.counts), `final counts per word${explain}`);
    assert.deepEqual(sorted(output.latest(WINDOWED)), sorted(want.windowed), `final counts per window${explain}`);
    // Exactly once: with no record cache every count is written as it changes, so the committed
    // updates of a key are 1, 2, 3, ... without a gap or a repeat. A replay of input already
    // counted (at-least-once) would repeat a count or go back; the aborted transaction's updates
    // must not be visible read_committed.
    for (const topic of [COUNTS, WINDOWED]) {
      for (const [key, values] of output.values.get(topic) as Map<string, bigint[]>) {
        assert.deepEqual(
          values,
          Array.from({ length: values.length }, (_, i) => BigInt(i + 1)),
          `${topic} ${key}`,
        );
      }
    }
    assert.ok(survivor.running, `the survivor stopped:\n${survivor.tail()}`);

    // The internal topics Streams created, with the replication factor it asked for and the
    // cleanup policies it validates on every rebalance.
    const rf = [samsa.replicationFactor];
    assert.deepEqual(
      await topicShapes(samsa.bootstrap, [
        'wordcount-by-word-repartition',
        'wordcount-word-counts-changelog',
        'wordcount-windowed-word-counts-changelog',
      ]),
      {
        'wordcount-by-word-repartition': { partitions: 4, replicas: rf, cleanupPolicy: 'delete' },
        'wordcount-word-counts-changelog': { partitions: 4, replicas: rf, cleanupPolicy: 'compact' },
        'wordcount-windowed-word-counts-changelog': { partitions: 4, replicas: rf, cleanupPolicy: 'compact,delete' },
      },
    );
  } finally {
    await reader?.close();
    await producer.close();
    await admin.close();
  }
}

function describeScenario(
  version: KafkaVersion,
  name: string,
  startSamsa: () => Promise<SamsaUnderTest>,
  skip: string | false,
): void {
  describe(`Kafka Streams ${version} exactly_once_v2 word count against ${name}`, { skip, timeout: 240_000 }, () => {
    let samsa: SamsaUnderTest | undefined;
    let dir: string;
    let classes: string;
    const apps: JavaApp[] = [];
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-streams-'));
      classes = compileJava(version, [SOURCE]);
      samsa = await startSamsa();
    });
    after(async () => {
      for (const app of apps) await app.stop('SIGKILL');
      await samsa?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('two instances, one killed mid-way: counts per word and per window are exact', async () => {
      await runWordCount({ version, samsa: samsa as SamsaUnderTest, classes, dir, apps });
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
