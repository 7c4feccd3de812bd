/**
 * Group coordination in a cluster: a group's coordinator is the leader of its __consumer_offsets
 * partition (created on first use with replication factor 3); when that broker shuts down, the
 * partition's new leader loads the group and serves its committed offsets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { ErrorCode, isKafkaError } from '@samsa/protocol';
import { partitionForGroup } from '../src/coordinator/group/group-partition.js';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { waitFor } from './support/wait.js';

describe('consumer groups in a cluster', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await startTestCluster({ brokers: 3 });
  });
  after(async () => {
    await cluster?.stop();
  });

  it("forgets a group's offsets for a deleted topic (UpdateMetadata), so a re-created topic starts afresh", async () => {
    const admin = new Admin({ bootstrapServers: cluster.bootstrap, logger: silentLogger });
    try {
      await admin.createTopics([{ name: 'doomed', numPartitions: 3, replicationFactor: 3 }]);
      await admin.alterGroupOffsets(
        'keeper',
        [0, 1, 2].map((partition) => ({ topic: 'doomed', partition, offset: 4 })),
      );
      assert.equal((await admin.listGroupOffsets('keeper')).length, 3);
      await admin.deleteTopics(['doomed']);
      const committed = async () => {
        try {
          return (
            await admin.listGroupOffsets('keeper', {
              partitions: [0, 1, 2].map((p) => ({ topic: 'doomed', partition: p })),
            })
          ).length;
        } catch {
          return -1;
        }
      };
      await waitFor('the deleted partitions to lose their offsets', async () => (await committed()) === 0);
      // The offsets go when the brokers learn of the deletion; the topic itself goes only once every
      // replica is deleted, and until then CreateTopics answers TOPIC_ALREADY_EXISTS, as Kafka's does.
      await waitFor('the topic to be re-created once its deletion completes', async () => {
        try {
          await admin.createTopics([{ name: 'doomed', numPartitions: 1, replicationFactor: 3 }]);
          return true;
        } catch (err) {
          if (isKafkaError(err) && err.code === ErrorCode.TOPIC_ALREADY_EXISTS) return false;
          throw err;
        }
      });
      assert.equal(await committed(), 0);
    } finally {
      await admin.close();
    }
  });

  it('commits through the coordinator and keeps the offsets when the coordinator broker stops', async () => {
    const admin = new Admin({ bootstrapServers: cluster.bootstrap, logger: silentLogger });
    await admin.createTopics([{ name: 'events', numPartitions: 2, replicationFactor: 3 }]);
    const producer = new Producer({ bootstrapServers: cluster.bootstrap, logger: silentLogger, lingerMs: 0 });
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'events', partition: i % 2, value: `e${i}` });
    await producer.close();

    const consumer = new Consumer({
      bootstrapServers: cluster.bootstrap,
      groupId: 'billing',
      autoOffsetReset: 'earliest',
      enableAutoCommit: false,
      logger: silentLogger,
    });
    await consumer.subscribe(['events']);
    let seen = 0;
    const deadline = Date.now() + 30_000;
    while (seen < 10 && Date.now() < deadline) seen += (await consumer.poll({ timeoutMs: 500 })).length;
    assert.equal(seen, 10);
    await consumer.commit([
      { topic: 'events', partition: 0, offset: 5 },
      { topic: 'events', partition: 1, offset: 5 },
    ]);
    await consumer.close();

    const offsets = cluster.brokers.get(1)?.metadata.topic('__consumer_offsets');
    assert.ok(offsets, '__consumer_offsets was created on first use');
    for (const p of offsets.partitions) assert.equal(p.replicas.length, 3);
    const coordinator = offsets.partitions[partitionForGroup('billing', offsets.partitions.length)]?.leaderId ?? -1;
    assert.ok(cluster.brokers.has(coordinator));

    const before = await admin.listGroupOffsets('billing');
    assert.deepEqual(
      before.map((o) => [o.partition, Number(o.offset)]).sort(),
      [
        [0, 5],
        [1, 5],
      ],
      'committed before the failover',
    );
    await cluster.stopBroker(coordinator);
    const survivor = [...cluster.brokers.values()][0];
    assert.ok(survivor);
    await waitFor('a new coordinator for the group', () => {
      const t = survivor.metadata.topic('__consumer_offsets');
      const leader = t?.partitions[partitionForGroup('billing', t.partitions.length)]?.leaderId ?? -1;
      return leader > 0 && leader !== coordinator;
    });
    const after = new Admin({ bootstrapServers: survivor.bootstrapServers, logger: silentLogger });
    const committed = await after.listGroupOffsets('billing');
    assert.deepEqual(committed.map((o) => [o.partition, Number(o.offset)]).sort(), [
      [0, 5],
      [1, 5],
    ]);
    await after.close();
    await admin.close();
  });
});
