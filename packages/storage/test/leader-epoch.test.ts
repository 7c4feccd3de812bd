import assert from 'node:assert/strict';
import { join } from 'node:path';
import { batch, config, fsTest, T0 } from './helpers.js';

fsTest('appends record epoch start offsets; OffsetForLeaderEpoch answers as Kafka does', (_t, fresh) => {
  const d = fresh();
  const log = d.open();
  log.appendAsLeader(batch({ count: 5 }), 1, T0); // epoch 1: 0-4
  log.appendAsLeader(batch({ count: 5 }), 1, T0);
  log.appendAsLeader(batch({ count: 5 }), 3, T0); // epoch 3: 10-14
  log.appendAsLeader(batch({ count: 5 }), 5, T0); // epoch 5: 15-19
  assert.deepEqual(log.epochEntries(), [
    { epoch: 1, startOffset: 0 },
    { epoch: 3, startOffset: 10 },
    { epoch: 5, startOffset: 15 },
  ]);
  assert.deepEqual(log.endOffsetForEpoch(5), { epoch: 5, endOffset: 20 });
  assert.deepEqual(log.endOffsetForEpoch(3), { epoch: 3, endOffset: 15 });
  assert.deepEqual(log.endOffsetForEpoch(1), { epoch: 1, endOffset: 10 });
  // Unknown epoch between known ones: the largest known epoch below, ending where the next starts.
  assert.deepEqual(log.endOffsetForEpoch(4), { epoch: 3, endOffset: 15 });
  // Below the first known epoch: that epoch, ending at the first start offset.
  assert.deepEqual(log.endOffsetForEpoch(0), { epoch: 0, endOffset: 0 });
  // Future epochs and -1 are undefined.
  assert.deepEqual(log.endOffsetForEpoch(6), { epoch: -1, endOffset: -1 });
  assert.deepEqual(log.endOffsetForEpoch(-1), { epoch: -1, endOffset: -1 });
  assert.equal(log.epochForOffset(12), 3);
  const file = d.fs.readFileSync(join(log.dir, 'leader-epoch-checkpoint')).toString('utf8');
  assert.equal(file, '0\n3\n1 0\n3 10\n5 15\n');
  log.close();
});

fsTest('assign removes entries that would break monotonicity', (_t, fresh) => {
  const log = fresh().open();
  log.assignEpoch(2, 10);
  log.assignEpoch(4, 20);
  log.assignEpoch(4, 25); // same epoch, later start: ignored
  log.assignEpoch(3, 15); // lower epoch: drops 4
  assert.deepEqual(log.epochEntries(), [
    { epoch: 2, startOffset: 10 },
    { epoch: 3, startOffset: 15 },
  ]);
  log.assignEpoch(5, 12); // earlier start than 3's: drops 3
  assert.deepEqual(log.epochEntries(), [
    { epoch: 2, startOffset: 10 },
    { epoch: 5, startOffset: 12 },
  ]);
  log.close();
});

fsTest('the epoch cache survives a restart and follows truncation', (_t, fresh) => {
  const d = fresh();
  const log = d.open(config({ 'segment.bytes': '400' }));
  for (let e = 0; e < 6; e++) log.appendAsLeader(batch({ count: 4 }), e, T0);
  log.flush();
  log.close();
  const reopened = d.open(config({ 'segment.bytes': '400' }), { hadCleanShutdown: true, recoveryPoint: 24 });
  assert.equal(reopened.epochEntries().length, 6);
  assert.ok(reopened.truncateTo(10));
  assert.equal(reopened.logEndOffset, 10);
  assert.deepEqual(
    reopened.epochEntries().map((e) => e.epoch),
    [0, 1, 2],
  );
  assert.equal(reopened.appendAsLeader(batch({ count: 2 }), 7, T0).firstOffset, 10);
  assert.deepEqual(reopened.endOffsetForEpoch(2), { epoch: 2, endOffset: 10 });
  // Start offset moves with DeleteRecords.
  reopened.highWatermark = reopened.logEndOffset;
  reopened.deleteRecordsBefore(5);
  assert.deepEqual(reopened.epochEntries()[0], { epoch: 1, startOffset: 5 });
  reopened.close();
});

fsTest('recovery rebuilds epochs from batches when the checkpoint is missing', (_t, fresh) => {
  const d = fresh();
  const log = d.open();
  log.appendAsLeader(batch({ count: 2 }), 3, T0);
  log.appendAsLeader(batch({ count: 2 }), 4, T0);
  log.close();
  d.fs.rmSync(join(d.dir, 'topic-0', 'leader-epoch-checkpoint'));
  const reopened = d.open();
  assert.deepEqual(reopened.epochEntries(), [
    { epoch: 3, startOffset: 0 },
    { epoch: 4, startOffset: 2 },
  ]);
  reopened.close();
});

fsTest('a damaged checkpoint makes the load rescan the whole log, even after a clean shutdown', (_t, fresh) => {
  const d = fresh();
  const small = config({ 'segment.bytes': '400' });
  const log = d.open(small);
  for (let e = 0; e < 6; e++) log.appendAsLeader(batch({ count: 4 }), e, T0);
  const before = log.epochEntries();
  log.flush();
  log.close();
  // The checkpoint is replaced without fsync, so a power loss can leave an empty or partial file.
  d.fs.writeFileSync(join(d.dir, 'topic-0', 'leader-epoch-checkpoint'), Buffer.from('0\n3\n0 0\n'));
  const reopened = d.open(small, { hadCleanShutdown: true, recoveryPoint: 24 });
  assert.ok(reopened.numberOfSegments > 1);
  assert.deepEqual(reopened.epochEntries(), before);
  reopened.close();
});

fsTest('truncateFullyAndStartAt empties the log and the cache', (_t, fresh) => {
  const log = fresh().open();
  log.appendAsLeader(batch({ count: 5 }), 1, T0);
  log.truncateFullyAndStartAt(100);
  assert.equal(log.logStartOffset, 100);
  assert.equal(log.logEndOffset, 100);
  assert.deepEqual(log.epochEntries(), []);
  assert.equal(log.appendAsLeader(batch(), 2, T0).firstOffset, 100);
  log.close();
});
