/**
 * Cluster operations on in-process brokers over a real ZooKeeper: a new broker takes over replicas
 * through a reassignment while a workload writes (no acknowledged write lost), preferred leader
 * election after a restart, offline partitions with unclean election off and then forced, and
 * min.insync.replicas refusing acks=all writes.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { Workload } from './support/cluster-workload.js';
import { waitFor } from './support/wait.js';

describe('cluster operations', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;
  let admin: Admin;

  before(async () => {
    cluster = await startTestCluster({ brokers: 3, config: { 'auto.leader.rebalance.enable': 'false' } });
    admin = new Admin({ bootstrapServers: cluster.bootstrap, logger: silentLogger, requestTimeoutMs: 5000 });
  });
  after(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  /** The topic's partitions as some broker sees them; polls while the topic is still propagating. */
  async function partitions(topic: string) {
    let found: Awaited<ReturnType<Admin['describeTopics']>>[number]['partitions'] = [];
    await waitFor(`${topic} in metadata`, async () => {
      const [d] = await admin.describeTopics([topic]).catch(() => []);
      found = d?.partitions ?? [];
      return found.length > 0;
    });
    return found;
  }

  it('moves replicas to a newly added broker while producing, then deletes them where they left', async () => {
    await admin.createTopics([
      { name: 'moving', numPartitions: 2, replicationFactor: 2, configs: { 'min.insync.replicas': '1' } },
    ]);
    const workload = new Workload(cluster.bootstrap, 'moving', 2, 16);
    workload.start();
    await workload.waitForAcks(300, 30_000);
    const b4 = await cluster.startBroker(4);
    await waitFor('broker 4 known to the controller', () => b4.metadata.brokers('PLAINTEXT').length === 4);
    const before = await partitions('moving');
    const leaving = before.map((p) => p.replicas.find((r) => r !== 4) as number);
    const targets = before.map((p, i) => [4, ...p.replicas.filter((r) => r !== leaving[i] && r !== 4)].slice(0, 2));
    const outcome = await admin.alterPartitionReassignments(
      targets.map((replicas, partition) => ({ topic: 'moving', partition, replicas })),
    );
    assert.deepEqual(
      outcome.map((o) => o.errorCode),
      [0, 0],
    );
    await waitFor(
      'the reassignments to finish everywhere',
      async () =>
        (await admin.listPartitionReassignments()).length === 0 &&
        (await partitions('moving')).every((p, i) => p.replicas.join() === targets[i]?.join()),
    );
    const afterMove = await partitions('moving');
    for (const [i, p] of afterMove.entries()) {
      assert.deepEqual(p.replicas, targets[i]);
      assert.ok(p.isr.every((r) => targets[i]?.includes(r)));
    }
    await workload.waitForAcks(300, 30_000);
    await workload.stop();
    const { problems } = await workload.check();
    assert.deepEqual(problems.slice(0, 10), []);
    // The replicas that left have their logs deleted.
    for (const [i, gone] of leaving.entries()) {
      const b = cluster.brokers.get(gone);
      await waitFor(
        `moving-${i} deleted from broker ${gone}`,
        () => b?.replicas.getPartition('moving', i) === undefined,
      );
      assert.equal(existsSync(`${b?.config.logDirs[0]}/moving-${i}`), false);
    }
  });

  it('refuses bad reassignments per partition', async () => {
    const outcome = await admin.alterPartitionReassignments([
      { topic: 'moving', partition: 0, replicas: [1, 1] },
      { topic: 'moving', partition: 1, replicas: [42] },
      { topic: 'moving', partition: 7, replicas: [1] },
      { topic: 'moving', partition: 0, replicas: null },
    ]);
    assert.deepEqual(
      outcome.map((o) => o.errorCode),
      [
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        ErrorCode.NO_REASSIGNMENT_IN_PROGRESS,
      ],
    );
  });

  it('gives leadership back to the preferred replica on ElectLeaders', async () => {
    await admin.createTopics([{ name: 'preferred', numPartitions: 3, replicationFactor: 3 }]);
    const first = await partitions('preferred');
    const p0 = first.find((p) => p.partition === 0);
    const preferred = p0?.replicas[0] as number;
    await cluster.stopBroker(preferred);
    await waitFor('leadership to move away', async () =>
      (await partitions('preferred')).every((p) => p.leader !== preferred && p.leader >= 0),
    );
    await cluster.startBroker(preferred);
    await waitFor('the restarted broker back in sync', async () =>
      (await partitions('preferred')).every((p) => p.isr.length === 3),
    );
    assert.notEqual((await partitions('preferred')).find((p) => p.partition === 0)?.leader, preferred);
    const results = await admin.electLeaders('preferred', [
      { topic: 'preferred', partition: 0 },
      { topic: 'preferred', partition: 1 },
      { topic: 'preferred', partition: 2 },
    ]);
    const byPartition = new Map(results.map((r) => [r.partition, r.errorCode]));
    for (const p of first) {
      const expected = p.replicas[0] === preferred ? ErrorCode.NONE : ErrorCode.ELECTION_NOT_NEEDED;
      assert.equal(byPartition.get(p.partition), expected, `partition ${p.partition}`);
    }
    await waitFor('every partition led by its preferred replica', async () =>
      (await partitions('preferred')).every((p) => p.leader === p.replicas[0]),
    );
  });

  it('keeps a partition offline when only an out-of-sync replica is left, until an unclean election', async () => {
    await admin.createTopics([{ name: 'fragile', numPartitions: 1, replicationFactor: 2 }]);
    const [p] = await partitions('fragile');
    const [leader, follower] = p?.replicas ?? [];
    assert.ok(leader !== undefined && follower !== undefined);
    await cluster.stopBroker(follower);
    const producer = new Producer({ bootstrapServers: cluster.liveBootstrap, logger: silentLogger, lingerMs: 0 });
    await producer.send({ topic: 'fragile', partition: 0, value: 'only on the leader' });
    await producer.close();
    await cluster.stopBroker(leader);
    await cluster.startBroker(follower);
    await waitFor('the partition to be offline', async () => (await partitions('fragile'))[0]?.leader === -1);
    // unclean.leader.election.enable=false: the out-of-sync replica must not lead on its own.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await partitions('fragile'))[0]?.leader, -1);
    const [result] = await admin.electLeaders('unclean', [{ topic: 'fragile', partition: 0 }]);
    assert.equal(result?.errorCode, ErrorCode.NONE);
    await waitFor('the out-of-sync replica to lead', async () => (await partitions('fragile'))[0]?.leader === follower);
    await cluster.startBroker(leader);
  });

  it('refuses acks=all writes with NOT_ENOUGH_REPLICAS below min.insync.replicas', async () => {
    await admin.createTopics([
      { name: 'strict', numPartitions: 1, replicationFactor: 2, configs: { 'min.insync.replicas': '2' } },
    ]);
    const [p] = await partitions('strict');
    const follower = p?.replicas.find((r) => r !== p.leader) as number;
    await cluster.stopBroker(follower);
    // The leader's own view decides (metadata elsewhere may be ahead of its LeaderAndIsr).
    const leaderBroker = cluster.brokers.get(p?.leader as number);
    await waitFor(
      'the leader to see the ISR shrink',
      () => leaderBroker?.replicas.getPartition('strict', 0)?.isr.length === 1,
    );
    const producer = new Producer({
      bootstrapServers: cluster.liveBootstrap,
      logger: silentLogger,
      lingerMs: 0,
      acks: 'all',
      // No retries: the broker's answer itself is what this test is about.
      retries: 0,
      enableIdempotence: false,
    });
    await assert.rejects(producer.send({ topic: 'strict', partition: 0, value: 'x' }), (err: { code?: number }) => {
      assert.equal(err.code, ErrorCode.NOT_ENOUGH_REPLICAS);
      return true;
    });
    const acks1 = new Producer({ bootstrapServers: cluster.liveBootstrap, logger: silentLogger, lingerMs: 0, acks: 1 });
    const m = await acks1.send({ topic: 'strict', partition: 0, value: 'acks=1 still works' });
    assert.equal(m.offset, 0n);
    await producer.close();
    await acks1.close();
    await cluster.startBroker(follower);
  });
});

describe('auto leader rebalance', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster({
      brokers: 3,
      config: { 'auto.leader.rebalance.enable': 'true', 'leader.imbalance.check.interval.seconds': '1' },
    });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('moves leadership back to preferred replicas on its own', async () => {
    const admin = new Admin({ bootstrapServers: cluster.bootstrap, logger: silentLogger });
    await admin.createTopics([{ name: 'balanced', numPartitions: 3, replicationFactor: 3 }]);
    await waitFor('balanced on every broker', () =>
      [...cluster.brokers.values()].every((b) => b.metadata.topic('balanced')),
    );
    await cluster.stopBroker(1);
    await cluster.startBroker(1);
    await waitFor(
      'every partition led by its preferred replica again',
      async () => {
        const [d] = await admin.describeTopics(['balanced']).catch(() => []);
        return (
          (d?.partitions ?? []).length === 3 &&
          (d?.partitions ?? []).every((p) => p.leader === p.replicas[0] && p.isr.length === 3)
        );
      },
      30_000,
    );
    await admin.close();
  });
});
