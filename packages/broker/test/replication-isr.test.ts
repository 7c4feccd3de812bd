/**
 * The control plane of replication: ISR shrink after replica.lag.time.max.ms and expansion once a
 * follower catches up, both through AlterPartition with the state's version (the test's fake
 * controller records every request); what the leader does when the controller refuses; and
 * fencing of stale controllers and stale leader epochs in LeaderAndIsr and StopReplica.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import type { GroupCoordinator } from '../src/coordinator/group/group-coordinator.js';
import type { MetadataCache } from '../src/metadata/metadata-cache.js';
import { BrokerMetrics } from '../src/metrics/broker-metrics.js';
import { RequestProbe } from '../src/metrics/request-probe.js';
import type { ReplicaManager } from '../src/replica/replica-manager.js';
import { parsePromText } from './support/prom-text.js';
import { ReplicaCluster } from './support/replica-cluster.js';

/** The leader's replica-manager series as /metrics would show them (no metadata, no groups). */
function replicaMetrics(replicas: ReplicaManager): () => Promise<Record<string, number>> {
  const metrics = new BrokerMetrics(
    {
      brokerId: replicas.brokerId,
      replicas,
      metadata: { topics: () => [], topic: () => undefined } as unknown as MetadataCache,
      groups: { listGroups: () => ({ errorCode: 0, groups: [] }) } as unknown as GroupCoordinator,
      requestProbe: new RequestProbe(),
      logDirs: [],
      listenerConnections: () => [],
      isActiveController: () => false,
    },
    { partitionSeries: true },
  );
  return async () => {
    const out: Record<string, number> = {};
    for (const s of parsePromText((await metrics.scrape(undefined)).body)) {
      if (s.name.startsWith('kafka_server_replicamanager_'))
        out[s.name.slice('kafka_server_replicamanager_'.length)] = s.value;
    }
    return out;
  };
}

import { waitFor } from './support/wait.js';

describe('replication: ISR and fencing', () => {
  let cluster: ReplicaCluster;
  afterEach(async () => {
    await cluster.close();
  });

  it('shrinks the ISR after replica.lag.time.max.ms and expands it again once the follower catches up', async () => {
    cluster = new ReplicaCluster([1, 2, 3]);
    cluster.elect('t', 0, 1, [1, 2, 3]);
    const leader = cluster.node(1).replicas;
    const scrape = replicaMetrics(leader);
    cluster.node(3).endpoints.get(1)?.pause();
    cluster.produce(1, 't', ['a', 'b']);
    await waitFor('broker 2 to catch up', () => cluster.log(2, 't').logEndOffset === 2);
    await waitFor('the leader to know it', () => leader.getPartition('t', 0)?.follower(2)?.logEndOffset === 2);

    cluster.clock += 30_000;
    assert.equal(leader.maybeShrinkIsr(), 0, 'exactly replica.lag.time.max.ms behind is still in sync');
    cluster.clock += 1;
    assert.equal(leader.maybeShrinkIsr(), 1);
    assert.deepEqual(cluster.alterRequests, [
      { topic: 't', topicId: '', partition: 0, leaderId: 1, leaderEpoch: 0, newIsr: [1, 2], partitionEpoch: 0 },
    ]);
    await waitFor('the leader to adopt the new ISR', () => leader.getPartition('t', 0)?.isr.length === 2);
    const p = leader.getPartition('t', 0);
    assert.deepEqual(p?.isr, [1, 2]);
    assert.equal(p?.partitionEpoch, 1, 'the znode version the controller wrote');
    assert.equal(cluster.log(1, 't').highWatermark, 2, 'without broker 3 the records are committed');
    const shrunk = await scrape();
    assert.equal(shrunk.underreplicatedpartitions, 1);
    assert.equal(shrunk.isrshrinks_total, 1);
    assert.equal(shrunk.isrexpands_total, 0);
    assert.equal(shrunk.leadercount, 1);

    cluster.node(3).endpoints.get(1)?.resume();
    await waitFor('broker 3 to rejoin the ISR', () => p?.isr.includes(3) === true);
    assert.deepEqual(cluster.alterRequests.at(-1), {
      topic: 't',
      topicId: '',
      partition: 0,
      leaderId: 1,
      leaderEpoch: 0,
      newIsr: [1, 2, 3],
      partitionEpoch: 1,
    });
    assert.equal(p?.partitionEpoch, 2);
    const expanded = await scrape();
    assert.equal(expanded.underreplicatedpartitions, 0);
    assert.equal(expanded.isrshrinks_total, 1);
    assert.equal(expanded.isrexpands_total, 1);
    assert.deepEqual(cluster.zkState('t')?.isr, [1, 2, 3]);
    assert.ok(cluster.log(3, 't').logEndOffset >= 2);
  });

  it('the periodic check (every replica.lag.time.max.ms / 2) shrinks the ISR by itself', async () => {
    cluster = new ReplicaCluster([1, 2], {}, 40);
    cluster.elect('t', 0, 1, [1, 2]);
    cluster.node(2).endpoints.get(1)?.pause();
    cluster.produce(1, 't', ['a']);
    const leader = cluster.node(1).replicas;
    leader.startIsrExpiration();
    cluster.clock += 41;
    await waitFor('the timer to drop broker 2', () => leader.getPartition('t', 0)?.isr.length === 1);
    assert.deepEqual(
      cluster.alterRequests.map((r) => r.newIsr),
      [[1]],
    );
  });

  it('a refused ISR change (INVALID_UPDATE_VERSION) waits for the next LeaderAndIsr', async () => {
    cluster = new ReplicaCluster([1, 2]);
    cluster.elect('t', 0, 1, [1, 2]);
    const leader = cluster.node(1).replicas;
    cluster.node(2).endpoints.get(1)?.pause();
    cluster.produce(1, 't', ['a']);
    cluster.clock += 30_001;
    cluster.rejectNextAlter = ErrorCode.INVALID_UPDATE_VERSION;
    assert.equal(leader.maybeShrinkIsr(), 1);
    await waitFor('the answer', () => leader.getPartition('t', 0)?.isrChangesBlocked === true);
    assert.equal(leader.maybeShrinkIsr(), 0, 'no new proposal on a stale view');
    assert.deepEqual(leader.getPartition('t', 0)?.isr, [1, 2]);

    cluster.elect('t', 0, 1, [1, 2]);
    cluster.node(2).endpoints.get(1)?.pause();
    cluster.clock += 30_001;
    assert.equal(leader.maybeShrinkIsr(), 1, 'a new LeaderAndIsr lifts the block');
    await waitFor('the shrink', () => leader.getPartition('t', 0)?.isr.length === 1);
  });

  it('refuses a stale controller or broker epoch as a whole and an old leader epoch per partition', async () => {
    cluster = new ReplicaCluster([1, 2]);
    cluster.controllerEpoch = 5;
    cluster.elect('t', 0, 1, [1, 2]);
    cluster.elect('t', 0, 1, [1, 2]);
    const rm = cluster.node(2).replicas;
    assert.equal(rm.controllerEpoch, 5);
    assert.equal(rm.getPartition('t', 0)?.leaderEpoch, 1);

    const stale = cluster.sendLeaderAndIsr(2, 't', 0, 4);
    assert.equal(stale.errorCode, ErrorCode.STALE_CONTROLLER_EPOCH);
    assert.equal(rm.controllerEpoch, 5);

    // The same leader epoch again (a replay): ignored.
    const replay = cluster.sendLeaderAndIsr(2, 't', 0);
    assert.equal(replay.errorCode, ErrorCode.NONE);
    assert.deepEqual(replay.partitions, [{ topic: 't', partition: 0, errorCode: ErrorCode.STALE_CONTROLLER_EPOCH }]);

    const older = rm.becomeLeaderOrFollower({
      controllerId: 0,
      brokerEpoch: -1n,
      controllerEpoch: 6,
      liveLeaders: [],
      partitions: [
        {
          ...cluster.partitionState('t', 0, {
            leader: 2,
            leaderEpoch: 0,
            isr: [2],
            partitionEpoch: 9,
            replicas: [1, 2],
          }),
        },
      ],
    });
    assert.deepEqual(older.partitions, [{ topic: 't', partition: 0, errorCode: ErrorCode.STALE_CONTROLLER_EPOCH }]);
    assert.equal(rm.getPartition('t', 0)?.leaderId, 1, 'still following broker 1');
    assert.equal(rm.controllerEpoch, 6, 'a newer controller epoch is adopted even when partitions are ignored');

    const notOurs = rm.becomeLeaderOrFollower({
      controllerId: 0,
      brokerEpoch: -1n,
      controllerEpoch: 6,
      liveLeaders: [],
      partitions: [
        cluster.partitionState('u', 0, { leader: 1, leaderEpoch: 0, isr: [1], partitionEpoch: 0, replicas: [1] }),
      ],
    });
    assert.deepEqual(notOurs.partitions, [
      { topic: 'u', partition: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
    ]);
    assert.equal(rm.getPartition('u', 0), undefined);

    // Sent to an earlier registration of broker 2 (before it restarted): refused.
    rm.setBrokerEpoch(10n);
    const command = { controllerId: 0, controllerEpoch: 7, liveLeaders: [], partitions: [] };
    assert.equal(rm.becomeLeaderOrFollower({ ...command, brokerEpoch: 9n }).errorCode, ErrorCode.STALE_BROKER_EPOCH);
    assert.equal(rm.controllerEpoch, 6, 'a refused request changes nothing');
    const stop = { controllerId: 0, controllerEpoch: 7, brokerEpoch: 9n, partitions: [] };
    assert.equal((await rm.stopReplicas(stop)).errorCode, ErrorCode.STALE_BROKER_EPOCH);
    assert.equal(rm.becomeLeaderOrFollower({ ...command, brokerEpoch: 10n }).errorCode, ErrorCode.NONE);
    assert.equal(rm.becomeLeaderOrFollower({ ...command, brokerEpoch: -1n }).errorCode, ErrorCode.NONE);
  });

  it('StopReplica stops fetching, deletes with delete_partition, and fences an old leader epoch', async () => {
    cluster = new ReplicaCluster([1, 2]);
    cluster.controllerEpoch = 3;
    cluster.elect('t', 0, 1, [1, 2]);
    cluster.elect('t', 0, 1, [1, 2]);
    cluster.produce(1, 't', ['a']);
    await waitFor('broker 2 to copy', () => cluster.log(2, 't').logEndOffset === 1);
    const rm = cluster.node(2).replicas;
    const stop = (controllerEpoch: number, leaderEpoch: number, deletePartition: boolean) =>
      rm.stopReplicas({
        controllerId: 0,
        brokerEpoch: -1n,
        controllerEpoch,
        partitions: [{ topic: 't', partition: 0, leaderEpoch, deletePartition }],
      });

    assert.equal((await stop(2, 1, false)).errorCode, ErrorCode.STALE_CONTROLLER_EPOCH);
    assert.deepEqual((await stop(3, 0, false)).partitions, [
      { topic: 't', partition: 0, errorCode: ErrorCode.FENCED_LEADER_EPOCH },
    ]);
    assert.ok(rm.replicaFetchersIfAny?.fetcherFor(1), 'still fetching');

    assert.deepEqual((await stop(3, 1, false)).partitions, [{ topic: 't', partition: 0, errorCode: ErrorCode.NONE }]);
    assert.equal(rm.replicaFetchersIfAny?.fetcherFor(1), undefined, 'no partition left to fetch');
    cluster.produce(1, 't', ['b']);
    assert.equal(cluster.log(2, 't').logEndOffset, 1, 'still hosted, no longer fetching');

    const dir = cluster.log(2, 't').dir;
    assert.deepEqual((await stop(3, -2, true)).partitions, [{ topic: 't', partition: 0, errorCode: ErrorCode.NONE }]);
    assert.equal(rm.getPartition('t', 0), undefined);
    assert.equal(cluster.node(2).logs.getLog('t', 0), undefined);
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync(dir), false);
  });
});
