/**
 * The leader's side of WriteTxnMarkers on a real broker's logs: a commit marker on a
 * __consumer_offsets partition publishes the offsets the transaction appended there, an abort
 * marker does not, and a marker from an older coordinator epoch (a zombie coordinator) is refused
 * with TRANSACTION_COORDINATOR_FENCED before it publishes anything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { OFFSETS_TOPIC } from '../src/coordinator/group/group-partition.js';
import { txnMarkerAppender } from '../src/coordinator/txn/start-transaction-coordinator.js';
import type { TxnMarkerAppender } from '../src/coordinator/txn/txn-marker-appender.js';
import { ReplicaTxnOffsetLog } from '../src/coordinator/txn/txn-offset-log.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

const PRODUCER = 4242;

describe('transaction marker appender', () => {
  let fx: TestBroker;
  let appender: TxnMarkerAppender;
  let offsetLog: ReplicaTxnOffsetLog;
  let partition: number;

  before(async () => {
    fx = await startTestBroker();
    const { broker } = fx;
    await broker.topics.create(
      { name: 'in', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    appender = txnMarkerAppender({
      config: broker.config,
      replicas: broker.replicas,
      groups: broker.groups,
      logger: silentLogger,
    });
    offsetLog = new ReplicaTxnOffsetLog(broker.replicas);
    partition = broker.groups.partitionFor('g');
  });
  after(async () => {
    await fx.stop();
  });

  const committed = () =>
    fx.broker.groups.fetchOffsets('g', [{ name: 'in', partitions: [0] }]).topics[0]?.partitions[0];
  const stage = (offset: bigint) => {
    const entry = { topic: 'in', partition: 0, offset, leaderEpoch: -1, metadata: '', commitTimestamp: -1 };
    const code = offsetLog.append(partition, PRODUCER, 0, { groupId: 'g', offsets: [entry] }, Date.now());
    assert.equal(code, ErrorCode.NONE);
  };
  const mark = (commit: boolean, coordinatorEpoch: number) =>
    appender.append(
      { producerId: PRODUCER, producerEpoch: 0, coordinatorEpoch, commit },
      [{ topic: OFFSETS_TOPIC, partition }],
      Date.now(),
    );

  it('abort hides, a zombie coordinator is fenced before it publishes, commit publishes', async () => {
    stage(5n);
    assert.deepEqual(await mark(false, 5), [ErrorCode.NONE]);
    assert.equal(committed()?.offset, -1n, 'the aborted offset is not visible');

    stage(7n);
    assert.deepEqual(await mark(true, 4), [ErrorCode.TRANSACTION_COORDINATOR_FENCED]);
    assert.equal(committed()?.offset, -1n, 'nothing published by the fenced marker');

    assert.deepEqual(await mark(true, 5), [ErrorCode.NONE]);
    assert.equal(committed()?.offset, 7n);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a partition not hosted here', async () => {
    const codes = await appender.append(
      { producerId: PRODUCER, producerEpoch: 0, coordinatorEpoch: 5, commit: true },
      [{ topic: 'absent', partition: 0 }],
      Date.now(),
    );
    assert.deepEqual(codes, [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  });
});
