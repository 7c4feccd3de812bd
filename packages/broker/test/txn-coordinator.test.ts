/**
 * The transaction coordinator alone, over an in-memory __transaction_state and marker writer with a
 * manual clock: __transaction_state records round-trip in Kafka's format; a decided commit whose
 * markers could not be written is completed after a restart; an ongoing transaction times out
 * into an abort under a bumped epoch; transactional offsets are appended under the producer's id
 * and closed by the transaction's marker; idle ids expire; in cluster mode partitions load and
 * unload with leadership, and a completion stops when its partition moves away.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import type { OffsetCommitEntry } from '../src/coordinator/group/offset-manager.js';
import { PRODUCER_ID_BLOCK_SIZE, ProducerIdManager } from '../src/coordinator/txn/producer-id-manager.js';
import { TransactionCoordinator } from '../src/coordinator/txn/transaction-coordinator.js';
import { decodeTxnKey, decodeTxnValue, encodeTxnKey, encodeTxnValue } from '../src/coordinator/txn/txn-log-record.js';
import type { MarkerRequest, TxnMarkerWriter } from '../src/coordinator/txn/txn-marker-writer.js';
import { type TxnMetadata, type TxnPartition, TxnState } from '../src/coordinator/txn/txn-metadata.js';
import type { TxnStateLog } from '../src/coordinator/txn/txn-state-log.js';
import { ManualTimer } from './support/manual-timer.js';

class MemoryTxnLog implements TxnStateLog {
  readonly records = new Map<number, Array<{ key: Buffer; value: Buffer | null }>>();
  append(partition: number, key: Buffer, value: Buffer | null): number {
    this.records.set(partition, [...(this.records.get(partition) ?? []), { key, value }]);
    return ErrorCode.NONE;
  }
  readAll(partition: number) {
    return this.records.get(partition) ?? [];
  }
  led = true;
  durable = true;
  coordinatorEpoch(): number {
    return this.led ? 0 : -1;
  }
  async awaitDurable(): Promise<number> {
    return this.durable ? ErrorCode.NONE : ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
}

class Markers implements TxnMarkerWriter {
  written: Array<{ marker: MarkerRequest; partitions: TxnPartition[] }> = [];
  failing = false;
  /** When set, a write waits for it (a slow leader) before it looks at `stillWanted`. */
  gate: Promise<void> | null = null;
  async write(
    marker: MarkerRequest,
    partitions: readonly TxnPartition[],
    _now: number,
    stillWanted: () => boolean,
  ): Promise<number[]> {
    if (this.gate) await this.gate;
    if (!stillWanted()) return partitions.map(() => ErrorCode.NOT_COORDINATOR);
    if (this.failing) return partitions.map(() => ErrorCode.NOT_LEADER_OR_FOLLOWER);
    this.written.push({ marker, partitions: [...partitions] });
    return partitions.map(() => ErrorCode.NONE);
  }
}

type OffsetLogEntry = {
  partition: number;
  producerId: number;
  staged: { groupId: string; offsets: OffsetCommitEntry[] };
};

function setup(
  log = new MemoryTxnLog(),
  markers = new Markers(),
  timer = new ManualTimer(),
  offsetLog: OffsetLogEntry[] = [],
  followsLeadership = false,
) {
  let end = -1;
  const ids = new ProducerIdManager({ lastReservedEnd: () => end, reserve: (_s, e) => void (end = e) });
  const coordinator = new TransactionCoordinator({
    config: {
      numPartitions: 3,
      maxTimeoutMs: 900_000,
      abortCheckIntervalMs: 1000,
      idExpirationMs: 60_000,
      idExpirationCheckIntervalMs: 5000,
    },
    log,
    markers,
    producerIds: ids,
    groups: {
      partitionFor: () => 4,
      validate: (req) => req.offsets.map(() => ErrorCode.NONE),
    },
    offsetLog: {
      append: (partition, producerId, _epoch, staged) => {
        offsetLog.push({ partition, producerId, staged });
        return ErrorCode.NONE;
      },
    },
    followsLeadership,
    partitionExists: (topic) => topic !== 'missing',
    timer,
    logger: silentLogger,
    createTopic: async () => 3,
  });
  if (!followsLeadership) coordinator.start();
  return { coordinator, log, markers, timer, offsetLog };
}

const offset = (partition: number, value: bigint): OffsetCommitEntry => ({
  topic: 'in',
  partition,
  offset: value,
  leaderEpoch: -1,
  metadata: null,
  commitTimestamp: -1,
});

describe('transaction coordinator', () => {
  it('__transaction_state records round-trip', () => {
    const m: TxnMetadata = {
      transactionalId: 'tx',
      producerId: 4000,
      producerEpoch: 7,
      txnTimeoutMs: 60_000,
      state: TxnState.Ongoing,
      partitions: [
        { topic: 'a', partition: 0 },
        { topic: 'b', partition: 3 },
        { topic: 'a', partition: 2 },
      ],
      txnStartTimestamp: 1_700_000_000_000,
      txnLastUpdateTimestamp: 1_700_000_000_500,
    };
    assert.equal(decodeTxnKey(encodeTxnKey('tx')), 'tx');
    const back = decodeTxnValue('tx', encodeTxnValue(m));
    assert.deepEqual(
      {
        ...back,
        partitions: [...back.partitions].sort((x, y) => x.topic.localeCompare(y.topic) || x.partition - y.partition),
      },
      {
        ...m,
        partitions: [
          { topic: 'a', partition: 0 },
          { topic: 'a', partition: 2 },
          { topic: 'b', partition: 3 },
        ],
      },
    );
    // Kafka's byte layout (key v0, value v0), unchanged since the records were first written.
    assert.equal(encodeTxnKey('tx').toString('hex'), '000000027478');
    assert.equal(
      encodeTxnValue(m).toString('hex'),
      '00000000000000000fa000070000ea600100000002000161000000020000000000000002' +
        '00016200000001000000030000018bcfe569f40000018bcfe56800',
    );
    assert.throws(() => decodeTxnValue('tx', encodeTxnValue(m).subarray(0, 20)), { code: 'TRUNCATED' });
  });

  it('producer ids come from persisted blocks and never repeat', () => {
    let end = -1;
    const store = { lastReservedEnd: () => end, reserve: (_s: number, e: number) => void (end = e) };
    const a = new ProducerIdManager(store);
    assert.deepEqual([a.next(), a.next()], [0, 1]);
    const b = new ProducerIdManager(store);
    assert.equal(b.next(), PRODUCER_ID_BLOCK_SIZE);
  });

  it('a decided commit is completed after a restart, markers to the data and offsets partitions alike', async () => {
    const first = setup();
    const init = await first.coordinator.initProducerId('tx', 60_000, -1, -1);
    const caller = { transactionalId: 'tx', producerId: init.producerId, producerEpoch: init.producerEpoch };
    assert.deepEqual(await first.coordinator.addPartitions(caller, [{ topic: 'out', partition: 0 }]), [0]);
    assert.equal(await first.coordinator.addOffsets(caller, 'g'), 0);
    assert.deepEqual(
      first.coordinator.txnOffsetCommit(
        caller,
        { groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null },
        [offset(0, 5n)],
      ),
      [0],
    );
    first.markers.failing = true;
    assert.equal(await first.coordinator.endTxn(caller, true), 0, 'the decision is durable');
    assert.equal(first.coordinator.get('tx')?.state, TxnState.PrepareCommit);
    first.coordinator.stop();

    const second = setup(first.log, new Markers(), new ManualTimer(), first.offsetLog);
    await new Promise((r) => setImmediate(r));
    assert.equal(second.coordinator.get('tx')?.state, TxnState.CompleteCommit);
    assert.deepEqual(
      second.markers.written.map((w) => [w.marker.commit, w.partitions]),
      [
        [
          true,
          [
            { topic: 'out', partition: 0 },
            { topic: '__consumer_offsets', partition: 4 },
          ],
        ],
      ],
    );
  });

  it('TxnOffsetCommit needs AddOffsetsToTxn, appends under the producer id, and is closed by the marker', async () => {
    const { coordinator, markers, offsetLog } = setup();
    const init = await coordinator.initProducerId('tx', 60_000, -1, -1);
    const caller = { transactionalId: 'tx', producerId: init.producerId, producerEpoch: init.producerEpoch };
    const group = { groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null };
    assert.deepEqual(
      coordinator.txnOffsetCommit(caller, group, [offset(0, 1n)]),
      [ErrorCode.INVALID_TXN_STATE],
      'group not added',
    );
    assert.equal(offsetLog.length, 0);
    await coordinator.addOffsets(caller, 'g');
    assert.deepEqual(coordinator.txnOffsetCommit(caller, group, [offset(0, 1n)]), [0]);
    assert.equal(await coordinator.endTxn(caller, false), 0);
    await coordinator.addOffsets(caller, 'g');
    coordinator.txnOffsetCommit(caller, group, [offset(0, 2n), offset(1, 3n)]);
    assert.deepEqual(
      coordinator.txnOffsetCommit({ ...caller, producerEpoch: caller.producerEpoch - 1 }, group, [offset(0, 9n)]),
      [ErrorCode.INVALID_PRODUCER_EPOCH],
    );
    assert.equal(await coordinator.endTxn(caller, true), 0);
    assert.deepEqual(
      offsetLog.map((o) => [o.partition, o.producerId, o.staged.offsets.map((x) => x.offset)]),
      [
        [4, init.producerId, [1n]],
        [4, init.producerId, [2n, 3n]],
      ],
    );
    assert.deepEqual(
      markers.written.map((w) => [w.marker.commit, w.partitions]),
      [
        [false, [{ topic: '__consumer_offsets', partition: 4 }]],
        [true, [{ topic: '__consumer_offsets', partition: 4 }]],
      ],
    );
  });

  it('cluster mode: a partition loads on election (completing a decided transaction) and unloads on resignation', async () => {
    const first = setup();
    const init = await first.coordinator.initProducerId('tx', 60_000, -1, -1);
    const caller = { transactionalId: 'tx', producerId: init.producerId, producerEpoch: init.producerEpoch };
    await first.coordinator.addPartitions(caller, [{ topic: 'out', partition: 0 }]);
    first.markers.failing = true;
    assert.equal(await first.coordinator.endTxn(caller, false), 0);
    first.coordinator.stop();

    const next = setup(first.log, new Markers(), new ManualTimer(), [], true);
    const partition = next.coordinator.partitionFor('tx');
    assert.equal(next.coordinator.coordinatorError('tx'), ErrorCode.NOT_COORDINATOR, 'not loaded before leadership');
    next.coordinator.onElection(partition);
    await new Promise((r) => setImmediate(r));
    assert.equal(next.coordinator.get('tx')?.state, TxnState.CompleteAbort);
    assert.deepEqual(
      next.markers.written.map((w) => [w.marker.commit, w.partitions]),
      [[false, [{ topic: 'out', partition: 0 }]]],
    );
    const again = await next.coordinator.initProducerId('tx', 60_000, -1, -1);
    assert.deepEqual([again.errorCode, again.producerEpoch], [0, init.producerEpoch + 1]);
    assert.equal(await next.coordinator.endTxn(caller, true), ErrorCode.PRODUCER_FENCED, 'the old epoch is fenced');

    next.coordinator.onResignation(partition);
    assert.equal(next.coordinator.get('tx'), undefined);
    assert.equal(next.coordinator.coordinatorError('tx'), ErrorCode.NOT_COORDINATOR);
    assert.equal((await next.coordinator.initProducerId('tx', 60_000, -1, -1)).errorCode, ErrorCode.NOT_COORDINATOR);
  });

  it('cluster mode: a completion in flight stops when the partition moves away; nothing is acted on before the ISR has it', async () => {
    const { coordinator, log, markers } = setup(new MemoryTxnLog(), new Markers(), new ManualTimer(), [], true);
    const partition = coordinator.partitionFor('tx');
    coordinator.onElection(partition);
    const init = await coordinator.initProducerId('tx', 60_000, -1, -1);
    const caller = { transactionalId: 'tx', producerId: init.producerId, producerEpoch: init.producerEpoch };
    await coordinator.addPartitions(caller, [{ topic: 'out', partition: 0 }]);

    log.durable = false;
    assert.equal(await coordinator.endTxn(caller, true), ErrorCode.COORDINATOR_NOT_AVAILABLE, 'not in the ISR');
    assert.equal(markers.written.length, 0, 'no marker while the decision may still be lost');
    assert.equal(coordinator.get('tx')?.state, TxnState.PrepareCommit);

    // The timer sweep retries the completion once the decision is replicated; the leader is slow.
    log.durable = true;
    let release = () => {};
    markers.gate = new Promise((r) => {
      release = r;
    });
    const records = log.records.get(partition)?.length ?? 0;
    coordinator.abortTimedOut();
    await new Promise((r) => setImmediate(r));
    coordinator.onResignation(partition);
    log.led = false;
    release();
    await new Promise((r) => setImmediate(r));
    assert.equal(markers.written.length, 0, 'the old coordinator wrote no marker after it resigned');
    assert.equal(log.records.get(partition)?.length, records, 'and no CompleteCommit');
  });

  it('times out an ongoing transaction into an abort under a bumped epoch, and expires idle ids', async () => {
    const { coordinator, markers, timer } = setup();
    const init = await coordinator.initProducerId('tx', 10_000, -1, -1);
    const caller = { transactionalId: 'tx', producerId: init.producerId, producerEpoch: init.producerEpoch };
    await coordinator.addPartitions(caller, [{ topic: 'out', partition: 1 }]);
    timer.advance(5000);
    assert.equal(coordinator.get('tx')?.state, TxnState.Ongoing);
    timer.advance(6000);
    await new Promise((r) => setImmediate(r));
    assert.equal(coordinator.get('tx')?.state, TxnState.CompleteAbort);
    assert.equal(coordinator.get('tx')?.producerEpoch, init.producerEpoch + 1);
    assert.deepEqual(
      markers.written.map((w) => [w.marker.commit, w.marker.producerEpoch]),
      [[false, init.producerEpoch + 1]],
    );
    assert.equal(await coordinator.endTxn(caller, true), ErrorCode.PRODUCER_FENCED);
    timer.advance(70_000);
    assert.equal(coordinator.get('tx'), undefined, 'expired after transactional.id.expiration.ms');
  });
});
