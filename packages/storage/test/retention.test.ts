import assert from 'node:assert/strict';
import { type FileSystem, StorageError } from '../src/index.js';
import { batch, config, fsTest, readAll, T0 } from './helpers.js';

const DAY = 86_400_000;

function segmentFiles(fs: FileSystem, dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
}

fsTest('retention.ms deletes segments whose newest record is too old, keeping the active one', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'segment.bytes': '500', 'retention.ms': String(DAY), 'file.delete.delay.ms': '0' }));
  for (let i = 0; i < 40; i++)
    log.appendAsLeader(batch({ count: 2, timestamp: T0 + i * 3_600_000 }), 0, T0 + i * 3_600_000);
  log.highWatermark = log.logEndOffset;
  const segments = log.numberOfSegments;
  const now = T0 + 40 * 3_600_000;
  const deleted = log.deleteOldSegments(now);
  assert.ok(deleted > 0 && deleted < segments);
  assert.equal(log.numberOfSegments, segments - deleted);
  // Everything left is younger than a day (or sits in a segment with something younger).
  const [first] = readAll(log);
  assert.equal(first?.[0], log.logStartOffset);
  assert.ok(log.logStartOffset > 0);
  // Far in the future everything is expired: Kafka rolls, then deletes all old segments.
  log.deleteOldSegments(now + 30 * DAY);
  assert.equal(log.numberOfSegments, 1);
  assert.equal(log.size, 0);
  assert.equal(log.logStartOffset, log.logEndOffset);
  assert.deepEqual(readAll(log), []);
  log.close();
});

fsTest('retention never passes the high watermark', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'segment.bytes': '500', 'retention.ms': '1000' }));
  for (let i = 0; i < 20; i++) log.appendAsLeader(batch({ timestamp: T0 }), 0, T0);
  log.highWatermark = 0;
  assert.equal(log.deleteOldSegments(T0 + DAY), 0);
  log.close();
});

fsTest('retention.bytes deletes oldest segments while the log stays above the limit', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'segment.bytes': '600', 'retention.bytes': '1500', 'file.delete.delay.ms': '0' }));
  for (let i = 0; i < 40; i++) log.appendAsLeader(batch({ count: 3, timestamp: T0 }), 0, T0);
  log.highWatermark = log.logEndOffset;
  assert.ok(log.size > 1500);
  const deleted = log.deleteOldSegments(T0);
  assert.ok(deleted > 0);
  assert.ok(log.size >= 1500 - 600 && log.size <= 1500 + 600, `size ${log.size}`);
  assert.equal(readAll(log).at(-1)?.[0], log.logEndOffset - 1);
  log.close();
});

fsTest('compact-only logs ignore retention.ms', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'cleanup.policy': 'compact', 'segment.bytes': '500', 'retention.ms': '1' }));
  for (let i = 0; i < 10; i++)
    log.appendAsLeader(batch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: T0 }] }), 0, T0);
  log.highWatermark = log.logEndOffset;
  assert.equal(log.deleteOldSegments(T0 + DAY), 0);
  log.close();
});

fsTest('DeleteRecords moves the log start offset and deletes whole segments below it', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'segment.bytes': '500', 'file.delete.delay.ms': '0' }));
  for (let i = 0; i < 30; i++) log.appendAsLeader(batch({ count: 2 }), 0, T0);
  const before = segmentFiles(d.fs, log.dir).length;
  assert.throws(
    () => log.deleteRecordsBefore(10),
    (e: unknown) => e instanceof StorageError && e.code === 'OFFSET_OUT_OF_RANGE',
  );
  log.highWatermark = log.logEndOffset;
  assert.equal(log.deleteRecordsBefore(25), 25);
  assert.equal(log.logStartOffset, 25);
  assert.ok(segmentFiles(d.fs, log.dir).length < before);
  assert.throws(
    () => log.read({ startOffset: 24, maxBytes: 100, limit: 60, minOneBatch: true }),
    (e: unknown) => e instanceof StorageError && e.code === 'OFFSET_OUT_OF_RANGE',
  );
  const [first] = readAll(log);
  assert.equal(first?.[0], 25);
  // Moving backwards is a no-op.
  assert.equal(log.deleteRecordsBefore(3), 25);
  log.close();
});

fsTest('deleted segments are renamed .deleted and removed after file.delete.delay.ms', async (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'segment.bytes': '300', 'file.delete.delay.ms': '50' }));
  for (let i = 0; i < 10; i++) log.appendAsLeader(batch({ count: 2 }), 0, T0);
  log.highWatermark = log.logEndOffset;
  log.deleteRecordsBefore(log.logEndOffset);
  assert.ok(d.fs.readdirSync(log.dir).some((f) => f.endsWith('.log.deleted')));
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(!d.fs.readdirSync(log.dir).some((f) => f.endsWith('.deleted')));
  log.close();
});
