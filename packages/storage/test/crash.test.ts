import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogManager, MemoryFileSystem, type PartitionLog } from '../src/index.js';
import { assertReadsValid, batch, config, openLog, readAll, T0 } from './helpers.js';

/*
 * Crash tests on the in-memory file system: what survives a power loss is exactly what the log
 * fsynced (file data, and directory entries through an fsync of their directory).
 */

const LOG_DIR = '/logs';
const SMALL = config({ 'segment.bytes': '2000', 'index.interval.bytes': '64' });

function fill(log: PartitionLog, batches: number, epoch: number): void {
  for (let i = 0; i < batches; i++) log.appendAsLeader(batch({ count: 3, timestamp: T0 + i }), epoch, T0 + i);
}

/** Every offset reads back a valid batch that holds it, and no index entry points past the log end. */
function assertConsistent(log: PartitionLog): void {
  assertReadsValid(log);
  for (const s of log.localLog.segments.all()) {
    assert.ok(s.offsetIndex.lastOffset < Math.max(log.logEndOffset, s.baseOffset + 1), `${s.logPath} index`);
    assert.ok(s.offsetIndex.lastEntry().position < Math.max(s.size, 1), `${s.logPath} index position`);
  }
}

test('a crash keeps what was flushed and loses everything appended after it', (t) => {
  const mfs = new MemoryFileSystem([LOG_DIR]);
  const log = openLog(LOG_DIR, SMALL, { fs: mfs });
  fill(log, 40, 1);
  assert.ok(log.numberOfSegments > 1, 'the flushed part spans several segments');
  log.flush();
  const flushedEnd = log.logEndOffset;
  const flushed = readAll(log);
  fill(log, 30, 2); // rolls again: new segments, a new epoch, producer snapshots, none of it synced
  assert.ok(log.logEndOffset > flushedEnd);
  mfs.crash();

  const reopened = openLog(LOG_DIR, SMALL, { fs: mfs });
  t.after(() => reopened.close());
  assert.equal(reopened.logEndOffset, flushedEnd);
  assert.deepEqual(readAll(reopened), flushed);
  assert.deepEqual(reopened.epochEntries(), [{ epoch: 1, startOffset: 0 }]);
  assertConsistent(reopened);
  assert.equal(reopened.appendAsLeader(batch(), 3, T0).firstOffset, flushedEnd);
});

test('after a crash the log manager rescans only from the checkpointed recovery point', (t) => {
  const mfs = new MemoryFileSystem([LOG_DIR]);
  const manager = LogManager.open({ logDirs: [LOG_DIR], defaultConfig: SMALL, fs: mfs });
  const log = manager.getOrCreateLog('topic', 0);
  fill(log, 40, 1);
  log.flush();
  manager.checkpoint();
  const flushedEnd = log.logEndOffset;
  const segments = log.numberOfSegments;
  fill(log, 10, 2);
  mfs.crash();

  const after = LogManager.open({ logDirs: [LOG_DIR], defaultConfig: SMALL, fs: mfs });
  t.after(() => after.close());
  const reopened = after.getLog('topic', 0);
  assert.ok(reopened);
  assert.equal(reopened.logEndOffset, flushedEnd);
  assert.equal(reopened.numberOfSegments, segments);
  // Segments below the recovery point were loaded as they were: their indexes were durable and valid.
  assert.equal(reopened.loadStats.recoveredSegments, 1);
  assert.deepEqual(reopened.epochEntries(), [{ epoch: 1, startOffset: 0 }]);
  assertConsistent(reopened);
});

test('an fsync that fails makes flush throw KAFKA_STORAGE_ERROR and leaves the recovery point', (t) => {
  const mfs = new MemoryFileSystem([LOG_DIR]);
  const log = openLog(LOG_DIR, SMALL, { fs: mfs });
  fill(log, 5, 1);
  log.flush();
  const durableEnd = log.logEndOffset;
  fill(log, 5, 1);
  mfs.failNext('fsync', 1, '.log');
  assert.throws(() => log.flush(), { name: 'StorageError', code: 'KAFKA_STORAGE_ERROR' });
  assert.equal(log.recoveryPoint, durableEnd);
  mfs.crash();

  const reopened = openLog(LOG_DIR, SMALL, { fs: mfs });
  t.after(() => reopened.close());
  assert.equal(reopened.logEndOffset, durableEnd, 'the failed fsync made nothing durable');
  assertConsistent(reopened);
});

test('a background fsync that fails after a roll leaves the recovery point where it was', async (t) => {
  const mfs = new MemoryFileSystem([LOG_DIR]);
  const log = openLog(LOG_DIR, SMALL, { fs: mfs });
  t.after(() => log.close());
  mfs.failNext('fsync', 1, '.log');
  fill(log, 40, 1);
  assert.ok(log.numberOfSegments > 1);
  await log.localLog.whenBackgroundFlushed();
  assert.equal(log.recoveryPoint, 0);
});

test('a write that fails during an append throws KAFKA_STORAGE_ERROR and appends nothing', (t) => {
  const mfs = new MemoryFileSystem([LOG_DIR]);
  const log = openLog(LOG_DIR, SMALL, { fs: mfs });
  fill(log, 5, 1);
  const end = log.logEndOffset;
  const before = readAll(log);
  mfs.failNext('write', 1, '.log');
  assert.throws(() => log.appendAsLeader(batch({ count: 2 }), 1, T0), {
    name: 'StorageError',
    code: 'KAFKA_STORAGE_ERROR',
  });
  assert.equal(log.logEndOffset, end);
  assert.deepEqual(readAll(log), before);
  log.close();

  const reopened = openLog(LOG_DIR, SMALL, { fs: mfs });
  t.after(() => reopened.close());
  assert.equal(reopened.logEndOffset, end);
  assert.equal(reopened.loadStats.truncatedBytes, 0);
  assert.deepEqual(readAll(reopened), before);
  assertConsistent(reopened);
  assert.equal(reopened.appendAsLeader(batch(), 1, T0).firstOffset, end);
});

test('a crash after rolls whose background flush completed keeps the rolled segments', async (t) => {
  const mfs = new MemoryFileSystem([LOG_DIR]);
  const log = openLog(LOG_DIR, SMALL, { fs: mfs });
  // Two rolls: the segment created by the first is complete before the crash, and only the
  // background flush can have made its name in the directory durable.
  let i = 0;
  while (log.numberOfSegments < 3) log.appendAsLeader(batch({ count: 3, timestamp: T0 + i }), 1, T0 + i++);
  const newBase = log.localLog.segments.active.baseOffset;
  const rolled = readAll(log).filter(([offset]) => offset < newBase);
  await log.localLog.whenBackgroundFlushed();
  assert.equal(log.recoveryPoint, newBase);
  mfs.crash();

  const reopened = openLog(LOG_DIR, SMALL, { fs: mfs });
  t.after(() => reopened.close());
  assert.equal(reopened.logEndOffset, newBase, 'the rolled segments survive, the unsynced append after them does not');
  assert.equal(reopened.numberOfSegments, 3, "both rolled segments, and the active one's file, now empty");
  assert.deepEqual(readAll(reopened), rolled);
  assert.deepEqual(reopened.epochEntries(), [{ epoch: 1, startOffset: 0 }]);
  assertConsistent(reopened);
});

test('a deleted partition stays deleted after a crash, before its directory is removed', async (t) => {
  const mfs = new MemoryFileSystem([LOG_DIR]);
  const manager = LogManager.open({ logDirs: [LOG_DIR], defaultConfig: SMALL, fs: mfs });
  fill(manager.getOrCreateLog('doomed', 0), 5, 1);
  fill(manager.getOrCreateLog('kept', 0), 5, 1);
  for (const log of manager.logs()) log.flush();
  const removed = manager.deleteLog('doomed', 0); // renamed to -delete now, removed in the background
  mfs.crash();
  await removed;

  const after = LogManager.open({ logDirs: [LOG_DIR], defaultConfig: SMALL, fs: mfs });
  t.after(() => after.close());
  assert.equal(after.getLog('doomed', 0), undefined);
  assert.equal(after.getLog('kept', 0)?.logEndOffset, 15);
  assert.deepEqual(
    mfs.readdirSync(LOG_DIR).filter((n) => n.includes('doomed')),
    [],
  );
});
