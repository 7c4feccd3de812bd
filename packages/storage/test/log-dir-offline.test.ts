/**
 * A log dir taken offline after an I/O failure (Kafka's offline log dirs): its logs are closed and
 * forgotten, later operations on them fail with KAFKA_STORAGE_ERROR, new logs go to the other
 * dirs, and close() writes neither checkpoints nor a clean-shutdown marker there, so the next
 * start recovers it. Runs on the memory file system, the one that can fail a write with ENOSPC.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isIoFailure, LogManager, MemoryFileSystem, StorageError } from '../src/index.js';
import { batch, config, T0 } from './helpers.js';

test('an ENOSPC append takes its log dir offline and only that dir', () => {
  const fs = new MemoryFileSystem(['/a', '/b']);
  const m = LogManager.open({ logDirs: ['/a', '/b'], defaultConfig: config(), now: () => T0, fs });
  const inA = m.getOrCreateLog('t', 0);
  const inB = m.getOrCreateLog('t', 1);
  assert.equal(m.logDirOf(inA), '/a');
  assert.equal(m.logDirOf(inB), '/b');
  inA.appendAsLeader(batch({ count: 2 }), 0, T0);
  m.checkpoint();
  const recoveryBefore = fs.readFileSync(join('/a', 'recovery-point-offset-checkpoint')).toString();

  fs.failNext('write', 1, '/a/', 'ENOSPC');
  let failure: unknown;
  assert.throws(
    () => inA.appendAsLeader(batch({ count: 1 }), 0, T0),
    (err: unknown) => {
      failure = err;
      return err instanceof StorageError && err.code === 'KAFKA_STORAGE_ERROR' && /ENOSPC/.test(err.message);
    },
  );
  assert.equal(isIoFailure(failure), true);

  assert.deepEqual(m.markLogDirOffline('/a', failure), [inA]);
  assert.deepEqual(m.markLogDirOffline('/a', failure), [], 'a second report changes nothing');
  assert.deepEqual(m.offlineLogDirs(), ['/a']);
  assert.equal(m.getLog('t', 0), undefined);
  assert.throws(
    () => inA.appendAsLeader(batch({ count: 1 }), 0, T0),
    (err: unknown) => err instanceof StorageError && err.code === 'KAFKA_STORAGE_ERROR' && !isIoFailure(err),
  );
  inB.appendAsLeader(batch({ count: 1 }), 0, T0);
  assert.equal(m.logDirOf(m.getOrCreateLog('t', 2)), '/b', 'new partitions avoid the offline dir');
  assert.deepEqual(
    m.dirs().map((d) => [d.path, d.offline ?? false, d.partitions.length]),
    [
      ['/a', true, 0],
      ['/b', false, 2],
    ],
  );

  m.close();
  assert.equal(fs.existsSync('/a/.kafka_cleanshutdown'), false);
  assert.equal(fs.readFileSync(join('/a', 'recovery-point-offset-checkpoint')).toString(), recoveryBefore);
  assert.equal(fs.existsSync('/b/.kafka_cleanshutdown'), true);
});

test('with every dir offline no log can be created', () => {
  const fs = new MemoryFileSystem(['/a']);
  const m = LogManager.open({ logDirs: ['/a'], defaultConfig: config(), now: () => T0, fs });
  m.markLogDirOffline('/a', new Error('EIO'));
  assert.throws(
    () => m.getOrCreateLog('t', 0),
    (err: unknown) => err instanceof StorageError && err.code === 'KAFKA_STORAGE_ERROR',
  );
  m.close();
});

test('a roll that cannot create the next segment on a full disk is an I/O failure', () => {
  const fs = new MemoryFileSystem(['/a']);
  const m = LogManager.open({ logDirs: ['/a'], defaultConfig: config({ 'segment.bytes': '120' }), now: () => T0, fs });
  const log = m.getOrCreateLog('t', 0);
  log.appendAsLeader(batch({ count: 1 }), 0, T0);
  fs.failNext('write', 100, '/a/t-0/', 'ENOSPC');
  assert.throws(
    () => log.appendAsLeader(batch({ count: 1 }), 0, T0),
    (err: unknown) => isIoFailure(err),
  );
  m.close();
});

test('refused input is not an I/O failure', () => {
  assert.equal(isIoFailure(new StorageError('CORRUPT_MESSAGE', 'bad crc')), false);
  assert.equal(isIoFailure(new StorageError('KAFKA_STORAGE_ERROR', 'closed')), false);
  assert.equal(isIoFailure(new Error('ENOSPC in a message only')), false);
});
