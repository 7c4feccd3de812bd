/**
 * A consumer (KIP-848) group in a three-broker cluster survives its coordinator's failover: the
 * new leader of the group's __consumer_offsets partition loads the group from Kafka's consumer-group
 * records, and the running member carries on with its member id, epoch and partitions (no rejoin,
 * no second member), reading what is produced after the failover.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { partitionForGroup } from '../src/coordinator/group/group-partition.js';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { waitFor } from './support/wait.js';

describe('a consumer group in a cluster', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await startTestCluster({
      brokers: 3,
      config: { 'offsets.topic.num.partitions': '3', 'group.consumer.heartbeat.interval.ms': '300' },
    });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('keeps its member, epoch and partitions when the coordinator broker stops', async () => {
    const admin = new Admin({ bootstrapServers: cluster.bootstrap, logger: silentLogger });
    const producer = new Producer({ bootstrapServers: cluster.bootstrap, logger: silentLogger, acks: -1 });
    const consumer = new Consumer({
      bootstrapServers: cluster.bootstrap,
      groupId: 'kip848-failover',
      groupProtocol: 'consumer',
      autoOffsetReset: 'earliest',
      logger: silentLogger,
    });
    try {
      await admin.createTopics([{ name: 'moves', numPartitions: 2, replicationFactor: 3 }]);
      await consumer.subscribe(['moves']);
      await waitFor('the member owns both partitions', () => consumer.assignment().length === 2);
      const [before] = await admin.describeGroups(['kip848-failover']);
      const member = before?.members[0]?.memberId as string;
      const epoch = before?.consumerGroup?.members.get(member)?.memberEpoch;
      assert.equal(before?.consumerGroup?.groupEpoch, 1);

      const offsets = cluster.brokers.get(1)?.metadata.topic('__consumer_offsets');
      const coordinator = offsets?.partitions[partitionForGroup('kip848-failover', 3)]?.leaderId ?? -1;
      assert.ok(cluster.brokers.has(coordinator));
      await cluster.stopBroker(coordinator);
      const survivor = [...cluster.brokers.values()][0];
      assert.ok(survivor);
      await waitFor('a new coordinator', () => {
        const t = survivor.metadata.topic('__consumer_offsets');
        const leader = t?.partitions[partitionForGroup('kip848-failover', 3)]?.leaderId ?? -1;
        return leader > 0 && leader !== coordinator;
      });

      await producer.sendBatch([0, 1, 2, 3].map((i) => ({ topic: 'moves', partition: i % 2, value: `m${i}` })));
      const seen: string[] = [];
      const deadline = Date.now() + 30_000;
      while (seen.length < 4 && Date.now() < deadline) {
        for (const r of await consumer.poll({ timeoutMs: 500 })) seen.push(r.value?.toString() as string);
      }
      assert.deepEqual(seen.sort(), ['m0', 'm1', 'm2', 'm3']);

      const later = new Admin({ bootstrapServers: survivor.bootstrapServers, logger: silentLogger });
      try {
        // A heartbeat or two after the failover, the group is as it was.
        await new Promise((r) => setTimeout(r, 1000));
        const [after] = await later.describeGroups(['kip848-failover']);
        assert.deepEqual(
          after?.members.map((m) => m.memberId),
          [member],
        );
        assert.equal(after?.consumerGroup?.members.get(member)?.memberEpoch, epoch);
        assert.equal(after?.consumerGroup?.groupEpoch, 1);
        assert.equal(after?.members[0]?.assignment.length, 2);
      } finally {
        await later.close();
      }
    } finally {
      await consumer.close();
      await producer.close();
      await admin.close();
    }
  });
});
