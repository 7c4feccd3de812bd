import assert from 'node:assert/strict';
import { encodeRecordBatch } from '@samsa/protocol';
import { StorageError, type StorageErrorCode } from '../src/index.js';
import { batch, config, fsTest, keyed, T0 } from './helpers.js';

function rejects(code: StorageErrorCode) {
  return (e: unknown) => e instanceof StorageError && e.code === code;
}

fsTest('corrupt input is rejected and nothing is appended', (_t, fresh) => {
  const log = fresh().open();
  const good = batch({ count: 2 });
  const badCrc = Buffer.from(good);
  badCrc[badCrc.length - 1] ^= 0xff;
  assert.throws(() => log.appendAsLeader(Buffer.concat([good, badCrc]), 0, T0), rejects('CORRUPT_MESSAGE'));
  assert.throws(() => log.appendAsLeader(good.subarray(0, good.length - 3), 0, T0), rejects('CORRUPT_MESSAGE'));
  const legacy = Buffer.from(good);
  legacy[16] = 1;
  assert.throws(() => log.appendAsLeader(legacy, 0, T0), rejects('UNSUPPORTED_FOR_MESSAGE_FORMAT'));
  assert.equal(log.logEndOffset, 0);
  assert.equal(log.size, 0);
  log.close();
});

fsTest('batch size limits: MESSAGE_TOO_LARGE and RECORD_LIST_TOO_LARGE', (_t, fresh) => {
  const log = fresh().open(config({ 'max.message.bytes': '200', 'segment.bytes': '1000' }));
  const big = encodeRecordBatch({ records: [{ value: Buffer.alloc(300), timestamp: T0 }] });
  assert.throws(() => log.appendAsLeader(big, 0, T0), rejects('MESSAGE_TOO_LARGE'));
  const many = Buffer.concat(Array.from({ length: 20 }, () => batch()));
  assert.throws(() => log.appendAsLeader(many, 0, T0), rejects('RECORD_LIST_TOO_LARGE'));
  log.close();
});

fsTest('CreateTime timestamps are checked against before/after max.ms', (_t, fresh) => {
  const log = fresh().open(
    config({ 'message.timestamp.before.max.ms': '1000', 'message.timestamp.after.max.ms': '500' }),
  );
  assert.throws(() => log.appendAsLeader(batch({ timestamp: T0 - 2000 }), 0, T0), rejects('INVALID_TIMESTAMP'));
  assert.throws(() => log.appendAsLeader(batch({ timestamp: T0 + 1000 }), 0, T0), rejects('INVALID_TIMESTAMP'));
  assert.equal(log.appendAsLeader(batch({ timestamp: T0 - 900 }), 0, T0).firstOffset, 0);
  const legacy = fresh().open(config({ 'message.timestamp.difference.max.ms': '100' }));
  assert.throws(() => legacy.appendAsLeader(batch({ timestamp: T0 - 200 }), 0, T0), rejects('INVALID_TIMESTAMP'));
  legacy.close();
  log.close();
});

fsTest('compacted topics reject records without a key', (_t, fresh) => {
  const log = fresh().open(config({ 'cleanup.policy': 'compact' }));
  assert.throws(() => log.appendAsLeader(batch(), 0, T0), rejects('INVALID_RECORD'));
  assert.equal(log.appendAsLeader(keyed([['k', 'v']]), 0, T0).firstOffset, 0);
  log.close();
});

fsTest('follower appends keep offsets and must not go backwards', (_t, fresh) => {
  const leader = fresh().open();
  leader.appendAsLeader(batch({ count: 3 }), 7, T0);
  leader.appendAsLeader(batch({ count: 2 }), 8, T0);
  const { records } = leader.read({ startOffset: 0, maxBytes: 1 << 20, limit: leader.logEndOffset, minOneBatch: true });
  const follower = fresh().open();
  const info = follower.appendAsFollower(Buffer.from(records));
  assert.deepEqual([info.firstOffset, info.lastOffset], [0, 4]);
  assert.equal(follower.logEndOffset, 5);
  assert.deepEqual(follower.epochEntries(), [
    { epoch: 7, startOffset: 0 },
    { epoch: 8, startOffset: 3 },
  ]);
  assert.throws(() => follower.appendAsFollower(Buffer.from(records)), rejects('UNKNOWN_SERVER_ERROR'));
  leader.close();
  follower.close();
});
