/**
 * Cluster mode, metadata side: three in-process brokers on a real ZooKeeper register, elect one
 * controller, and every broker serves the whole cluster's metadata; topics created through any
 * broker are assigned across all of them, land in ZooKeeper in Kafka's layout, and are deleted
 * cluster-wide.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@samsa/client';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { ZkClient } from '../src/zk/zk-client.js';
import { PartitionStateZNode, TopicZNode } from '../src/zk/znodes.js';
import { waitFor } from './support/wait.js';

describe('cluster metadata over ZooKeeper', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;
  let zk: ZkClient;
  const admins: Admin[] = [];

  before(async () => {
    cluster = await startTestCluster({ brokers: 3 });
    zk = await ZkClient.connect({ connect: `${cluster.zk.connectString}/samsa`, sessionTimeoutMs: 6000 });
  });
  after(async () => {
    for (const a of admins) await a.close();
    zk?.close();
    await cluster?.stop();
  });

  function adminOf(id: number): Admin {
    const b = cluster.brokers.get(id);
    assert.ok(b);
    const a = new Admin({ bootstrapServers: b.bootstrapServers, requestTimeoutMs: 10_000 });
    admins.push(a);
    return a;
  }

  it('registers every broker and elects exactly one controller that every broker names', async () => {
    assert.deepEqual((await zk.children('/brokers/ids')).map(Number).sort(), [1, 2, 3]);
    await waitFor('every broker to learn all three brokers and the controller', () =>
      [...cluster.brokers.values()].every(
        (b) => b.metadata.brokers('PLAINTEXT').length === 3 && b.metadata.controllerId() > 0,
      ),
    );
    const controllers = [...cluster.brokers.values()].filter((b) => b.cluster?.controller?.isActive);
    assert.equal(controllers.length, 1);
    const ids = new Set([...cluster.brokers.values()].map((b) => b.metadata.controllerId()));
    assert.deepEqual([...ids], [controllers[0]?.brokerId]);
    const described = await adminOf(2).describeCluster();
    assert.equal(described.brokers.length, 3);
    assert.equal(described.controllerId, controllers[0]?.brokerId);
    assert.equal(described.clusterId, cluster.brokers.get(1)?.metadata.clusterId);
  });

  it('creates a replicated topic through any broker, spreads replicas and leaders, and writes Kafka znodes', async () => {
    await adminOf(3).createTopics([{ name: 'orders', numPartitions: 6, replicationFactor: 3 }]);
    const a = TopicZNode.decode('orders', (await zk.get(TopicZNode.path('orders'))).data);
    assert.equal(a.partitions.size, 6);
    const leaders = new Set<number>();
    for (const [p, replicas] of a.partitions) {
      assert.deepEqual([...replicas].sort(), [1, 2, 3]);
      const s = PartitionStateZNode.decode('orders', p, (await zk.get(PartitionStateZNode.path('orders', p))).data);
      assert.equal(s.leader, replicas[0], 'the preferred (first) replica leads a new partition');
      assert.deepEqual([...s.isr].sort(), [1, 2, 3]);
      leaders.add(s.leader);
    }
    assert.equal(leaders.size, 3, 'leadership is spread over all brokers');
    for (const id of [1, 2, 3]) {
      await waitFor(
        `broker ${id} to see orders`,
        () => cluster.brokers.get(id)?.metadata.topic('orders')?.partitions.length === 6,
      );
      const [d] = await adminOf(id).describeTopics(['orders']);
      assert.equal(d?.partitions.length, 6);
      for (const p of d?.partitions ?? []) assert.equal(p.replicas.length, 3);
    }
  });

  it('rejects a replication factor larger than the live brokers', async () => {
    await assert.rejects(
      adminOf(1).createTopics([{ name: 'too-wide', numPartitions: 1, replicationFactor: 4 }]),
      /INVALID_REPLICATION_FACTOR|Replication factor/,
    );
  });

  it('adds partitions and deletes topics cluster-wide', async () => {
    await adminOf(1).createTopics([{ name: 'doomed', numPartitions: 2, replicationFactor: 2 }]);
    await adminOf(2).createPartitions({ doomed: 4 });
    await waitFor('4 partitions everywhere', () =>
      [...cluster.brokers.values()].every((b) => b.metadata.topic('doomed')?.partitions.length === 4),
    );
    await adminOf(3).deleteTopics(['doomed']);
    await waitFor('doomed gone everywhere', () =>
      [...cluster.brokers.values()].every((b) => !b.metadata.topic('doomed')),
    );
    await waitFor('doomed gone from ZooKeeper', async () => (await zk.exists(TopicZNode.path('doomed'))) === null);
    assert.deepEqual(await zk.children('/admin/delete_topics'), []);
  });

  it('deletes, at start-up, the logs of a topic deleted while the broker was down', async () => {
    await adminOf(1).createTopics([{ name: 'while-away', numPartitions: 1, replicationFactor: 3 }]);
    const b3 = cluster.brokers.get(3);
    await waitFor('broker 3 hosting while-away', () => b3?.replicas.getPartition('while-away', 0) !== undefined);
    const dir = join(b3?.config.logDirs[0] as string, 'while-away-0');
    assert.ok(existsSync(dir));
    await cluster.stopBroker(3);
    await adminOf(1).deleteTopics(['while-away']);
    assert.ok(existsSync(dir), 'the stopped broker could not delete it');
    await cluster.startBroker(3);
    assert.equal(existsSync(dir), false);
  });
});
