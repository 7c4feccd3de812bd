/** Replication truncation and the leader epoch cache (PartitionLog.truncateTo). */
import assert from 'node:assert/strict';
import { batch, fsTest, T0 } from './helpers.js';

fsTest('truncating to the log end forgets an epoch that wrote nothing, and nothing else', (_t, fresh) => {
  const log = fresh().open();
  log.appendAsLeader(batch({ count: 3 }), 0, T0);
  // Became leader in epoch 1 at offset 3, then follower again without writing.
  log.assignEpoch(1, 3);
  assert.equal(log.latestEpoch, 1);
  assert.equal(log.truncateTo(3), false, 'no record removed');
  assert.deepEqual(log.epochEntries(), [{ epoch: 0, startOffset: 0 }]);
  assert.equal(log.logEndOffset, 3);
  assert.equal(log.truncateTo(10), false, 'past the end: nothing at all');
  assert.deepEqual(log.epochEntries(), [{ epoch: 0, startOffset: 0 }]);
});

fsTest('truncating into the log removes the records and the epochs starting at or after the cut', (_t, fresh) => {
  const log = fresh().open();
  log.appendAsLeader(batch({ count: 2 }), 0, T0);
  log.appendAsLeader(batch({ count: 2 }), 2, T0);
  log.highWatermark = 4;
  assert.equal(log.truncateTo(2), true);
  assert.equal(log.logEndOffset, 2);
  assert.equal(log.highWatermark, 2);
  assert.deepEqual(log.epochEntries(), [{ epoch: 0, startOffset: 0 }]);
});
