/**
 * The transaction APIs on the wire: FindCoordinator for transactional ids, InitProducerId epoch
 * bumps and fencing, AddPartitionsToTxn v3 and the v5 batched form (verifyOnly), EndTxn, the last
 * stable offset in Fetch and ListOffsets under read_committed, aborted transactions listed in
 * read-committed fetches, an open transaction that survives a restart and is then aborted by
 * its timeout (fencing its producer), and OffsetFetch's requireStable while a transaction holds a
 * group's offset.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeRecordBatches, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import { KafkaWire } from '../bench/kafka-wire.js';
import { type Broker, startBroker } from '../src/index.js';
import { waitFor } from './support/wait.js';

const CONFIG = {
  'transaction.state.log.num.partitions': 3,
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': 100,
};

function txBatch(pid: bigint, epoch: number, seq: number, values: string[]): Buffer {
  return encodeRecordBatch({
    producerId: pid,
    producerEpoch: epoch,
    baseSequence: seq,
    isTransactional: true,
    records: values.map((v) => ({ value: Buffer.from(v), timestamp: Date.now() })),
  });
}

describe('transaction APIs on the wire', () => {
  let dir: string;
  let broker: Broker;
  let wire: KafkaWire;

  const produce = async (records: Buffer, partition = 0) => {
    const r = await wire.send(0, 9, {
      transactionalId: 't1',
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: 'tw', partitionData: [{ index: partition, records }] }],
    });
    return r.responses[0]?.partitionResponses[0]?.errorCode;
  };
  const fetch = async (isolationLevel: number) => {
    const r = await wire.send(1, 11, {
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1 << 20,
      isolationLevel,
      topics: [
        {
          topic: 'tw',
          topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
          partitions: [
            {
              partition: 0,
              fetchOffset: 0n,
              partitionMaxBytes: 1 << 20,
              currentLeaderEpoch: -1,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
            },
          ],
        },
      ],
    });
    return r.responses[0]?.partitions[0];
  };
  const latest = async (isolationLevel: number) => {
    const r = await wire.send(2, 7, {
      replicaId: -1,
      isolationLevel,
      topics: [
        { name: 'tw', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n, maxNumOffsets: 1 }] },
      ],
    });
    return r.topics[0]?.partitions[0]?.offset;
  };
  const init = (producerId = -1n, producerEpoch = -1) =>
    wire.send(22, 4, { transactionalId: 't1', transactionTimeoutMs: 60_000, producerId, producerEpoch });
  const addPartitions = (pid: bigint, epoch: number, partitions: number[], topic = 'tw') =>
    wire.send(24, 3, {
      v3AndBelowTransactionalId: 't1',
      v3AndBelowProducerId: pid,
      v3AndBelowProducerEpoch: epoch,
      v3AndBelowTopics: [{ name: topic, partitions }],
    });
  const endTxn = (pid: bigint, epoch: number, committed: boolean) =>
    wire.send(26, 3, { transactionalId: 't1', producerId: pid, producerEpoch: epoch, committed });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-txn-wire-'));
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    wire = await KafkaWire.open(broker.bootstrapServers);
    await wire.send(19, 4, {
      topics: [{ name: 'tw', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
    });
  });
  after(async () => {
    wire.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('FindCoordinator for a transactional id: created on first use, then this broker', async () => {
    const first = await wire.send(10, 4, { keyType: 1, coordinatorKeys: ['t1'] });
    assert.equal(first.coordinators[0]?.errorCode, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    await waitFor(
      'the transaction coordinator',
      async () => (await wire.send(10, 4, { keyType: 1, coordinatorKeys: ['t1'] })).coordinators[0]?.errorCode === 0,
    );
    const md = await wire.send(3, 9, { topics: [{ name: '__transaction_state', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }] });
    assert.equal(md.topics[0]?.partitions.length, 3);
    assert.equal(md.topics[0]?.isInternal, true);
  });

  it('InitProducerId bumps the epoch of a transactional id and fences stale callers', async () => {
    const a = await init();
    const b = await init();
    assert.equal(a.errorCode, 0);
    assert.equal(b.producerId, a.producerId);
    assert.equal(b.producerEpoch, a.producerEpoch + 1);
    assert.equal((await init(a.producerId, a.producerEpoch)).errorCode, ErrorCode.PRODUCER_FENCED);
    const bad = await wire.send(22, 4, {
      transactionalId: 't1',
      transactionTimeoutMs: 10 ** 9,
      producerId: -1n,
      producerEpoch: -1,
    });
    assert.equal(bad.errorCode, ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  });

  it('AddPartitionsToTxn checks partitions, producer and epoch; v5 batches and verifies', async () => {
    const { producerId: pid, producerEpoch: epoch } = await init();
    const unknown = await addPartitions(pid, epoch, [0, 7]);
    assert.deepEqual(
      unknown.resultsByTopicV3AndBelow[0]?.resultsByPartition.map((p) => p.partitionErrorCode),
      [ErrorCode.OPERATION_NOT_ATTEMPTED, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    );
    const fenced = await addPartitions(pid, epoch - 1, [0]);
    assert.equal(
      fenced.resultsByTopicV3AndBelow[0]?.resultsByPartition[0]?.partitionErrorCode,
      ErrorCode.PRODUCER_FENCED,
    );
    const v5 = await wire.send(24, 5, {
      transactions: [
        {
          transactionalId: 't1',
          producerId: pid,
          producerEpoch: epoch,
          verifyOnly: false,
          topics: [{ name: 'tw', partitions: [0] }],
        },
        {
          transactionalId: 'nope',
          producerId: 1n,
          producerEpoch: 0,
          verifyOnly: false,
          topics: [{ name: 'tw', partitions: [0] }],
        },
      ],
    });
    assert.deepEqual(
      v5.resultsByTransaction.map((t) => [
        t.transactionalId,
        t.topicResults[0]?.resultsByPartition[0]?.partitionErrorCode,
      ]),
      [
        ['t1', 0],
        ['nope', ErrorCode.INVALID_PRODUCER_ID_MAPPING],
      ],
    );
    const verify = await wire.send(24, 5, {
      transactions: [
        {
          transactionalId: 't1',
          producerId: pid,
          producerEpoch: epoch,
          verifyOnly: true,
          topics: [{ name: 'tw', partitions: [0, 1] }],
        },
      ],
    });
    assert.deepEqual(
      verify.resultsByTransaction[0]?.topicResults[0]?.resultsByPartition.map((p) => p.partitionErrorCode),
      [0, ErrorCode.INVALID_TXN_STATE],
    );
    assert.equal((await endTxn(pid, epoch, false)).errorCode, 0);
    assert.equal((await endTxn(pid, epoch, false)).errorCode, 0, 'a retried EndTxn');
    assert.equal((await endTxn(pid, epoch, true)).errorCode, ErrorCode.INVALID_TXN_STATE);
  });

  it('read_committed: the LSO holds back an open transaction; aborted ones are listed', async () => {
    const { producerId: pid, producerEpoch: epoch } = await init();
    const before = Number(await latest(0));
    await addPartitions(pid, epoch, [0]);
    assert.equal(await produce(txBatch(pid, epoch, 0, ['x', 'y'])), 0);
    assert.equal(await latest(1), BigInt(before), 'LATEST under read_committed is the LSO');
    assert.equal(await latest(0), BigInt(before + 2));
    const open = await fetch(1);
    assert.equal(open?.lastStableOffset, BigInt(before));
    const visible = open?.records ? decodeRecordBatches(Buffer.from(open.records)) : [];
    assert.ok(
      visible.every((b) => Number(b.baseOffset) + b.lastOffsetDelta < before),
      'nothing past the LSO',
    );
    assert.equal((await endTxn(pid, epoch, false)).errorCode, 0);
    const done = await fetch(1);
    assert.equal(done?.lastStableOffset, BigInt(before + 3), 'after the abort marker');
    assert.deepEqual(done?.abortedTransactions, [{ producerId: pid, firstOffset: BigInt(before) }]);
    assert.equal((await fetch(0))?.abortedTransactions, null);
  });

  it('an open transaction survives a restart and is aborted by its timeout, fencing the producer', async () => {
    const r = await wire.send(22, 4, {
      transactionalId: 't1',
      transactionTimeoutMs: 1500,
      producerId: -1n,
      producerEpoch: -1,
    });
    const { producerId: pid, producerEpoch: epoch } = r;
    await addPartitions(pid, epoch, [0]);
    assert.equal(await produce(txBatch(pid, epoch, 0, ['z'])), 0);
    const lso = (await fetch(1))?.lastStableOffset;
    wire.close();
    await broker.stop();
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    wire = await KafkaWire.open(broker.bootstrapServers);
    assert.equal((await fetch(1))?.lastStableOffset, lso, 'still open after the restart');
    await waitFor('the timeout abort', async () => (await fetch(1))?.lastStableOffset !== lso, 10_000);
    assert.equal((await endTxn(pid, epoch, true)).errorCode, ErrorCode.PRODUCER_FENCED);
    assert.equal(await produce(txBatch(pid, epoch, 1, ['late'])), ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('DescribeTransactions, ListTransactions and DescribeProducers show the open transaction', async () => {
    const { producerId: pid, producerEpoch: epoch } = await init();
    await addPartitions(pid, epoch, [1]);
    assert.equal(await produce(txBatch(pid, epoch, 0, ['d']), 1), 0);
    const d = await wire.send(65, 0, { transactionalIds: ['t1', 'missing'] });
    assert.deepEqual(
      d.transactionStates.map((s) => [s.transactionalId, s.errorCode, s.transactionState, s.producerId, s.topics]),
      [
        ['t1', 0, 'Ongoing', pid, [{ topic: 'tw', partitions: [1] }]],
        ['missing', ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, '', -1n, []],
      ],
    );
    const l = await wire.send(66, 1, {
      stateFilters: ['Ongoing', 'Bogus'],
      producerIdFilters: [],
      durationFilter: -1n,
    });
    assert.deepEqual(l.unknownStateFilters, ['Bogus']);
    assert.deepEqual(
      l.transactionStates.map((s) => [s.transactionalId, s.transactionState]),
      [['t1', 'Ongoing']],
    );
    const p = await wire.send(61, 0, { topics: [{ name: 'tw', partitionIndexes: [1, 9] }] });
    const [known, unknown] = p.topics[0]?.partitions ?? [];
    assert.equal(unknown?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const mine = known?.activeProducers.find((a) => a.producerId === pid);
    assert.equal(mine?.producerEpoch, epoch);
    assert.equal(mine?.lastSequence, 0);
    assert.ok((mine?.currentTxnStartOffset ?? -1n) >= 0n);
    assert.equal((await endTxn(pid, epoch, true)).errorCode, 0);
    const after = await wire.send(61, 0, { topics: [{ name: 'tw', partitionIndexes: [1] }] });
    assert.equal(
      after.topics[0]?.partitions[0]?.activeProducers.find((a) => a.producerId === pid)?.currentTxnStartOffset,
      -1n,
    );
  });

  it('OffsetFetch with requireStable: UNSTABLE_OFFSET_COMMIT while a transaction holds the offset', async () => {
    const id = { transactionalId: 'stable-tx' };
    const { producerId, producerEpoch } = await wire.send(22, 4, {
      ...id,
      transactionTimeoutMs: 60_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    const caller = { ...id, producerId, producerEpoch };
    assert.equal((await wire.send(25, 3, { ...caller, groupId: 'gs' })).errorCode, 0);
    const staged = await wire.send(28, 3, {
      ...caller,
      groupId: 'gs',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 'tw',
          partitions: [{ partitionIndex: 1, committedOffset: 11n, committedLeaderEpoch: -1, committedMetadata: '' }],
        },
      ],
    });
    assert.equal(staged.topics[0]?.partitions[0]?.errorCode, 0);
    const fetchOffset = async (requireStable: boolean) => {
      const r = await wire.send(9, 7, {
        groupId: 'gs',
        topics: [{ name: 'tw', partitionIndexes: [0, 1] }],
        requireStable,
      });
      return r.topics[0]?.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.errorCode]);
    };
    assert.deepEqual(await fetchOffset(true), [
      [0, -1n, 0],
      [1, -1n, ErrorCode.UNSTABLE_OFFSET_COMMIT],
    ]);
    assert.deepEqual(await fetchOffset(false), [
      [0, -1n, 0],
      [1, -1n, 0],
    ]);
    assert.equal((await wire.send(26, 3, { ...caller, committed: true })).errorCode, 0);
    assert.deepEqual(await fetchOffset(true), [
      [0, -1n, 0],
      [1, 11n, 0],
    ]);
  });
});
