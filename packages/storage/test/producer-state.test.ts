/**
 * Producer state in the partition log: retried batches answered with their original offsets and
 * not written again, sequence gaps and old epochs rejected, open transactions bounding the last
 * stable offset, and the state rebuilt after a restart from `.snapshot` files plus the log tail.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlRecordType, encodeEndTxnMarkerBatch, encodeRecordBatch } from '@samsa/protocol';
import { PartitionLog, StorageError } from '../src/index.js';
import { config, FILE_SYSTEMS, readAll } from './helpers.js';

function pbatch(pid: number, epoch: number, seq: number, count = 1, transactional = false): Buffer {
  return encodeRecordBatch({
    producerId: BigInt(pid),
    producerEpoch: epoch,
    baseSequence: seq,
    isTransactional: transactional,
    records: Array.from({ length: count }, (_, i) => ({
      value: Buffer.from(`p${pid}-${seq + i}`),
      timestamp: Date.now(),
    })),
  });
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof StorageError) return err.code;
    throw err;
  }
  return 'NONE';
}

for (const { name, fresh } of FILE_SYSTEMS) {
  describe(`producer state (${name})`, () => {
    it('answers a retried batch with its original offsets and writes nothing', (t) => {
      const { fs, dir } = fresh(t);
      const log = PartitionLog.open(dir, 't', 0, config(), { fs });
      log.appendAsLeader(pbatch(7, 0, 0, 3), 0);
      const second = log.appendAsLeader(pbatch(7, 0, 3, 2), 0);
      assert.equal(second.firstOffset, 3);
      const retry = log.appendAsLeader(pbatch(7, 0, 0, 3), 0);
      assert.equal(retry.duplicate, true);
      assert.equal(retry.firstOffset, 0);
      assert.equal(retry.lastOffset, 2);
      assert.equal(log.appendAsLeader(pbatch(7, 0, 3, 2), 0).firstOffset, 3);
      assert.equal(log.logEndOffset, 5);
      log.close();
    });

    it('rejects gaps, old epochs and new epochs not starting at 0; accepts unknown producers at any sequence', (t) => {
      const { fs, dir } = fresh(t);
      const log = PartitionLog.open(dir, 't', 0, config(), { fs });
      log.appendAsLeader(pbatch(1, 2, 0, 2), 0);
      assert.equal(
        code(() => log.appendAsLeader(pbatch(1, 2, 5), 0)),
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
      );
      assert.equal(
        code(() => log.appendAsLeader(pbatch(1, 1, 2), 0)),
        'INVALID_PRODUCER_EPOCH',
      );
      assert.equal(
        code(() => log.appendAsLeader(pbatch(1, 3, 4), 0)),
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
      );
      assert.equal(
        code(() => log.appendAsLeader(pbatch(1, 3, 0), 0)),
        'NONE',
      );
      assert.equal(
        code(() => log.appendAsLeader(pbatch(2, 0, 42), 0)),
        'NONE',
        'Kafka accepts an unknown producer',
      );
      assert.equal(log.logEndOffset, 4, 'rejected batches were not written');
      log.close();
    });

    it('keeps five batches per producer', (t) => {
      const { fs, dir } = fresh(t);
      const log = PartitionLog.open(dir, 't', 0, config(), { fs });
      for (let s = 0; s < 7; s++) log.appendAsLeader(pbatch(3, 0, s), 0);
      assert.equal(log.appendAsLeader(pbatch(3, 0, 2), 0).duplicate, true);
      assert.equal(
        code(() => log.appendAsLeader(pbatch(3, 0, 1), 0)),
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
      );
    });

    it('an open transaction holds the last stable offset until its marker', (t) => {
      const { fs, dir } = fresh(t);
      const log = PartitionLog.open(dir, 't', 0, config(), { fs });
      log.appendAsLeader(pbatch(1, 0, 0, 2), 0);
      log.appendAsLeader(pbatch(9, 0, 0, 2, true), 0);
      log.highWatermark = log.logEndOffset;
      assert.equal(log.lastStableOffset, 2);
      const marker = encodeEndTxnMarkerBatch({
        type: ControlRecordType.Commit,
        producerId: 9n,
        producerEpoch: 0,
        coordinatorEpoch: 0,
      });
      assert.equal(
        code(() => log.appendAsLeader(Buffer.from(marker), 0)),
        'INVALID_RECORD',
        'clients cannot write markers',
      );
      log.appendAsLeader(marker, 0, Date.now(), 'coordinator');
      log.highWatermark = log.logEndOffset;
      assert.equal(log.lastStableOffset, 5);
    });

    it('survives a restart: from the snapshot of a clean close, and from the log alone', (t) => {
      const { fs, dir } = fresh(t);
      let log = PartitionLog.open(dir, 't', 0, config({ 'segment.bytes': '300' }), { fs });
      for (let s = 0; s < 10; s++) log.appendAsLeader(pbatch(5, 1, s), 0);
      log.appendAsLeader(pbatch(6, 0, 0, 1, true), 0);
      assert.ok(log.numberOfSegments > 1, 'rolled');
      log.flush();
      log.close();
      assert.ok(fs.readdirSync(`${dir}/t-0`).some((f) => f.endsWith('.snapshot')));
      log = PartitionLog.open(dir, 't', 0, config({ 'segment.bytes': '300' }), { hadCleanShutdown: true, fs });
      assert.equal(log.appendAsLeader(pbatch(5, 1, 9), 0).duplicate, true);
      assert.equal(
        code(() => log.appendAsLeader(pbatch(5, 1, 11), 0)),
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
      );
      log.highWatermark = log.logEndOffset;
      assert.equal(log.lastStableOffset, 10, 'the open transaction is still open');
      log.close();
      for (const f of fs.readdirSync(`${dir}/t-0`)) if (f.endsWith('.snapshot')) fs.rmSync(`${dir}/t-0/${f}`);
      log = PartitionLog.open(dir, 't', 0, config({ 'segment.bytes': '300' }), { fs });
      for (let s = 5; s < 10; s++)
        assert.equal(log.appendAsLeader(pbatch(5, 1, s), 0).firstOffset, s, 'rebuilt from the log');
      assert.equal(readAll(log).length, 11);
      log.close();
    });

    it('truncation rebuilds the state; expiry forgets idle producers', (t) => {
      const { fs, dir } = fresh(t);
      const log = PartitionLog.open(dir, 't', 0, config(), { fs });
      for (let s = 0; s < 4; s++) log.appendAsLeader(pbatch(5, 0, s), 0);
      log.truncateTo(2);
      assert.equal(log.appendAsLeader(pbatch(5, 0, 2), 0).firstOffset, 2, 'sequence 2 is new again');
      assert.equal(log.removeExpiredProducers(1000, Date.now() + 2000), 1);
      assert.equal(log.producerState.size, 0);
    });

    it('aborted transactions go to .txnindex, survive a restart, and leave with a truncation', (t) => {
      const { fs, dir } = fresh(t);
      let log = PartitionLog.open(dir, 't', 0, config(), { fs });
      log.appendAsLeader(pbatch(4, 0, 0, 2, true), 0);
      log.appendAsLeader(pbatch(1, 0, 0, 1), 0);
      const abort = encodeEndTxnMarkerBatch({
        type: ControlRecordType.Abort,
        producerId: 4n,
        producerEpoch: 0,
        coordinatorEpoch: 0,
      });
      log.appendAsLeader(abort, 0, Date.now(), 'coordinator');
      log.appendAsLeader(pbatch(4, 0, 2, 1, true), 0);
      const commit = encodeEndTxnMarkerBatch({
        type: ControlRecordType.Commit,
        producerId: 4n,
        producerEpoch: 0,
        coordinatorEpoch: 0,
      });
      log.appendAsLeader(commit, 0, Date.now(), 'coordinator');
      assert.deepEqual(log.abortedTransactions(0, 10), [
        { producerId: 4, firstOffset: 0, lastOffset: 3, lastStableOffset: 4 },
      ]);
      assert.deepEqual(log.abortedTransactions(4, 10), []);
      log.close();
      assert.ok(fs.readdirSync(`${dir}/t-0`).includes('00000000000000000000.txnindex'));
      log = PartitionLog.open(dir, 't', 0, config(), { fs });
      assert.equal(log.abortedTransactions(0, 10).length, 1);
      log.truncateTo(3);
      assert.equal(log.abortedTransactions(0, 10).length, 0);
      log.close();
    });
  });
}
