import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CompressionType, decodeRecordBatches, encodeRecordBatch, validateBatch } from '@samsa/protocol';
import { type LogConfig, LogManager, type PartitionLog } from '../src/index.js';
import { config, fsTest, keyed, T0, type TestDir } from './helpers.js';

const COMPACT = {
  'cleanup.policy': 'compact',
  'segment.bytes': '600',
  'min.cleanable.dirty.ratio': '0.01',
  'delete.retention.ms': '1000',
  'file.delete.delay.ms': '0',
};

function manager(d: TestDir, cfg: LogConfig = config(COMPACT), sliceMs = 10): LogManager {
  return LogManager.open({ logDirs: [d.dir], defaultConfig: cfg, now: () => T0, cleaner: { sliceMs }, fs: d.fs });
}

/** All records as [offset, key, value], read straight through the log. */
function contents(log: PartitionLog): Array<[number, string, string | null]> {
  const out: Array<[number, string, string | null]> = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records } = log.read({
      startOffset: offset,
      maxBytes: 1 << 20,
      limit: log.logEndOffset,
      minOneBatch: true,
    });
    if (records.length === 0) break;
    for (let pos = 0; pos < records.length; ) pos = validateBatch(records, pos);
    for (const b of decodeRecordBatches(records)) {
      for (const r of b.records) {
        if (Number(r.offset) >= offset)
          out.push([Number(r.offset), r.key?.toString() ?? '', r.value?.toString() ?? null]);
      }
      offset = Number(b.baseOffset) + b.lastOffsetDelta + 1;
    }
  }
  return out;
}

function writeRounds(log: PartitionLog, rounds: number, keys: number): Map<string, [number, string]> {
  const latest = new Map<string, [number, string]>();
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < keys; k += 2) {
      const pairs: Array<[string, string]> = [
        [`k${k}`, `r${round}`],
        [`k${k + 1}`, `r${round}`],
      ];
      const info = log.appendAsLeader(keyed(pairs, T0 + round), 0, T0 + round);
      latest.set(`k${k}`, [info.firstOffset, `r${round}`]);
      latest.set(`k${k + 1}`, [info.firstOffset + 1, `r${round}`]);
    }
  }
  return latest;
}

fsTest('compaction keeps the latest value per key, preserves offsets and keeps reads working', async (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const m = manager(d);
  const log = m.getOrCreateLog('compacted', 0);
  const latest = writeRounds(log, 10, 10);
  log.roll(); // everything written is now in inactive segments
  log.highWatermark = log.logEndOffset;
  const sizeBefore = log.size;
  const end = log.logEndOffset;

  const result = await m.cleaner.cleanOnce(T0);
  assert.ok(result, 'the log is dirty enough to clean');
  assert.equal(result.cleanedUpTo, end);
  assert.ok(log.size < sizeBefore / 3, `size ${log.size} of ${sizeBefore}`);
  assert.equal(log.logEndOffset, end);
  const expected = [...latest.entries()]
    .map(([k, [o, v]]) => [o, k, v] as [number, string, string])
    .sort((a, b) => a[0] - b[0]);
  assert.deepEqual(contents(log), expected);
  // Any offset still reads: a removed offset reads from the next batch that exists.
  for (let offset = 0; offset < end; offset += 7) {
    const { records } = log.read({ startOffset: offset, maxBytes: 1 << 20, limit: end, minOneBatch: true });
    assert.ok(records.length > 0);
  }
  const files = d.fs.readdirSync(log.dir);
  assert.ok(!files.some((f) => f.endsWith('.cleaned') || f.endsWith('.swap')));
  assert.match(
    d.fs.readFileSync(join(dir, 'cleaner-offset-checkpoint')).toString('utf8'),
    new RegExp(`compacted 0 ${end}`),
  );
  // Nothing left to do until more data arrives.
  assert.equal(await m.cleaner.cleanOnce(T0), null);

  // New data is cleaned against the old: only the newest values survive.
  const newer = writeRounds(log, 2, 10);
  log.roll();
  log.highWatermark = log.logEndOffset;
  assert.ok(await m.cleaner.cleanOnce(T0));
  assert.deepEqual(
    contents(log)
      .map(([o, k, v]) => [k, o, v])
      .sort(),
    [...newer.entries()].map(([k, [o, v]]) => [k, o, v]).sort(),
  );
  m.close();

  // The cleaned log reloads as it was.
  const again = manager(d);
  assert.deepEqual(
    contents(again.getLog('compacted', 0) as PartitionLog)
      .map(([, k, v]) => [k, v])
      .sort(),
    [...newer.entries()].map(([k, [, v]]) => [k, v]).sort(),
  );
  again.close();
});

fsTest('tombstones are kept for delete.retention.ms after the first cleaning, then dropped', async (_t, fresh) => {
  const d = fresh();
  const m = manager(d);
  const log = m.getOrCreateLog('t', 0);
  log.appendAsLeader(
    keyed([
      ['a', '1'],
      ['b', '1'],
    ]),
    0,
    T0,
  );
  log.appendAsLeader(keyed([['a', null]]), 0, T0);
  for (let i = 0; i < 10; i++) log.appendAsLeader(keyed([[`c${i}`, 'x']]), 0, T0);
  log.roll();
  log.highWatermark = log.logEndOffset;

  assert.ok(await m.cleaner.cleanOnce(T0 + 10));
  let rows = contents(log);
  assert.deepEqual(
    rows.find(([, k]) => k === 'a'),
    [2, 'a', null],
    'the tombstone stays, the old value goes',
  );
  assert.ok(rows.some(([, k]) => k === 'b'));

  // Before the horizon nothing changes; after it the tombstone goes.
  assert.equal(await m.cleaner.cleanOnce(T0 + 500), null);
  assert.ok(await m.cleaner.cleanOnce(T0 + 10 + 1000 + 1));
  rows = contents(log);
  assert.equal(
    rows.find(([, k]) => k === 'a'),
    undefined,
  );
  assert.equal(rows.length, 11);
  m.close();
});

fsTest('compressed batches are re-encoded with their codec; untouched batches are copied as is', async (_t, fresh) => {
  const d = fresh();
  const m = manager(d);
  const log = m.getOrCreateLog('z', 0);
  const make = (v: string) =>
    encodeRecordBatch({
      compression: CompressionType.Gzip,
      records: ['a', 'b', 'c'].map((k, i) => ({
        key: Buffer.from(k),
        value: Buffer.from(`${k}${v}`),
        timestamp: T0 + i,
      })),
    });
  log.appendAsLeader(make('1'), 0, T0);
  log.appendAsLeader(keyed([['b', 'latest']]), 0, T0);
  log.roll();
  log.highWatermark = log.logEndOffset;
  const result = await m.cleaner.cleanOnce(T0);
  assert.equal(result?.batchesRewritten, 1);
  const { records } = log.read({ startOffset: 0, maxBytes: 1 << 20, limit: log.logEndOffset, minOneBatch: true });
  const [first, second] = decodeRecordBatches(records);
  assert.equal(first?.compression, CompressionType.Gzip);
  assert.deepEqual(
    first?.records.map((r) => [Number(r.offset), r.key?.toString()]),
    [
      [0, 'a'],
      [2, 'c'],
    ],
  );
  assert.equal(first?.lastOffsetDelta, 2);
  assert.equal(second?.records[0]?.value?.toString(), 'latest');
  m.close();
});

fsTest('min.compaction.lag.ms keeps young segments out of cleaning', async (_t, fresh) => {
  const d = fresh();
  const m = manager(d, config({ ...COMPACT, 'min.compaction.lag.ms': '60000' }));
  const log = m.getOrCreateLog('lag', 0);
  writeRounds(log, 5, 10);
  log.roll();
  log.highWatermark = log.logEndOffset;
  assert.equal(await m.cleaner.cleanOnce(T0 + 1000), null);
  assert.ok(await m.cleaner.cleanOnce(T0 + 120_000));
  m.close();
});

fsTest('cleaning runs in slices and abandons its work when the log changes', async (_t, fresh) => {
  const d = fresh();
  const m = manager(d, config(COMPACT), 0);
  const log = m.getOrCreateLog('busy', 0);
  writeRounds(log, 10, 10);
  log.roll();
  log.highWatermark = log.logEndOffset;
  const before = log.numberOfSegments;
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);
  const pending = m.cleaner.cleanOnce(T0);
  await new Promise((r) => setImmediate(r));
  assert.ok(m.cleaner.cleaning === log);
  log.deleteRecordsBefore(5); // removes no segment but moves the start...
  log.deleteRecordsBefore(log.localLog.segments.all()[1]?.baseOffset ?? 0); // ...this one removes one
  const result = await pending;
  clearInterval(ticker);
  assert.equal(result, null);
  assert.ok(turns > 0, 'other work ran while cleaning');
  assert.ok(!d.fs.readdirSync(log.dir).some((f) => f.endsWith('.cleaned') || f.endsWith('.swap')));
  assert.equal(log.numberOfSegments, before - 1);
  m.close();
});

fsTest('an interrupted swap is completed on load', (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const m = manager(d);
  const log = m.getOrCreateLog('swap', 0);
  log.appendAsLeader(keyed([['a', '1']]), 0, T0);
  log.appendAsLeader(keyed([['a', '2']]), 0, T0);
  log.roll();
  log.appendAsLeader(keyed([['b', '1']]), 0, T0);
  m.close();
  const pdir = join(dir, 'swap-0');
  // A cleaned copy of segment 0 holding only its second batch, left as .swap by a crash.
  const seg0 = d.fs.readFileSync(join(pdir, '00000000000000000000.log'));
  const firstSize = 12 + seg0.readInt32BE(8);
  d.fs.writeFileSync(join(pdir, '00000000000000000000.log.swap'), seg0.subarray(firstSize));
  d.fs.rmSync(join(dir, '.kafka_cleanshutdown'));

  const again = manager(d);
  const reloaded = again.getLog('swap', 0) as PartitionLog;
  assert.deepEqual(contents(reloaded), [
    [1, 'a', '2'],
    [2, 'b', '1'],
  ]);
  assert.ok(!d.fs.readdirSync(pdir).some((f) => f.endsWith('.swap')));
  again.close();
});
