/**
 * Restoration against an in-process Samsa broker, with the DSL's default persistent (LMDB) store
 * and the restore listener counting what is replayed:
 * - a clean close writes `.checkpoint` files; a restart whose checkpoint is older than the store
 *   restores exactly the changelog records after it (the tail), not the whole changelog;
 * - with the state directory deleted (`cleanUp()`), a restart restores every changelog partition from offset 0;
 * - a checkpoint past the changelog's end wipes the task and restores it in full;
 * - counts are right after each restart;
 * - a second instance on a state directory in use fails to start with STATE_DIR_LOCKED.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { KafkaStreams, type KeyValueStore, Serdes, StreamsBuilder, StreamsError } from '../src/index.js';
import { decodeCheckpoint } from '../src/runtime/checkpoint-file.js';

const str = Serdes.String();
const APP = 'restore-app';
const CHANGELOG = `${APP}-counts-changelog`;

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function topology() {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('restore-in', { keySerde: str, valueSerde: str })
    .groupBy((_k, v) => v, { keySerde: str, valueSerde: str })
    .count({ storeName: 'counts' });
  return builder.build();
}

describe('restoration with checkpoints and a locked state directory', () => {
  let broker: TestBroker;
  let admin: Admin;
  let producer: Producer;
  const stateDir = mkdtempSync(join(tmpdir(), 'samsa-streams-restore-'));
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0, 'num.partitions': 1 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 1 });
    await admin.createTopics([{ name: 'restore-in', numPartitions: 1 }]);
  });
  after(async () => {
    await producer.close();
    await admin.close();
    await broker.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const expected = new Map<string, number>();
  async function send(n: number): Promise<void> {
    const records = Array.from({ length: n }, (_, i) => ({ topic: 'restore-in', key: `k${i}`, value: `g${i % 5}` }));
    await producer.sendBatch(records);
    for (const r of records) expected.set(r.value, (expected.get(r.value) ?? 0) + 1);
  }

  /** Starts an instance, records what it restores, waits until its store holds the expected counts. */
  async function run(): Promise<{
    streams: KafkaStreams;
    restored: Array<{ start: bigint; end: bigint; total: number }>;
  }> {
    const streams = new KafkaStreams(topology(), {
      applicationId: APP,
      bootstrapServers: broker.bootstrap,
      stateDir,
      commitIntervalMs: 100,
      logger: silentLogger,
    });
    const restored: Array<{ start: bigint; end: bigint; total: number }> = [];
    let open: { start: bigint; end: bigint } | null = null;
    streams.setGlobalStateRestoreListener({
      onRestoreStart: (_tp, _store, start, end) => {
        open = { start, end };
      },
      onBatchRestored: () => {},
      onRestoreEnd: (_tp, _store, total) => {
        if (open) restored.push({ ...open, total });
      },
    });
    await streams.start();
    const counted = () => {
      const store = streams.store<KeyValueStore<string, number>>('counts', 0);
      return !!store && [...expected].every(([g, n]) => store.get(g) === n);
    };
    await until('counts in the store', counted);
    return { streams, restored };
  }

  const changelogEnd = async () =>
    (await admin.listOffsets([{ topic: CHANGELOG, partition: 0, spec: 'latest' }]))[0]?.offset as bigint;

  it('restores only the changelog tail after a checkpoint, and everything without the state directory', async () => {
    const checkpointFile = join(stateDir, APP, '1_0', '.checkpoint');
    await send(50);
    const first = await run();
    assert.deepEqual(first.restored, [], 'nothing to restore on the first start');
    // Under at_least_once a checkpoint is written after each commit.
    await until('a checkpoint', () => existsSync(checkpointFile));
    await until('checkpoint covers the changelog', () => {
      const at = decodeCheckpoint(readFileSync(checkpointFile, 'utf8')).get(`${CHANGELOG}:0`);
      return at !== undefined && at >= 49n;
    });
    const older = readFileSync(checkpointFile, 'utf8');
    const olderAt = decodeCheckpoint(older).get(`${CHANGELOG}:0`) as bigint;
    await send(30);
    await until(
      'second batch counted',
      () => first.streams.store<KeyValueStore<string, number>>('counts', 0)?.get('g0') === expected.get('g0'),
    );
    await first.streams.close();
    const end = await changelogEnd();
    assert.equal(
      decodeCheckpoint(readFileSync(checkpointFile, 'utf8')).get(`${CHANGELOG}:0`),
      end - 1n,
      'clean close checkpoints the end',
    );

    // A restart from the older checkpoint replays exactly the records after it.
    writeFileSync(checkpointFile, older);
    await send(10);
    const second = await run();
    assert.deepEqual(second.restored, [{ start: olderAt + 1n, end, total: Number(end - olderAt - 1n) }]);
    assert.ok(Number(end - olderAt - 1n) < Number(end), 'a tail, not the whole changelog');

    // A second instance on the same state directory is refused while this one runs.
    const intruder = new KafkaStreams(topology(), { applicationId: APP, bootstrapServers: broker.bootstrap, stateDir });
    await assert.rejects(
      intruder.start(),
      (e: unknown) =>
        e instanceof StreamsError && e.code === 'STATE_DIR_LOCKED' && e.message.includes(join(stateDir, APP)),
    );
    assert.equal(intruder.state(), 'CREATED');
    assert.throws(
      () => intruder.cleanUp(),
      (e: unknown) => e instanceof StreamsError && e.code === 'STATE_DIR_LOCKED',
    );
    assert.throws(
      () => second.streams.cleanUp(),
      (e: unknown) => e instanceof StreamsError && e.code === 'ILLEGAL_STATE',
    );
    await second.streams.close();

    // Without the state directory (Kafka's cleanUp()): the whole changelog again, from offset 0.
    const cleaner = new KafkaStreams(topology(), { applicationId: APP, bootstrapServers: broker.bootstrap, stateDir });
    cleaner.cleanUp();
    assert.ok(!existsSync(join(stateDir, APP)));
    const fullEnd = await changelogEnd();
    await send(5);
    const third = await run();
    assert.equal(third.restored.length, 1);
    assert.equal(third.restored[0]?.start, 0n);
    assert.equal(third.restored[0]?.end, fullEnd);
    await third.streams.close();

    // A checkpoint past the changelog's end (the store claims records the topic lacks): the task is
    // wiped and restored in full.
    writeFileSync(checkpointFile, `0\n1\n${CHANGELOG} 0 1000000\n`);
    const fourth = await run();
    assert.equal(fourth.restored.length, 1);
    assert.equal(fourth.restored[0]?.start, 0n);
    await fourth.streams.close();
  });
});
