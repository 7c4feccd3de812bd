/**
 * Two whole brokers in one process, no ZooKeeper: the test sends each the LeaderAndIsr a controller
 * would, over the wire; broker 2 then follows broker 1 with its own replica fetcher (the default
 * RemoteLeaderEndpoint) and an acks=all produce to broker 1 completes once broker 2 has the
 * records. Broker 2 refuses produce and fetch as a follower. Then leadership moves to broker 2 and
 * broker 1 cuts the record only it had, through OffsetForLeaderEpoch over the wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apis,
  decodeRecordBatches,
  defaultFetchRequest,
  defaultLeaderAndIsrRequest,
  defaultLeaderAndIsrRequestLeaderAndIsrPartitionState,
  defaultStopReplicaRequest,
  ErrorCode,
  encodeRecordBatch,
  type LeaderAndIsrRequest,
  type ProduceRequest,
} from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';
import { waitFor } from './support/wait.js';

function leaderAndIsr(leader: number, leaderEpoch: number, leaderPort: number): LeaderAndIsrRequest {
  const req = defaultLeaderAndIsrRequest();
  req.controllerEpoch = 1;
  const p = defaultLeaderAndIsrRequestLeaderAndIsrPartitionState();
  Object.assign(p, { partitionIndex: 0, controllerEpoch: 1, leader, leaderEpoch, isr: [1, 2], replicas: [1, 2] });
  req.topicStates.push({ topicName: 'pair', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitionStates: [p] });
  req.liveLeaders.push({ brokerId: leader, hostName: '127.0.0.1', port: leaderPort });
  return req;
}

function produce(acks: number, values: string[]): ProduceRequest {
  const records = encodeRecordBatch({ records: values.map((v) => ({ value: Buffer.from(v) })) });
  return {
    transactionalId: null,
    acks,
    timeoutMs: 15_000,
    topicData: [{ name: 'pair', partitionData: [{ index: 0, records }] }],
  };
}

describe('two brokers replicating', () => {
  let one: TestBroker;
  let two: TestBroker;
  let toOne: RawClient;
  let toTwo: RawClient;

  before(async () => {
    one = await startTestBroker({ brokerId: 1 });
    two = await startTestBroker({ brokerId: 2 });
    toOne = await RawClient.open(one.broker.port);
    toTwo = await RawClient.open(two.broker.port);
  });

  after(async () => {
    toOne.close();
    toTwo.close();
    // broker.ts does not stop replica fetchers yet; the lead wires replicas.shutdown() into stop().
    await two.broker.replicas.shutdown();
    await one.broker.replicas.shutdown();
    await two.stop();
    await one.stop();
  });

  it('the follower broker copies the leader broker and acks=all waits for it', async () => {
    for (const client of [toOne, toTwo]) {
      const res = await client.request(apis[4], 5, leaderAndIsr(1, 0, one.broker.port));
      assert.equal(res.errorCode, ErrorCode.NONE);
      assert.equal(res.topics[0]?.partitionErrors[0]?.errorCode, ErrorCode.NONE);
    }
    const res = await toOne.request(apis[0], 9, produce(-1, ['x', 'y', 'z']), 20_000);
    assert.equal(res.responses[0]?.partitionResponses[0]?.errorCode, ErrorCode.NONE);
    const leaderLog = one.broker.replicas.getPartition('pair', 0)?.log;
    const followerLog = two.broker.replicas.getPartition('pair', 0)?.log;
    assert.ok(leaderLog && followerLog);
    assert.ok(followerLog.logEndOffset >= 3, 'acknowledged only once the follower had the records');
    assert.equal(leaderLog.highWatermark, 3);
    await waitFor('the follower high watermark', () => followerLog.highWatermark === 3);
    const values = decodeRecordBatches(
      Buffer.from(followerLog.read({ startOffset: 0, maxBytes: 1 << 20, limit: 3, minOneBatch: true }).records),
    ).flatMap((b) => b.records.map((r) => r.value?.toString()));
    assert.deepEqual(values, ['x', 'y', 'z']);

    const refused = await toTwo.request(apis[0], 9, produce(1, ['nope']));
    assert.equal(refused.responses[0]?.partitionResponses[0]?.errorCode, ErrorCode.NOT_LEADER_OR_FOLLOWER);
    const fetch = defaultFetchRequest();
    fetch.replicaId = -1;
    fetch.topics.push({
      topic: 'pair',
      topicId: '',
      partitions: [
        {
          partition: 0,
          currentLeaderEpoch: -1,
          fetchOffset: 0n,
          lastFetchedEpoch: -1,
          logStartOffset: -1n,
          partitionMaxBytes: 1 << 20,
        },
      ],
    });
    const consumed = await toTwo.request(apis[1], 12, fetch);
    assert.equal(consumed.responses[0]?.partitions[0]?.errorCode, ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });

  it('after a leader change the old leader truncates what the new one never had, over the wire', async () => {
    const stop = defaultStopReplicaRequest();
    stop.controllerEpoch = 1;
    stop.topicStates.push({
      topicName: 'pair',
      partitionStates: [{ partitionIndex: 0, leaderEpoch: 0, deletePartition: false }],
    });
    assert.equal((await toTwo.request(apis[5], 3, stop)).partitionErrors[0]?.errorCode, ErrorCode.NONE);
    const uncommitted = await toOne.request(apis[0], 9, produce(1, ['lost']));
    assert.equal(uncommitted.responses[0]?.partitionResponses[0]?.baseOffset, 3n);

    for (const client of [toTwo, toOne]) {
      const res = await client.request(apis[4], 5, leaderAndIsr(2, 1, two.broker.port));
      assert.equal(res.topics[0]?.partitionErrors[0]?.errorCode, ErrorCode.NONE);
    }
    const res = await toTwo.request(apis[0], 9, produce(-1, ['new']), 20_000);
    assert.equal(res.responses[0]?.partitionResponses[0]?.errorCode, ErrorCode.NONE);
    assert.equal(res.responses[0]?.partitionResponses[0]?.baseOffset, 3n);
    const oldLeaderLog = one.broker.replicas.getPartition('pair', 0)?.log;
    assert.ok(oldLeaderLog);
    const values = decodeRecordBatches(
      Buffer.from(
        oldLeaderLog.read({ startOffset: 0, maxBytes: 1 << 20, limit: oldLeaderLog.logEndOffset, minOneBatch: true })
          .records,
      ),
    ).flatMap((b) => b.records.map((r) => r.value?.toString()));
    assert.deepEqual(values, ['x', 'y', 'z', 'new']);
    assert.deepEqual(oldLeaderLog.epochEntries(), [
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 3 },
    ]);
  });
});
