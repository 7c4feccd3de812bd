import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CompressionType, validateBatch } from '@samsa/protocol';
import { StorageError } from '../src/index.js';
import { batch, config, decode, fsTest, readAll, T0 } from './helpers.js';

fsTest('append assigns consecutive offsets and reads return the same batches', (_t, fresh) => {
  const d = fresh();
  const log = d.open();
  const a = log.appendAsLeader(batch({ count: 3 }), 5, T0);
  const b = log.appendAsLeader(batch({ count: 2 }), 5, T0);
  assert.deepEqual([a.firstOffset, a.lastOffset, b.firstOffset, b.lastOffset], [0, 2, 3, 4]);
  assert.equal(a.recordCount, 3);
  assert.equal(a.logAppendTime, -1);
  assert.equal(log.logEndOffset, 5);
  const { records, firstOffset } = log.read({
    startOffset: 0,
    maxBytes: 1 << 20,
    limit: log.logEndOffset,
    minOneBatch: false,
  });
  assert.equal(firstOffset, 0);
  const batches = decode(records);
  assert.equal(batches.length, 2);
  assert.equal(batches[1]?.baseOffset, 3n);
  assert.equal(batches[1]?.partitionLeaderEpoch, 5);
  assert.equal(batches[0]?.records[2]?.value?.toString(), 'v2');
  log.close();
});

fsTest('the partition directory and segment files follow Kafka naming', (_t, fresh) => {
  const d = fresh();
  const log = d.open();
  log.appendAsLeader(batch(), 0, T0);
  assert.equal(log.dir, join(d.dir, 'topic-0'));
  const files = d.fs.readdirSync(log.dir).sort();
  assert.ok(files.includes('00000000000000000000.log'));
  assert.ok(files.includes('00000000000000000000.index'));
  assert.ok(files.includes('00000000000000000000.timeindex'));
  assert.ok(files.includes('leader-epoch-checkpoint'));
  assert.equal(d.fs.readFileSync(join(log.dir, 'leader-epoch-checkpoint')).toString('utf8'), '0\n1\n0 0\n');
  log.close();
});

fsTest('round trip across many segment rolls with small segment.bytes', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'segment.bytes': '1000', 'index.interval.bytes': '100' }));
  const expected: Array<[number, string | null]> = [];
  for (let i = 0; i < 300; i++) {
    const n = 1 + (i % 4);
    const info = log.appendAsLeader(batch({ count: n, timestamp: T0 + i }), 1, T0 + i);
    for (let j = 0; j < n; j++) expected.push([info.firstOffset + j, `v${j}`]);
  }
  assert.ok(log.numberOfSegments > 20, `expected many segments, got ${log.numberOfSegments}`);
  assert.deepEqual(readAll(log, 300), expected);
  // Every segment file is named after its first offset.
  for (const name of d.fs.readdirSync(log.dir).filter((f) => f.endsWith('.log'))) {
    const base = Number(name.slice(0, 20));
    const { records } = log.read({ startOffset: base, maxBytes: 100, limit: log.logEndOffset, minOneBatch: true });
    assert.equal(decode(records)[0]?.baseOffset, BigInt(base));
  }
  log.close();
});

fsTest('reading from an offset inside a batch returns the containing batch', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'index.interval.bytes': '0' }));
  for (let i = 0; i < 50; i++) log.appendAsLeader(batch({ count: 10 }), 0, T0);
  for (const offset of [0, 5, 9, 10, 137, 499]) {
    const { records, firstOffset } = log.read({
      startOffset: offset,
      maxBytes: 1,
      limit: log.logEndOffset,
      minOneBatch: true,
    });
    const [first] = decode(records);
    assert.equal(firstOffset, Math.floor(offset / 10) * 10);
    assert.equal(Number(first?.baseOffset), firstOffset);
  }
  log.close();
});

fsTest('reads honour maxBytes with whole batches, minOneBatch and the high watermark', (_t, fresh) => {
  const d = fresh();
  const log = d.open();
  const one = batch({ count: 5 });
  for (let i = 0; i < 10; i++) log.appendAsLeader(Buffer.from(one), 0, T0);
  const size = one.length;
  assert.equal(
    log.read({ startOffset: 0, maxBytes: size * 3 + 10, limit: 50, minOneBatch: false }).records.length,
    size * 3,
  );
  assert.equal(log.read({ startOffset: 0, maxBytes: size - 1, limit: 50, minOneBatch: false }).records.length, 0);
  assert.equal(log.read({ startOffset: 0, maxBytes: size - 1, limit: 50, minOneBatch: true }).records.length, size);
  // High watermark at 20: batches 0-4, 5-9, 10-14, 15-19 only.
  const upToHw = log.read({ startOffset: 0, maxBytes: 1 << 20, limit: 20, minOneBatch: false });
  assert.equal(upToHw.records.length, size * 4);
  assert.equal(log.read({ startOffset: 20, maxBytes: 1 << 20, limit: 20, minOneBatch: true }).records.length, 0);
  // A high watermark inside a batch excludes that batch.
  assert.equal(log.read({ startOffset: 0, maxBytes: 1 << 20, limit: 22, minOneBatch: false }).records.length, size * 4);
  log.close();
});

fsTest('out of range offsets throw OFFSET_OUT_OF_RANGE; the log end reads empty', (_t, fresh) => {
  const d = fresh();
  const log = d.open();
  log.appendAsLeader(batch({ count: 2 }), 0, T0);
  assert.equal(log.read({ startOffset: 2, maxBytes: 100, limit: 2, minOneBatch: true }).records.length, 0);
  assert.throws(
    () => log.read({ startOffset: 3, maxBytes: 100, limit: 3, minOneBatch: true }),
    (e: unknown) => e instanceof StorageError && e.code === 'OFFSET_OUT_OF_RANGE',
  );
  assert.throws(
    () => log.read({ startOffset: -1, maxBytes: 100, limit: 3, minOneBatch: true }),
    (e: unknown) => e instanceof StorageError && e.code === 'OFFSET_OUT_OF_RANGE',
  );
  log.close();
});

fsTest('LogAppendTime sets the timestamp type and maxTimestamp and keeps the CRC valid', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'message.timestamp.type': 'LogAppendTime' }));
  const now = T0 + 12345;
  const info = log.appendAsLeader(batch({ count: 3, timestamp: T0 - 1000 }), 0, now);
  assert.equal(info.logAppendTime, now);
  assert.equal(info.maxTimestamp, now);
  const { records } = log.read({ startOffset: 0, maxBytes: 1 << 20, limit: log.logEndOffset, minOneBatch: true });
  assert.doesNotThrow(() => validateBatch(records, 0));
  const [b] = decode(records);
  assert.equal(b?.timestampType, 1);
  assert.equal(b?.maxTimestamp, now);
  assert.ok(b?.records.every((r) => r.timestamp === now));
  log.close();
});

fsTest('compressed batches are stored as given', (_t, fresh) => {
  const d = fresh();
  const log = d.open();
  const input = batch({ count: 20, compression: CompressionType.Gzip });
  const copy = Buffer.from(input);
  log.appendAsLeader(input, 0, T0);
  const { records } = log.read({ startOffset: 0, maxBytes: 1 << 20, limit: log.logEndOffset, minOneBatch: true });
  // Only baseOffset (0 here) and partitionLeaderEpoch (0 vs -1) may differ.
  assert.deepEqual(records.subarray(17), copy.subarray(17));
  assert.equal(decode(records)[0]?.records.length, 20);
  log.close();
});
