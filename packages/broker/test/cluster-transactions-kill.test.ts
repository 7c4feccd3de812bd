/**
 * kill -9 of the transaction coordinator's broker process mid-transaction (three `bin/samsa broker`
 * processes on ZooKeeper; no controlled shutdown, the leadership of its __transaction_state
 * partition moves when its ZooKeeper session expires). The new coordinator knows the open
 * transaction and every partition in it — each was acknowledged only once the ISR had it — so the
 * next producer with the same transactional.id aborts it everywhere, fences the old epoch, and
 * commits its own transaction, which read_committed then sees behind the aborted records.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { Kafka, type Producer as KafkaJsProducer, logLevel } from 'kafkajs';
import { interBrokerConnection } from '../src/network/inter-broker-connection.js';
import { zookeeperAvailable } from '../src/testing/index.js';
import { type ProcessCluster, startProcessCluster } from './support/cluster.js';
import { readValues } from './support/read-values.js';
import { waitFor } from './support/wait.js';

const PARTITIONS = [0, 1, 2];
const TOPIC = 'kill-out';

describe(
  'transactions when the coordinator is killed',
  { skip: !zookeeperAvailable() && 'ZooKeeper is not installed', timeout: 150_000 },
  () => {
    let cluster: ProcessCluster;
    const live = () => [...cluster.brokers.keys()].map((id) => `127.0.0.1:${cluster.ports.get(id)}`);
    const kafka = () =>
      new Kafka({
        clientId: 'samsa-kill-txn',
        brokers: live(),
        logLevel: logLevel.NOTHING,
        retry: { retries: 15, initialRetryTime: 200, maxRetryTime: 3000 },
      });
    const spread = (prefix: string) => PARTITIONS.map((partition) => ({ partition, value: `${prefix}-${partition}` }));

    /** The broker FindCoordinator names for a transactional id, asked of a live broker. */
    async function coordinatorOf(transactionalId: string): Promise<number> {
      let found = -1;
      await waitFor(`a coordinator for ${transactionalId}`, async () => {
        const id = [...cluster.brokers.keys()][0] as number;
        const conn: Connection = interBrokerConnection(
          { nodeId: id, host: '127.0.0.1', port: cluster.ports.get(id) as number },
          { brokerId: -1, requestTimeoutMs: 5000, logger: silentLogger, purpose: 'test' },
        );
        try {
          const r = await conn.request(
            10,
            { key: transactionalId, keyType: 1, coordinatorKeys: [] },
            { maxVersion: 3 },
          );
          found = r.errorCode === ErrorCode.NONE ? r.nodeId : -1;
        } catch {
          found = -1;
        } finally {
          conn.close();
        }
        return found > 0;
      });
      return found;
    }

    const read = (isolation: 'read_committed' | 'read_uncommitted', count: number) =>
      readValues({
        bootstrap: live().join(','),
        topic: TOPIC,
        partitions: PARTITIONS,
        isolation,
        count,
        timeoutMs: 40_000,
      });

    before(async () => {
      cluster = await startProcessCluster(3);
      const admin = kafka().admin();
      await admin.connect();
      await waitFor('three brokers', async () => (await admin.describeCluster()).brokers.length === 3, 30_000);
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }] });
      await admin.disconnect();
    });
    after(async () => {
      await cluster?.stop();
    });

    it('the next producer aborts the open transaction on every partition and commits its own', async () => {
      const old: KafkaJsProducer = kafka().producer({
        transactionalId: 'kill-tx',
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await old.connect();
      const first = await old.transaction();
      await first.send({ topic: TOPIC, messages: spread('first') });
      await first.commit();
      const open = await old.transaction();
      await open.send({ topic: TOPIC, messages: spread('open') });

      const victim = await coordinatorOf('kill-tx');
      await cluster.brokers.get(victim)?.kill('SIGKILL');
      cluster.brokers.delete(victim);
      await waitFor('another coordinator', async () => (await coordinatorOf('kill-tx')) !== victim, 30_000);

      const fresh = kafka().producer({ transactionalId: 'kill-tx', idempotent: true, maxInFlightRequests: 1 });
      await fresh.connect();
      const next = await fresh.transaction();
      await next.send({ topic: TOPIC, messages: spread('next') });
      await next.commit();
      await assert.rejects(open.commit(), 'the old producer epoch is fenced');
      await fresh.disconnect();
      await old.disconnect().catch(() => {});

      // 'open' precedes 'next' in every partition: 'next' is readable only past the aborted transaction.
      assert.deepEqual(await read('read_committed', 6), [
        'first-0',
        'first-1',
        'first-2',
        'next-0',
        'next-1',
        'next-2',
      ]);
      assert.equal((await read('read_uncommitted', 9)).length, 9);
    });
  },
);
