/**
 * Exactly-once in a three-broker cluster, with KafkaJS's transactional producer and Samsa's
 * read_committed consumer: a transaction spanning partitions led by different brokers commits (its
 * markers reach every leader) and an aborted one stays invisible; consume-transform-produce with
 * sendOffsets, the group coordinated by another broker than the transaction; and the transaction
 * coordinator's broker stopping mid-transaction and with a decided transaction whose markers are
 * not written yet — the new leader of the __transaction_state partition aborts or completes it,
 * the transactional id goes on working, and the old producer epoch is fenced. Also: the
 * transaction log is not created with fewer live brokers than its replication factor.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { Kafka, type Producer as KafkaJsProducer, logLevel } from 'kafkajs';
import { partitionForGroup } from '../src/coordinator/group/group-partition.js';
import type { TxnMarkerWriter } from '../src/coordinator/txn/txn-marker-writer.js';
import { TxnState } from '../src/coordinator/txn/txn-metadata.js';
import { partitionForTxn, TRANSACTION_STATE_TOPIC } from '../src/coordinator/txn/txn-topic.js';
import type { Broker } from '../src/index.js';
import { interBrokerConnection } from '../src/network/inter-broker-connection.js';
import { startTestCluster, type TestCluster, zookeeperAvailable } from '../src/testing/index.js';
import { readValues } from './support/read-values.js';
import { waitFor } from './support/wait.js';

const PARTITIONS = [0, 1, 2];

describe('transactions in a cluster', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let cluster: TestCluster;

  const live = (): Broker[] => [...cluster.brokers.values()];
  const bootstrap = () =>
    live()
      .map((b) => b.bootstrapServers)
      .join(',');
  const kafka = () =>
    new Kafka({
      clientId: 'samsa-cluster-txn',
      brokers: bootstrap().split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 12, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  const transactional = async (transactionalId: string): Promise<KafkaJsProducer> => {
    const p = kafka().producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await p.connect();
    return p;
  };
  const leaderOf = (topic: string, partition: number): number =>
    live()[0]?.metadata.topic(topic)?.partitions[partition]?.leaderId ?? -1;
  const txnCoordinatorOf = (transactionalId: string): number => {
    const n = live()[0]?.metadata.topic(TRANSACTION_STATE_TOPIC)?.partitions.length ?? 0;
    return n === 0 ? -1 : leaderOf(TRANSACTION_STATE_TOPIC, partitionForTxn(transactionalId, n));
  };
  const spread = (prefix: string) => PARTITIONS.map((partition) => ({ partition, value: `${prefix}-${partition}` }));

  /**
   * Reads `topic` from the start until `count` records came. Each scenario ends with committed
   * records in every partition, after anything it aborted, so a record that should not be visible
   * would arrive before the count is reached.
   */
  const read = (topic: string, isolation: 'read_committed' | 'read_uncommitted', count: number) =>
    readValues({ bootstrap: bootstrap(), topic, partitions: PARTITIONS, isolation, count, timeoutMs: 30_000 });

  before(async () => {
    cluster = await startTestCluster({ brokers: 3 });
    const admin = new Admin({ bootstrapServers: cluster.bootstrap, logger: silentLogger });
    await admin.createTopics(
      ['orders', 'dst', 'fo-out', 'src'].map((name) => ({
        name,
        numPartitions: name === 'src' ? 1 : 3,
        replicationFactor: 3,
      })),
    );
    await admin.close();
    await waitFor('leaders for every partition everywhere', () =>
      live().every((b) =>
        ['orders', 'dst', 'fo-out'].every((t) => b.metadata.topic(t)?.partitions.every((p) => p.leaderId > 0)),
      ),
    );
  });
  after(async () => {
    await cluster?.stop();
  });

  it('a transaction over partitions led by different brokers commits everywhere; an aborted one stays invisible', async () => {
    const producer = await transactional('orders-tx');
    const first = await producer.transaction(); // KafkaJS finds its coordinator here
    const coordinator = txnCoordinatorOf('orders-tx');
    assert.ok(cluster.brokers.has(coordinator), '__transaction_state was created and has a leader');
    const state = live()[0]?.metadata.topic(TRANSACTION_STATE_TOPIC);
    assert.ok(
      state?.partitions.every((p) => p.replicas.length === 3),
      'with transaction.state.log.replication.factor',
    );
    const leaders = PARTITIONS.map((p) => leaderOf('orders', p));
    assert.ok(
      leaders.some((l) => l !== coordinator),
      `some partition is led away from the coordinator (${leaders} vs ${coordinator})`,
    );

    await first.send({ topic: 'orders', messages: spread('a') });
    await first.commit();
    for (const [prefix, commit] of [
      ['b', false],
      ['c', true],
    ] as const) {
      const t = await producer.transaction();
      await t.send({ topic: 'orders', messages: spread(prefix) });
      if (commit) await t.commit();
      else await t.abort();
    }
    await producer.disconnect();

    assert.deepEqual(await read('orders', 'read_committed', 6), ['a-0', 'a-1', 'a-2', 'c-0', 'c-1', 'c-2']);
    assert.deepEqual(
      await read('orders', 'read_uncommitted', 9),
      ['a-0', 'a-1', 'a-2', 'b-0', 'b-1', 'b-2', 'c-0', 'c-1', 'c-2'],
      'the aborted records are in the log, only hidden',
    );
  });

  it('consume-transform-produce with sendOffsets: the group moves only with committed transactions', async () => {
    const admin = new Admin({ bootstrapServers: bootstrap(), logger: silentLogger });
    const plain = new Producer({ bootstrapServers: bootstrap(), logger: silentLogger, lingerMs: 0 });
    for (let i = 0; i < 30; i++) await plain.send({ topic: 'src', partition: 0, value: `r${i}` });
    await plain.close();

    const producer = await transactional('ctp-tx');
    await (await producer.transaction()).abort(); // KafkaJS finds its coordinator here
    const coordinator = txnCoordinatorOf('ctp-tx');
    await admin.listGroupOffsets('warm-up'); // creates __consumer_offsets
    await waitFor('__consumer_offsets leaders', () =>
      Boolean(
        live()[0]
          ?.metadata.topic('__consumer_offsets')
          ?.partitions.every((p) => p.leaderId > 0),
      ),
    );
    const groupCoordinator = (g: string) => leaderOf('__consumer_offsets', partitionForGroup(g, 3));
    const group = ['ctp-a', 'ctp-b', 'ctp-c', 'ctp-d', 'ctp-e'].find((g) => groupCoordinator(g) !== coordinator);
    assert.ok(group, 'a group coordinated by another broker than the transaction');
    const committedOffset = async () => {
      const o = await admin.listGroupOffsets(group);
      return o.length === 0 ? -1 : Number(o[0]?.offset);
    };

    const source = new Consumer({ bootstrapServers: bootstrap(), autoOffsetReset: 'earliest', logger: silentLogger });
    source.assign([{ topic: 'src', partition: 0 }]);
    const input: Array<{ offset: number; value: string }> = [];
    const deadline = Date.now() + 30_000;
    while (input.length < 30 && Date.now() < deadline) {
      for (const r of await source.poll({ timeoutMs: 500 })) {
        input.push({ offset: Number(r.offset), value: r.value?.toString() ?? '' });
      }
    }
    await source.close();
    assert.equal(input.length, 30);

    const transform = async (batch: typeof input, commit: boolean) => {
      const t = await producer.transaction();
      await t.send({
        topic: 'dst',
        messages: batch.map((r, i) => ({ partition: i % 3, value: r.value.toUpperCase() })),
      });
      const next = String((batch.at(-1)?.offset ?? 0) + 1);
      await t.sendOffsets({
        consumerGroupId: group,
        topics: [{ topic: 'src', partitions: [{ partition: 0, offset: next }] }],
      });
      if (commit) await t.commit();
      else await t.abort();
    };
    await transform(input.slice(0, 10), true);
    assert.equal(await committedOffset(), 10);
    await transform(input.slice(10, 20), false);
    assert.equal(await committedOffset(), 10, 'the aborted transaction left the offset where it was');
    await transform(input.slice(10, 20), true);
    await transform(input.slice(20, 30), true);
    assert.equal(await committedOffset(), 30);
    await producer.disconnect();
    await admin.close();

    const expected = input.map((r) => r.value.toUpperCase()).sort();
    assert.deepEqual(await read('dst', 'read_committed', 30), expected, 'every record exactly once');
    assert.equal((await read('dst', 'read_uncommitted', 40)).length, 40);
  });

  it("the coordinator's broker stops mid-transaction: the new coordinator aborts it, fences the old epoch, and the id works", async () => {
    const old = await transactional('fo-tx');
    const open = await old.transaction();
    const coordinator = txnCoordinatorOf('fo-tx');
    await open.send({ topic: 'fo-out', messages: spread('open') });

    await cluster.stopBroker(coordinator);
    await waitFor('a new transaction coordinator with the id loaded', () => {
      const next = cluster.brokers.get(txnCoordinatorOf('fo-tx'));
      return next !== undefined && next.txns.coordinatorError('fo-tx') === ErrorCode.NONE;
    });
    assert.equal(cluster.brokers.get(txnCoordinatorOf('fo-tx'))?.txns.get('fo-tx')?.state, TxnState.Ongoing);

    const fresh = await transactional('fo-tx');
    const t = await fresh.transaction();
    await t.send({ topic: 'fo-out', messages: spread('new') });
    await t.commit();
    await assert.rejects(open.commit(), 'the old producer epoch is fenced');
    await fresh.disconnect();
    await old.disconnect().catch(() => {});

    // The open transaction's records precede the new ones in every partition: the new ones are
    // readable only because the open transaction was ended (the last stable offset moved past it).
    assert.deepEqual(await read('fo-out', 'read_committed', 3), ['new-0', 'new-1', 'new-2']);
    assert.equal((await read('fo-out', 'read_uncommitted', 6)).length, 6);

    await cluster.startBroker(coordinator);
    await waitFor('three brokers again', () => live().every((b) => b.metadata.brokers('PLAINTEXT').length === 3));
  });

  it("the coordinator's broker stops before a decided commit's markers are written: the new coordinator completes it", async () => {
    const producer = await transactional('decided-tx');
    const t = await producer.transaction();
    const id = txnCoordinatorOf('decided-tx');
    const coordinator = cluster.brokers.get(id);
    assert.ok(coordinator);
    // The coordinator decides, then its markers hang until it is no longer the coordinator.
    const writer = (coordinator.txns as unknown as { opts: { markers: TxnMarkerWriter } }).opts.markers;
    writer.write = async (_marker, partitions, _now, stillWanted) => {
      const deadline = Date.now() + 60_000;
      while (stillWanted() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return partitions.map(() => ErrorCode.NOT_COORDINATOR);
    };
    await t.send({ topic: 'fo-out', messages: spread('decided') });
    // KafkaJS does not retry an EndTxn whose connection closed; the application starts a new producer.
    const committing = t.commit().catch(() => {});
    await waitFor('the commit decided', () => coordinator.txns.get('decided-tx')?.state === TxnState.PrepareCommit);

    await cluster.stopBroker(id);
    await committing;
    await waitFor('the new coordinator completed the commit', () => {
      const next = cluster.brokers.get(txnCoordinatorOf('decided-tx'));
      return next?.txns.get('decided-tx')?.state === TxnState.CompleteCommit;
    });
    await producer.disconnect().catch(() => {});
    const next = await transactional('decided-tx');
    const after = await next.transaction();
    await after.send({ topic: 'fo-out', messages: spread('later') });
    await after.commit();
    await next.disconnect();

    const committed = await read('fo-out', 'read_committed', 9);
    assert.deepEqual(
      committed.filter((v) => !v.startsWith('new-')),
      ['decided-0', 'decided-1', 'decided-2', 'later-0', 'later-1', 'later-2'],
    );
  });

  it('a __transaction_state partition deleted here by StopReplica is no longer coordinated here', async () => {
    const id = txnCoordinatorOf('decided-tx');
    const broker = cluster.brokers.get(id);
    assert.ok(broker?.cluster);
    assert.equal(broker.txns.coordinatorError('decided-tx'), ErrorCode.NONE);
    const partition = broker.txns.partitionFor('decided-tx');
    const conn = interBrokerConnection(
      { nodeId: id, host: '127.0.0.1', port: broker.port },
      { brokerId: 99, requestTimeoutMs: 10_000, logger: silentLogger, purpose: 'test' },
    );
    try {
      // What the controller sends when a reassignment moves the partition off this broker.
      const r = await conn.request(5, {
        controllerId: broker.metadata.controllerId(),
        isKRaftController: false,
        controllerEpoch: broker.replicas.controllerEpoch,
        brokerEpoch: broker.cluster.brokerEpoch,
        deletePartitions: true,
        ungroupedPartitions: [],
        topics: [],
        topicStates: [
          {
            topicName: TRANSACTION_STATE_TOPIC,
            partitionStates: [
              {
                partitionIndex: partition,
                leaderEpoch: broker.replicas.getPartition(TRANSACTION_STATE_TOPIC, partition)?.leaderEpoch ?? -1,
                deletePartition: true,
              },
            ],
          },
        ],
      });
      assert.equal(r.errorCode, ErrorCode.NONE);
    } finally {
      conn.close();
    }
    assert.equal(broker.txns.coordinatorError('decided-tx'), ErrorCode.NOT_COORDINATOR);
    assert.equal(broker.txns.get('decided-tx'), undefined);
  });
});

describe(
  '__transaction_state creation in a cluster',
  { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' },
  () => {
    let cluster: TestCluster;
    before(async () => {
      cluster = await startTestCluster({ brokers: 1 });
    });
    after(async () => {
      await cluster?.stop();
    });

    it('waits for transaction.state.log.replication.factor live brokers, answering COORDINATOR_NOT_AVAILABLE', async () => {
      const first = cluster.brokers.get(1);
      assert.ok(first);
      const conn = interBrokerConnection(
        { nodeId: 1, host: '127.0.0.1', port: first.port },
        { brokerId: -1, requestTimeoutMs: 10_000, logger: silentLogger, purpose: 'test' },
      );
      const find = async () =>
        (await conn.request(10, { key: 'early-tx', keyType: 1, coordinatorKeys: [] }, { maxVersion: 3 })).errorCode;
      try {
        for (let i = 0; i < 3; i++) {
          assert.equal(await find(), ErrorCode.COORDINATOR_NOT_AVAILABLE);
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(first.metadata.topic(TRANSACTION_STATE_TOPIC), undefined, 'not created with one broker of three');

        await Promise.all([cluster.startBroker(2), cluster.startBroker(3)]);
        await waitFor('three live brokers', () => first.metadata.brokers('PLAINTEXT').length === 3);
        await waitFor('a transaction coordinator', async () => (await find()) === ErrorCode.NONE);
        const topic = first.metadata.topic(TRANSACTION_STATE_TOPIC);
        assert.ok(topic?.partitions.every((p) => p.replicas.length === 3));
      } finally {
        conn.close();
      }
    });
  },
);
