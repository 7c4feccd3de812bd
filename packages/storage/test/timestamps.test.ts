import assert from 'node:assert/strict';
import { CompressionType } from '@samsa/protocol';
import { batch, config, fsTest, T0 } from './helpers.js';

fsTest('offsetForTimestamp finds the first record at or after a timestamp', (_t, fresh) => {
  const log = fresh().open(config({ 'segment.bytes': '800', 'index.interval.bytes': '100' }));
  // 50 batches of 4 records, record i of batch b at T0 + b*100 + i*10.
  for (let b = 0; b < 50; b++) {
    const compression = b % 2 ? CompressionType.Gzip : CompressionType.None;
    const records = [0, 1, 2, 3].map((i) => ({ value: Buffer.from('x'), timestamp: T0 + b * 100 + i * 10 }));
    log.appendAsLeader(batch({ records, compression }), 0, T0);
  }
  assert.ok(log.numberOfSegments > 3);
  assert.deepEqual(log.offsetForTimestamp(T0 - 5), { offset: 0, timestamp: T0, leaderEpoch: 0 });
  assert.equal(log.offsetForTimestamp(T0)?.offset, 0);
  assert.equal(log.offsetForTimestamp(T0 + 1)?.offset, 1);
  assert.equal(log.offsetForTimestamp(T0 + 2505)?.offset, 25 * 4 + 1);
  assert.equal(log.offsetForTimestamp(T0 + 2530)?.timestamp, T0 + 2530);
  assert.equal(log.offsetForTimestamp(T0 + 4925)?.offset, 199);
  assert.equal(log.offsetForTimestamp(T0 + 4931), null);
  log.close();
});

fsTest('offsetForTimestamp respects the log start offset', (_t, fresh) => {
  const log = fresh().open();
  log.appendAsLeader(batch({ count: 10, timestamp: T0 }), 0, T0);
  log.highWatermark = log.logEndOffset;
  log.deleteRecordsBefore(4);
  assert.equal(log.offsetForTimestamp(T0)?.offset, 4);
  log.close();
});

fsTest('maxTimestampOffset returns the first record with the largest timestamp (KIP-734)', (_t, fresh) => {
  const log = fresh().open(config({ 'segment.bytes': '400' }));
  assert.equal(log.maxTimestampOffset(), null);
  const stamps = [5, 9, 3, 42, 7, 42, 1, 8];
  for (const s of stamps)
    log.appendAsLeader(batch({ records: [{ value: Buffer.from('a'), timestamp: T0 + s }] }), 2, T0);
  log.appendAsLeader(
    batch({
      records: [10, 99, 20].map((s) => ({ value: Buffer.from('b'), timestamp: T0 + s })),
      compression: CompressionType.Lz4,
    }),
    3,
    T0,
  );
  log.appendAsLeader(batch({ records: [{ value: Buffer.from('c'), timestamp: T0 + 50 }] }), 3, T0);
  assert.deepEqual(log.maxTimestampOffset(), { offset: 9, timestamp: T0 + 99, leaderEpoch: 3 });
  log.close();
});

fsTest('LogAppendTime batches answer with their append time', (_t, fresh) => {
  const log = fresh().open(config({ 'message.timestamp.type': 'LogAppendTime' }));
  log.appendAsLeader(batch({ count: 3, timestamp: T0 }), 0, T0 + 1000);
  log.appendAsLeader(batch({ count: 3, timestamp: T0 }), 0, T0 + 2000);
  assert.deepEqual(log.offsetForTimestamp(T0 + 1500), { offset: 3, timestamp: T0 + 2000, leaderEpoch: 0 });
  assert.equal(log.maxTimestampOffset()?.offset, 3);
  log.close();
});
