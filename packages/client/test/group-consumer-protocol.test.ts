/**
 * @samsa/client with groupProtocol 'consumer' (KIP-848) against the in-process broker: one member
 * gets every partition from the broker's assignor; a second one joining gets half, handed over
 * only after the first revoked it (its listener runs); both read every record exactly once; the
 * commits are checked against the member epoch and survive the members; and the group is a
 * "consumer" group to ListGroups and ConsumerGroupDescribe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ApiKey } from '@samsa/protocol';
import { Admin } from '../src/admin/admin.js';
import { Consumer, type ConsumerConfig, type TopicPartition } from '../src/consumer/consumer.js';
import { Producer } from '../src/producer/producer.js';
import { topicName, within } from './support/helpers.js';

const tps = (list: TopicPartition[]) => list.map((tp) => `${tp.topic}-${tp.partition}`).sort();

async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("consumer groups with groupProtocol 'consumer' (KIP-848)", () => {
  let broker: TestBroker;
  let admin: Admin;
  let producer: Producer;
  before(async () => {
    broker = await startTestBroker({
      config: { 'group.initial.rebalance.delay.ms': 0, 'group.consumer.heartbeat.interval.ms': 200 },
    });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 1 });
  });
  after(async () => {
    await producer.close();
    await admin.close();
    await broker.stop();
  });

  const member = (groupId: string, extra: Partial<ConsumerConfig> = {}) =>
    new Consumer({
      bootstrapServers: broker.bootstrap,
      groupId,
      groupProtocol: 'consumer',
      logger: silentLogger,
      autoOffsetReset: 'earliest',
      fetchMaxWaitMs: 100,
      enableAutoCommit: false,
      ...extra,
    });

  it('two members share the partitions, revoke before the hand-over, and read every record once', async () => {
    const topic = topicName('kip848');
    const groupId = topicName('g848');
    await admin.createTopics([{ name: topic, numPartitions: 4 }]);
    const revokedFromA: string[] = [];
    const a = member(groupId, { groupRemoteAssignor: 'range' });
    const b = member(groupId);
    try {
      await a.subscribe([topic], { onPartitionsRevoked: (p) => void revokedFromA.push(...tps(p)) });
      await until('first member assigned', () => a.assignment().length === 4);
      await b.subscribe([topic]);
      await until('hand-over', () => a.assignment().length === 2 && b.assignment().length === 2);
      assert.deepEqual(
        tps([...a.assignment(), ...b.assignment()]),
        [0, 1, 2, 3].map((p) => `${topic}-${p}`),
      );
      assert.deepEqual(revokedFromA.sort(), tps(b.assignment()), 'what b got, a revoked first');

      await Promise.all(Array.from({ length: 200 }, (_, i) => producer.send({ topic, key: `k${i}`, value: `${i}` })));
      const seen: string[] = [];
      const next = new Map<Consumer, Map<number, number>>([
        [a, new Map()],
        [b, new Map()],
      ]);
      const readAll = async (c: Consumer) => {
        for await (const r of c) {
          seen.push(r.value?.toString() as string);
          next.get(c)?.set(r.partition, Number(r.offset) + 1);
          if (seen.length >= 200) break;
        }
      };
      await within(30_000, Promise.race([readAll(a), readAll(b)]), 'reading 200 records');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(new Set(seen).size, 200);
      assert.equal(seen.length, 200);
      // Each member commits what it read (checked against its member epoch by the broker).
      for (const [c, offsets] of next) {
        await c.commit([...offsets].map(([partition, offset]) => ({ topic, partition, offset })));
      }

      const conn = await admin.cluster.anyConnection();
      const listed = await conn.request(ApiKey.ListGroups, { statesFilter: [], typesFilter: ['consumer'] });
      assert.ok(listed.groups.some((g) => g.groupId === groupId && g.groupType === 'consumer'));
      const d = await conn.request(ApiKey.ConsumerGroupDescribe, {
        groupIds: [groupId],
        includeAuthorizedOperations: false,
      });
      assert.deepEqual(
        [d.groups[0]?.errorCode, d.groups[0]?.assignorName, d.groups[0]?.members.length],
        [0, 'range', 2],
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    // The commits outlive the members: a new member starts after them.
    const c = member(groupId);
    try {
      const committed = await c.committed([0, 1, 2, 3].map((partition) => ({ topic, partition })));
      assert.equal(
        committed.reduce((n, x) => n + Number(x.offset ?? 0n), 0),
        200,
      );
    } finally {
      await c.close();
    }
  });

  it("a transactional producer commits a consumer-protocol member's offsets (epoch as generation)", async () => {
    const topic = topicName('kip848-txn');
    const groupId = topicName('g848-txn');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    await producer.send({ topic, value: 'x' });
    const c = member(groupId);
    const txn = new Producer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      transactionalId: topicName('tx'),
    });
    try {
      await c.subscribe([topic]);
      await until('assigned', () => c.assignment().length === 1);
      await txn.initTransactions();
      txn.beginTransaction();
      await within(10_000, txn.sendOffsetsToTransaction([{ topic, partition: 0, offset: 1n }], c.groupMetadata()));
      await within(10_000, txn.commitTransaction());
      assert.deepEqual(await c.committed([{ topic, partition: 0 }]), [{ topic, partition: 0, offset: 1n }]);
      // A stale epoch is refused as a stale generation.
      txn.beginTransaction();
      const stale = { ...c.groupMetadata(), generationId: c.groupMetadata().generationId + 5 };
      await assert.rejects(txn.sendOffsetsToTransaction([{ topic, partition: 0, offset: 1n }], stale));
      await txn.abortTransaction().catch(() => {});
    } finally {
      await txn.close();
      await c.close();
    }
  });
});
