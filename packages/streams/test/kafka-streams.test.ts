/**
 * KafkaStreams against an in-process Samsa broker: word count over a 2-partition input. Internal
 * topics are created with Kafka's names, partition counts and configs; every word's counts come
 * out exactly 1..n in order (nothing lost, nothing twice); a second instance joining the group
 * takes over tasks, restores their counts from the changelog, and counting continues without
 * losing any — under at_least_once and exactly_once_v2 (output read read_committed). Start
 * failures and a record that does not deserialize end in state ERROR.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Consumer, type ConsumerRecord, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { KafkaStreams, type KafkaStreamsState, Serdes, StreamsBuilder, StreamsError } from '../src/index.js';

const str = Serdes.String();
const long = Serdes.Long();

function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function wordCount(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(input, { keySerde: str, valueSerde: str })
    .flatMapValues((line) => line.split(' '))
    .groupBy((_k, word) => word, { keySerde: str, valueSerde: str })
    .count({ storeName: 'counts' })
    .toStream()
    .to(output, { keySerde: str, valueSerde: long });
  return builder.build();
}

describe('KafkaStreams', () => {
  let broker: TestBroker;
  let admin: Admin;
  let producer: Producer;
  const stateRoot = mkdtempSync(join(tmpdir(), 'samsa-streams-'));
  let dirs = 0;
  const stateDir = () => join(stateRoot, String(dirs++));
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0, 'num.partitions': 1 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 1 });
  });
  after(async () => {
    await producer.close();
    await admin.close();
    await broker.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  });

  for (const guarantee of ['at_least_once', 'exactly_once_v2'] as const) {
    it(`${guarantee}: counts words over 2 partitions exactly, and keeps every count when a second instance joins`, async () => {
      const appId = `wordcount-${guarantee}`;
      const [linesTopic, countsOut] = [`lines-${guarantee}`, `counts-out-${guarantee}`];
      await admin.createTopics([
        { name: linesTopic, numPartitions: 2 },
        { name: countsOut, numPartitions: 2 },
      ]);
      const options = {
        applicationId: appId,
        bootstrapServers: broker.bootstrap,
        commitIntervalMs: 100,
        processingGuarantee: guarantee,
      };
      const states: KafkaStreamsState[] = [];
      const first = new KafkaStreams(wordCount(linesTopic, countsOut), { ...options, stateDir: stateDir() });
      first.setStateListener((next) => states.push(next));
      const second = new KafkaStreams(wordCount(linesTopic, countsOut), { ...options, stateDir: stateDir() });
      const out = new Consumer<string, number>({
        bootstrapServers: broker.bootstrap,
        logger: silentLogger,
        autoOffsetReset: 'earliest',
        isolationLevel: 'read_committed',
        keyDeserializer: (b, t) => str.deserialize(t, b),
        valueDeserializer: (b, t) => long.deserialize(t, b),
      });
      const seen = new Map<string, number[]>();
      let reading = true;
      out.assign([
        { topic: countsOut, partition: 0 },
        { topic: countsOut, partition: 1 },
      ]);
      const reader = (async () => {
        while (reading) {
          for (const r of (await out.poll({ timeoutMs: 100 })) as ConsumerRecord<string, number>[]) {
            seen.set(r.key, [...(seen.get(r.key) ?? []), r.value]);
          }
        }
      })();
      const expected = new Map<string, number>();
      const send = async (lines: string[]) => {
        await producer.sendBatch(
          lines.map((line, i) => ({
            topic: linesTopic,
            partition: i % 2,
            key: Buffer.from(`k${i}`),
            value: Buffer.from(line),
          })),
        );
        for (const w of lines.flatMap((l) => l.split(' '))) expected.set(w, (expected.get(w) ?? 0) + 1);
      };
      const complete = () => [...expected].every(([w, n]) => (seen.get(w) ?? []).length >= n);
      try {
        await within(30_000, first.start(), 'first instance start');
        await send(['a b c', 'b c d', 'c d e', 'a a a', 'e d c b a', 'f']);
        await until('first batch counted', complete);
        assert.deepEqual(states.slice(0, 2), ['REBALANCING', 'RUNNING']);
        const topics = await admin.listTopics();
        assert.ok(topics.includes(`${appId}-counts-repartition`), topics.join());
        assert.ok(topics.includes(`${appId}-counts-changelog`), topics.join());
        const [repartition, changelog] = await admin.describeTopics([
          `${appId}-counts-repartition`,
          `${appId}-counts-changelog`,
        ]);
        assert.equal(repartition.partitions.length, 2);
        assert.equal(changelog.partitions.length, 2);
        const configs = await admin.describeConfigs([
          { type: 'topic', name: `${appId}-counts-changelog`, keys: ['cleanup.policy'] },
          { type: 'topic', name: `${appId}-counts-repartition`, keys: ['cleanup.policy', 'retention.ms'] },
        ]);
        const text = (i: number, key: string) => configs[i]?.configs.find((c) => c.name === key)?.value;
        assert.equal(text(0, 'cleanup.policy'), 'compact');
        assert.equal(text(1, 'cleanup.policy'), 'delete');
        assert.equal(text(1, 'retention.ms'), '-1');

        await within(30_000, second.start(), 'second instance start');
        await until(
          'both instances running with tasks',
          () => second.state() === 'RUNNING' && first.state() === 'RUNNING',
          60_000,
        );
        await send(['a b', 'c d', 'e f', 'a a', 'g h', 'b b']);
        await until('second batch counted', complete, 60_000);
        await send(['a', 'h', 'g', 'f']);
        await until('third batch counted', complete, 60_000);
        // Every word's updates are exactly 1, 2, ..., n: nothing lost over the rebalance, nothing counted twice.
        for (const [word, n] of expected) {
          assert.deepEqual(
            seen.get(word),
            Array.from({ length: n }, (_, i) => i + 1),
            `counts of ${word}`,
          );
        }
        // Both instances own tasks of the counting sub-topology after the scale-out.
        const owners = [0, 1].map((p) =>
          first.store('counts', p) ? 'first' : second.store('counts', p) ? 'second' : 'none',
        );
        assert.deepEqual(new Set(owners), new Set(['first', 'second']));
      } finally {
        reading = false;
        await reader;
        await out.close();
        await Promise.all([first.close(), second.close()]);
      }
      assert.equal(first.state(), 'NOT_RUNNING');
    });
  }

  it('fails start with a TOPOLOGY error naming a missing source topic, and ends in ERROR', async () => {
    const streams = new KafkaStreams(wordCount('no-such-topic', 'out'), {
      applicationId: 'missing-app',
      bootstrapServers: broker.bootstrap,
      stateDir: stateDir(),
    });
    await assert.rejects(
      within(30_000, streams.start(), 'start'),
      (e: unknown) => e instanceof StreamsError && e.code === 'TOPOLOGY' && /no-such-topic/.test(e.message),
    );
    assert.equal(streams.state(), 'ERROR');
    assert.ok(!(await admin.listTopics()).includes('missing-app-counts-changelog'));
  });

  it('stops with state ERROR and hands the error to the handler when a record does not deserialize', async () => {
    await admin.createTopics([{ name: 'numbers', numPartitions: 1 }]);
    const builder = new StreamsBuilder();
    builder
      .stream<string, number>('numbers', { keySerde: str, valueSerde: long })
      .mapValues((n) => n * 2)
      .to('doubled', { keySerde: str, valueSerde: long });
    const streams = new KafkaStreams(builder.build(), {
      applicationId: 'bad-input-app',
      bootstrapServers: broker.bootstrap,
      stateDir: stateDir(),
      commitIntervalMs: 100,
    });
    const errors: Error[] = [];
    streams.setUncaughtExceptionHandler((err) => errors.push(err));
    await within(30_000, streams.start(), 'start');
    await producer.send({ topic: 'numbers', key: Buffer.from('k'), value: Buffer.from('not eight bytes') });
    await until('state ERROR', () => streams.state() === 'ERROR');
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof StreamsError && errors[0].code === 'SERIALIZATION', String(errors[0]));
    assert.match(errors[0].message, /numbers-0 at offset 0/);
    await streams.close();
    assert.equal(streams.state(), 'ERROR');
  });
});
