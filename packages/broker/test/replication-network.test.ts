/**
 * Replication over real sockets: a follower ReplicaManager fetches with the RemoteLeaderEndpoint
 * (Fetch v12 with its replica id, OffsetForLeaderEpoch, ListOffsets) from a running broker that a
 * LeaderAndIsr sent on the wire made the leader of a two-replica partition; a Produce with
 * acks=all sent on the wire completes once the follower has the records.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import {
  apis,
  defaultLeaderAndIsrRequest,
  defaultLeaderAndIsrRequestLeaderAndIsrPartitionState,
  defaultLeaderAndIsrRequestLeaderAndIsrTopicState,
  defaultStopReplicaRequest,
  ErrorCode,
  encodeRecordBatch,
  type LeaderAndIsrRequest,
  type ProduceRequest,
} from '@samsa/protocol';
import { LogManager, parseLogConfig } from '@samsa/storage';
import { RemoteLeaderEndpoint } from '../src/replica/remote-leader-endpoint.js';
import { ReplicaManager } from '../src/replica/replica-manager.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';
import { waitFor } from './support/wait.js';

const LEADER = 1;
const FOLLOWER = 2;

function leaderAndIsr(port: number, controllerEpoch: number): LeaderAndIsrRequest {
  const req = defaultLeaderAndIsrRequest();
  req.controllerEpoch = controllerEpoch;
  const topic = defaultLeaderAndIsrRequestLeaderAndIsrTopicState();
  topic.topicName = 'net';
  const p = defaultLeaderAndIsrRequestLeaderAndIsrPartitionState();
  Object.assign(p, {
    topicName: 'net',
    partitionIndex: 0,
    controllerEpoch,
    leader: LEADER,
    leaderEpoch: 1,
    isr: [LEADER, FOLLOWER],
    partitionEpoch: 3,
    replicas: [LEADER, FOLLOWER],
  });
  topic.partitionStates.push(p);
  req.topicStates.push(topic);
  req.liveLeaders.push({ brokerId: LEADER, hostName: '127.0.0.1', port });
  return req;
}

describe('replication over the network', () => {
  let fx: TestBroker;
  let client: RawClient;
  let dir: string;
  let logs: LogManager;
  let follower: ReplicaManager;

  before(async () => {
    fx = await startTestBroker({ brokerId: LEADER });
    await fx.broker.topics.create(
      { name: 'net', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    client = await RawClient.open(fx.broker.port);
    dir = mkdtempSync(join(tmpdir(), 'samsa-follower-'));
    logs = LogManager.open({ logDirs: [dir], defaultConfig: parseLogConfig({}) });
    follower = new ReplicaManager(FOLLOWER, logs, silentLogger, { fetch: { maxWaitMs: 100, backoffMs: 50 } });
  });

  after(async () => {
    await follower.shutdown();
    logs.close();
    rmSync(dir, { recursive: true, force: true });
    client.close();
    await fx.stop();
  });

  it('LeaderAndIsr on the wire: stale controller epochs are refused, the new state is adopted', async () => {
    const ok = await client.request(apis[4], 4, leaderAndIsr(fx.broker.port, 2));
    assert.equal(ok.errorCode, ErrorCode.NONE);
    assert.deepEqual(ok.partitionErrors, [{ topicName: 'net', partitionIndex: 0, errorCode: ErrorCode.NONE }]);
    const stale = await client.request(apis[4], 4, leaderAndIsr(fx.broker.port, 1));
    assert.equal(stale.errorCode, ErrorCode.STALE_CONTROLLER_EPOCH);
    assert.equal(stale.partitionErrors[0]?.errorCode, ErrorCode.STALE_CONTROLLER_EPOCH);
    const p = fx.broker.replicas.getPartition('net', 0);
    assert.equal(p?.leaderEpoch, 1);
    assert.deepEqual(p?.isr, [LEADER, FOLLOWER]);
    assert.equal(p?.partitionEpoch, 3);

    // v5+ answer by topic id.
    const v6 = leaderAndIsr(fx.broker.port, 1);
    const topicId = fx.broker.metadata.topicIdOf('net') ?? '';
    for (const t of v6.topicStates) t.topicId = topicId;
    const byId = await client.request(apis[4], 6, v6);
    assert.equal(byId.errorCode, ErrorCode.STALE_CONTROLLER_EPOCH);
    assert.deepEqual(byId.topics, [
      { topicId, partitionErrors: [{ topicName: '', partitionIndex: 0, errorCode: ErrorCode.STALE_CONTROLLER_EPOCH }] },
    ]);
  });

  it('StopReplica on the wire: stale controller epochs and old leader epochs are refused', async () => {
    const stopReplica = (controllerEpoch: number, leaderEpoch: number) => {
      const req = defaultStopReplicaRequest();
      req.controllerEpoch = controllerEpoch;
      req.topicStates.push({
        topicName: 'net',
        partitionStates: [{ partitionIndex: 0, leaderEpoch, deletePartition: false }],
      });
      return client.request(apis[5], 3, req);
    };
    const stale = await stopReplica(1, 1);
    assert.equal(stale.errorCode, ErrorCode.STALE_CONTROLLER_EPOCH);
    const fenced = await stopReplica(2, 0);
    assert.equal(fenced.errorCode, ErrorCode.NONE);
    assert.deepEqual(fenced.partitionErrors, [
      { topicName: 'net', partitionIndex: 0, errorCode: ErrorCode.FENCED_LEADER_EPOCH },
    ]);
    assert.equal(fx.broker.replicas.getPartition('net', 0)?.leaderEpoch, 1, 'still hosted and leading');
  });

  it('acks=all over the wire completes once the remote follower has fetched', async () => {
    const state = {
      topic: 'net',
      topicId: '',
      partition: 0,
      controllerEpoch: 2,
      leader: LEADER,
      leaderEpoch: 1,
      isr: [LEADER, FOLLOWER],
      partitionEpoch: 3,
      replicas: [LEADER, FOLLOWER],
      addingReplicas: [],
      removingReplicas: [],
      isNew: true,
    };
    const produce: ProduceRequest = {
      transactionalId: null,
      acks: -1,
      timeoutMs: 15_000,
      topicData: [
        {
          name: 'net',
          partitionData: [
            {
              index: 0,
              records: encodeRecordBatch({
                records: [{ value: Buffer.from('hello') }, { value: Buffer.from('world') }],
              }),
            },
          ],
        },
      ],
    };
    // Produce first: the answer must wait for the follower, which starts only afterwards.
    const answer = client.request(apis[0], 9, produce, 20_000);
    await waitFor('the append on the leader', () => fx.broker.replicas.getPartition('net', 0)?.log.logEndOffset === 2);
    assert.equal(fx.broker.replicas.producePurgatory.watched, 1);
    const result = follower.becomeLeaderOrFollower({
      controllerId: 0,
      brokerEpoch: -1n,
      controllerEpoch: 2,
      partitions: [state],
      liveLeaders: [{ brokerId: LEADER, host: '127.0.0.1', port: fx.broker.port }],
    });
    assert.deepEqual(result.partitions, [{ topic: 'net', partition: 0, errorCode: ErrorCode.NONE }]);
    const res = await answer;
    const pr = res.responses[0]?.partitionResponses[0];
    assert.equal(pr?.errorCode, ErrorCode.NONE);
    assert.equal(pr?.baseOffset, 0n);

    const leaderLog = fx.broker.replicas.getPartition('net', 0)?.log;
    const followerLog = follower.getPartition('net', 0)?.log;
    assert.ok(leaderLog && followerLog);
    assert.equal(leaderLog.highWatermark, 2);
    await waitFor('the follower high watermark', () => followerLog.highWatermark === 2);
    const all = (log: typeof leaderLog) =>
      Buffer.from(log.read({ startOffset: 0, maxBytes: 1 << 20, limit: log.logEndOffset, minOneBatch: true }).records);
    assert.deepEqual(all(followerLog), all(leaderLog));
    assert.deepEqual(followerLog.epochEntries(), [{ epoch: 1, startOffset: 0 }]);
  });

  it('the remote endpoint reads the leader log end (not the high watermark) and log start', async () => {
    await follower.stopReplicas({
      controllerId: 0,
      brokerEpoch: -1n,
      controllerEpoch: 2,
      partitions: [{ topic: 'net', partition: 0, leaderEpoch: 1, deletePartition: false }],
    });
    const produce: ProduceRequest = {
      transactionalId: null,
      acks: 1,
      timeoutMs: 15_000,
      topicData: [
        {
          name: 'net',
          partitionData: [{ index: 0, records: encodeRecordBatch({ records: [{ value: Buffer.from('!') }] }) }],
        },
      ],
    };
    assert.equal(
      (await client.request(apis[0], 9, produce)).responses[0]?.partitionResponses[0]?.errorCode,
      ErrorCode.NONE,
    );
    assert.equal(fx.broker.replicas.getPartition('net', 0)?.log.highWatermark, 2, 'the follower no longer fetches');
    const endpoint = new RemoteLeaderEndpoint({
      leaderId: LEADER,
      host: '127.0.0.1',
      port: fx.broker.port,
      brokerId: FOLLOWER,
    });
    try {
      assert.equal(await endpoint.latestOffset(FOLLOWER, 'net', 0, 1), 3);
      assert.equal(await endpoint.earliestOffset(FOLLOWER, 'net', 0, 1), 0);
      const [answer] = await endpoint.offsetForLeaderEpoch(FOLLOWER, [
        { topic: 'net', partition: 0, currentLeaderEpoch: 0, leaderEpoch: 1 },
      ]);
      assert.equal(answer?.errorCode, ErrorCode.FENCED_LEADER_EPOCH, 'a follower behind the leader epoch is fenced');
      await assert.rejects(
        endpoint.latestOffset(FOLLOWER, 'net', 0, 2),
        (e: { code: number }) => e.code === ErrorCode.UNKNOWN_LEADER_EPOCH,
      );
    } finally {
      endpoint.close();
    }
  });
});
