/**
 * Consumer groups against the in-process broker's group coordinator: assignors (Java's documented
 * examples), subscribe and read, commits (explicit and automatic, of processed records only)
 * surviving a restart, two members splitting partitions exactly once, a cooperative rebalance that
 * keeps unmoved partitions flowing, RegExp subscriptions, and rebalance listeners.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ApiKey } from '@samsa/protocol';
import { Admin } from '../src/admin/admin.js';
import { Consumer, type ConsumerConfig, type ConsumerRecord, type TopicPartition } from '../src/consumer/consumer.js';
import {
  cooperativeStickyAssignor,
  type MemberSubscription,
  rangeAssignor,
  roundRobinAssignor,
  stickyAssignor,
} from '../src/consumer/group/assignors.js';
import { GroupRequests } from '../src/consumer/group/group-requests.js';
import { Producer } from '../src/producer/producer.js';
import { topicName, within } from './support/helpers.js';

const tps = (list: TopicPartition[]) => list.map((tp) => `${tp.topic}-${tp.partition}`).sort();

describe('assignors', () => {
  const member = (
    memberId: string,
    topics: string[],
    owned: TopicPartition[] = [],
    generationId = 1,
  ): MemberSubscription => ({
    memberId,
    groupInstanceId: null,
    topics,
    ownedPartitions: owned,
    generationId,
  });
  const counts = new Map([
    ['t0', 3],
    ['t1', 3],
  ]);

  it('range: the RangeAssignor javadoc example', () => {
    const a = rangeAssignor.assign([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], counts);
    assert.deepEqual(tps(a.get('C0') ?? []), ['t0-0', 't0-1', 't1-0', 't1-1']);
    assert.deepEqual(tps(a.get('C1') ?? []), ['t0-2', 't1-2']);
  });

  it('roundrobin: the RoundRobinAssignor javadoc example', () => {
    const a = roundRobinAssignor.assign([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], counts);
    assert.deepEqual(tps(a.get('C0') ?? []), ['t0-0', 't0-2', 't1-1']);
    assert.deepEqual(tps(a.get('C1') ?? []), ['t0-1', 't1-0', 't1-2']);
  });

  it('sticky (eager) balances and keeps owned partitions in one round', () => {
    const all = [0, 1, 2].flatMap((p) => [
      { topic: 't0', partition: p },
      { topic: 't1', partition: p },
    ]);
    const next = stickyAssignor.assign([member('A', ['t0', 't1'], all), member('B', ['t0', 't1'])], counts);
    assert.equal(next.get('A')?.length, 3);
    assert.equal(next.get('B')?.length, 3);
    for (const tp of next.get('A') ?? [])
      assert.ok(all.some((o) => o.topic === tp.topic && o.partition === tp.partition));
  });

  it('cooperative-sticky keeps owned partitions and withholds moving ones for a round', () => {
    const all = [0, 1, 2].flatMap((p) => [
      { topic: 't0', partition: p },
      { topic: 't1', partition: p },
    ]);
    const first = cooperativeStickyAssignor.assign([member('A', ['t0', 't1'], all)], counts);
    assert.equal(first.get('A')?.length, 6);
    // B joins: A keeps 3 of its 6; the other 3 are revoked from A and not yet given to B.
    const second = cooperativeStickyAssignor.assign(
      [member('A', ['t0', 't1'], all), member('B', ['t0', 't1'])],
      counts,
    );
    const keptByA = second.get('A') ?? [];
    assert.equal(keptByA.length, 3);
    assert.equal(second.get('B')?.length, 0);
    // Next round (A rejoined owning 3): B gets the other 3, A's stay put.
    const third = cooperativeStickyAssignor.assign(
      [member('A', ['t0', 't1'], keptByA, 2), member('B', ['t0', 't1'], [], 2)],
      counts,
    );
    assert.deepEqual(tps(third.get('A') ?? []), tps(keptByA));
    assert.equal(third.get('B')?.length, 3);
    assert.deepEqual([...tps(third.get('A') ?? []), ...tps(third.get('B') ?? [])].sort(), tps(all));
  });
});

describe('consumer groups', () => {
  let broker: TestBroker;
  let admin: Admin;
  let producer: Producer;
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0, 'num.partitions': 1 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 1 });
  });
  after(async () => {
    await producer.close();
    await admin.close();
    await broker.stop();
  });

  const groupConsumer = (groupId: string, extra: Partial<ConsumerConfig> = {}) =>
    new Consumer({
      bootstrapServers: broker.bootstrap,
      groupId,
      logger: silentLogger,
      autoOffsetReset: 'earliest',
      fetchMaxWaitMs: 100,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 100,
      ...extra,
    });

  async function produce(topic: string, n: number, from = 0): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, (_, i) => producer.send({ topic, key: `k${from + i}`, value: `${from + i}` })),
    );
  }

  async function read(consumer: Consumer, n: number, ms = 15_000): Promise<ConsumerRecord[]> {
    const out: ConsumerRecord[] = [];
    if (n === 0) return out;
    await within(
      ms,
      (async () => {
        for await (const r of consumer) {
          out.push(r);
          if (out.length >= n) break;
        }
      })(),
      `reading ${n} records`,
    );
    return out;
  }

  it('subscribes, reads, auto-commits processed records on close, and a restart resumes there', async () => {
    const topic = topicName('group-resume');
    const groupId = topicName('g');
    await admin.createTopics([{ name: topic, numPartitions: 3 }]);
    await produce(topic, 30);
    const assigned: string[] = [];
    let processedByC1: string[] = [];
    const c1 = groupConsumer(groupId);
    try {
      await c1.subscribe([topic], { onPartitionsAssigned: (p) => void assigned.push(...tps(p)) });
      const first = await read(c1, 10);
      assert.equal(first.length, 10);
      processedByC1 = first.slice(0, 9).map((r) => r.value?.toString() as string);
      assert.deepEqual(assigned.sort(), [`${topic}-0`, `${topic}-1`, `${topic}-2`]);
    } finally {
      await c1.close();
    }
    // 10 records were handed out; the 10th was not finished (no next() after it), so 9 are processed.
    const c2 = groupConsumer(groupId);
    try {
      await c2.subscribe([topic]);
      const rest = await read(c2, 21);
      const seen = new Set(rest.map((r) => r.value?.toString()));
      assert.equal(seen.size, 21);
      for (const v of processedByC1) assert.ok(!seen.has(v), `processed record ${v} came again`);
      assert.equal(new Set([...seen, ...processedByC1]).size, 30, 'the unprocessed 10th record comes again');
      const committed = await c2.committed([0, 1, 2].map((partition) => ({ topic, partition })));
      assert.equal(committed.length, 3);
    } finally {
      await c2.close();
    }
  });

  it('explicit commit() stores offsets that committed() reads back', async () => {
    const topic = topicName('group-commit');
    const groupId = topicName('g');
    await produce(topic, 5);
    const c = groupConsumer(groupId, { enableAutoCommit: false });
    try {
      await c.subscribe([topic]);
      const got = await read(c, 5);
      assert.equal(got.length, 5);
      await c.commit();
      assert.deepEqual(await c.committed([{ topic, partition: 0 }]), [{ topic, partition: 0, offset: 4n }]);
      await c.commit([{ topic, partition: 0, offset: 5 }]);
      assert.deepEqual(await c.committed([{ topic, partition: 0 }]), [{ topic, partition: 0, offset: 5n }]);
    } finally {
      await c.close();
    }
  });

  it('poll(): the records of a poll count as processed when poll is called again', async () => {
    const topic = topicName('group-poll');
    const groupId = topicName('g');
    await produce(topic, 30);
    const c = groupConsumer(groupId, { enableAutoCommit: false, maxPollRecords: 10 });
    try {
      await c.subscribe([topic]);
      let first: ConsumerRecord[] = [];
      while (first.length === 0) first = await within(10_000, c.poll({ timeoutMs: 1000 }));
      await c.commit();
      assert.deepEqual(await c.committed([{ topic, partition: 0 }]), [{ topic, partition: 0, offset: null }]);
      await within(10_000, c.poll({ timeoutMs: 1000 }));
      await c.commit();
      const last = first[first.length - 1] as ConsumerRecord;
      assert.deepEqual(await c.committed([{ topic, partition: 0 }]), [
        { topic, partition: 0, offset: last.offset + 1n },
      ]);
    } finally {
      await c.close();
    }
  });

  it('two members split the partitions and read every record exactly once', async () => {
    const topic = topicName('group-split');
    const groupId = topicName('g');
    await admin.createTopics([{ name: topic, numPartitions: 4 }]);
    const a = groupConsumer(groupId, { partitionAssignmentStrategy: ['range'] });
    const b = groupConsumer(groupId, { partitionAssignmentStrategy: ['range'] });
    try {
      await a.subscribe([topic]);
      await within(
        10_000,
        waitFor(() => a.assignment().length === 4),
        'first member assigned',
      );
      await b.subscribe([topic]);
      await within(
        15_000,
        waitFor(() => a.assignment().length === 2 && b.assignment().length === 2),
        'rebalanced',
      );
      assert.deepEqual(
        tps([...a.assignment(), ...b.assignment()]),
        [0, 1, 2, 3].map((p) => `${topic}-${p}`),
      );
      await produce(topic, 200);
      const seen: string[] = [];
      const readAll = async (c: Consumer) => {
        for await (const r of c) {
          seen.push(r.value?.toString() as string);
          if (seen.length >= 200) break;
        }
      };
      await within(15_000, Promise.race([readAll(a), readAll(b)]), 'reading 200 records');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(seen.length, 200);
      assert.equal(new Set(seen).size, 200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('cooperative-sticky: a joining member takes partitions while the first keeps reading its own', async () => {
    const topic = topicName('group-coop');
    const groupId = topicName('g');
    await admin.createTopics([{ name: topic, numPartitions: 4 }]);
    const revokedFromA: string[] = [];
    const lostFromA: string[] = [];
    const a = groupConsumer(groupId, { partitionAssignmentStrategy: ['cooperative-sticky'] });
    const b = groupConsumer(groupId, { partitionAssignmentStrategy: ['cooperative-sticky'] });
    try {
      await a.subscribe([topic], {
        onPartitionsRevoked: (p) => void revokedFromA.push(...tps(p)),
        onPartitionsLost: (p) => void lostFromA.push(...tps(p)),
      });
      await within(
        10_000,
        waitFor(() => a.assignment().length === 4),
        'first member assigned',
      );
      const before = tps(a.assignment());
      await b.subscribe([topic]);
      await within(
        15_000,
        waitFor(() => a.assignment().length === 2 && b.assignment().length === 2),
        'cooperative rebalance',
      );
      const kept = tps(a.assignment());
      assert.equal(revokedFromA.length, 2, `only moved partitions are revoked: ${revokedFromA}`);
      assert.deepEqual([...kept, ...revokedFromA].sort(), before);
      assert.equal(lostFromA.length, 0);
      // A's unmoved partitions flow right away.
      const keptPartition = a.assignment()[0] as TopicPartition;
      await producer.send({ topic, partition: keptPartition.partition, value: 'after-rebalance' });
      const [r] = await read(a, 1);
      assert.equal(r?.partition, keptPartition.partition);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('leaves the group when the application stops reading for maxPollIntervalMs, and rejoins on the next read', async () => {
    const topic = topicName('group-poll-timeout');
    const groupId = topicName('g');
    await produce(topic, 10);
    const revoked: string[] = [];
    const c = groupConsumer(groupId, { maxPollIntervalMs: 600, enableAutoCommit: false });
    try {
      await c.subscribe([topic], { onPartitionsRevoked: (p) => void revoked.push(...tps(p)) });
      await read(c, 1);
      // The application is busy (not reading) for longer than maxPollIntervalMs.
      await within(
        5000,
        waitFor(() => c.assignment().length === 0),
        'left after the poll timeout',
      );
      assert.deepEqual(revoked, [`${topic}-0`]);
      const again = await read(c, 1);
      assert.equal(again.length, 1);
      assert.deepEqual(tps(c.assignment()), [`${topic}-0`]);
    } finally {
      await c.close();
    }
  });

  it('a consumer waiting for data is not considered stuck', async () => {
    const topic = topicName('group-idle');
    const groupId = topicName('g');
    const c = groupConsumer(groupId, { maxPollIntervalMs: 300 });
    try {
      await c.subscribe([topic]);
      const reading = read(c, 1, 10_000);
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(tps(c.assignment()), [`${topic}-0`]);
      await producer.send({ topic, value: 'late' });
      assert.equal((await reading)[0]?.value?.toString(), 'late');
    } finally {
      await c.close();
    }
  });

  it('static membership: a restarted member gets its partitions back without a rebalance', async () => {
    const topic = topicName('group-static');
    const groupId = topicName('g');
    await admin.createTopics([{ name: topic, numPartitions: 4 }]);
    const revokedFromA: string[] = [];
    const a = groupConsumer(groupId, { groupInstanceId: 'instance-a', partitionAssignmentStrategy: ['range'] });
    let b = groupConsumer(groupId, { groupInstanceId: 'instance-b', partitionAssignmentStrategy: ['range'] });
    try {
      await a.subscribe([topic], { onPartitionsRevoked: (p) => void revokedFromA.push(...tps(p)) });
      await b.subscribe([topic]);
      await within(
        15_000,
        waitFor(() => a.assignment().length === 2 && b.assignment().length === 2),
        'both assigned',
      );
      const bPartitions = tps(b.assignment());
      const revocationsBefore = revokedFromA.length;
      await b.close(); // static: no LeaveGroup, the seat is kept for sessionTimeoutMs
      b = groupConsumer(groupId, { groupInstanceId: 'instance-b', partitionAssignmentStrategy: ['range'] });
      await b.subscribe([topic]);
      await within(
        10_000,
        waitFor(() => b.assignment().length === 2),
        'restarted member assigned',
      );
      assert.deepEqual(tps(b.assignment()), bPartitions);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(revokedFromA.length, revocationsBefore, 'the other member was not rebalanced');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('admin: lists and describes groups, shows lag, resets, alters and deletes offsets, deletes groups', async () => {
    const topic = topicName('group-admin');
    const groupId = topicName('g');
    await admin.createTopics([{ name: topic, numPartitions: 2 }]);
    await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic, partition: i % 2, value: `${i}` })));
    const c = groupConsumer(groupId, { enableAutoCommit: false, clientId: 'lag-reader' });
    try {
      await c.subscribe([topic]);
      await read(c, 5);
      await c.commit([
        { topic, partition: 0, offset: 4 },
        { topic, partition: 1, offset: 7 },
      ]);
      assert.ok((await admin.listGroups()).some((g) => g.groupId === groupId && g.protocolType === 'consumer'));
      const [d] = await admin.describeGroups([groupId]);
      assert.equal(d?.state, 'Stable');
      assert.equal(d?.protocol, 'range');
      assert.equal(d?.members.length, 1);
      assert.equal(d?.members[0]?.clientId, 'lag-reader');
      assert.deepEqual(tps(d?.members[0]?.assignment ?? []), [`${topic}-0`, `${topic}-1`]);
      const lag = await admin.listGroupOffsets(groupId);
      assert.deepEqual(
        lag.map((l) => [l.partition, l.offset, l.logEndOffset, l.lag]),
        [
          [0, 4n, 10n, 6n],
          [1, 7n, 10n, 3n],
        ],
      );
      // Offsets of a group with members cannot be altered.
      await assert.rejects(admin.alterGroupOffsets(groupId, [{ topic, partition: 0, offset: 0 }], { timeoutMs: 1000 }));
    } finally {
      await c.close();
    }
    await admin.resetGroupOffsets(groupId, [{ topic, partition: 0 }], 'earliest');
    await admin.alterGroupOffsets(groupId, [{ topic, partition: 1, offset: 9 }]);
    let offsets = await admin.listGroupOffsets(groupId);
    assert.deepEqual(
      offsets.map((o) => [o.partition, o.offset]),
      [
        [0, 0n],
        [1, 9n],
      ],
    );
    await admin.deleteGroupOffsets(groupId, [{ topic, partition: 1 }]);
    offsets = await admin.listGroupOffsets(groupId);
    assert.deepEqual(
      offsets.map((o) => o.partition),
      [0],
    );
    await admin.deleteGroups([groupId]);
    assert.ok(!(await admin.listGroups()).some((g) => g.groupId === groupId));
  });

  it('survives a broker restart and continues from where it was', async () => {
    const b = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0 }, keepDir: true });
    const port = Number(b.bootstrap.split(':')[1]);
    const topic = topicName('group-restart');
    const groupId = topicName('g');
    const p = new Producer({ bootstrapServers: b.bootstrap, logger: silentLogger, retryBackoffMs: 50 });
    const c = new Consumer({
      bootstrapServers: b.bootstrap,
      groupId,
      logger: silentLogger,
      autoOffsetReset: 'earliest',
      fetchMaxWaitMs: 100,
      heartbeatIntervalMs: 100,
      sessionTimeoutMs: 10_000,
      requestTimeoutMs: 2000,
      reconnectBackoffMaxMs: 200,
      enableAutoCommit: false,
    });
    let b2: TestBroker | null = null;
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => p.send({ topic, value: `${i}` })));
      await c.subscribe([topic]);
      const first = await read(c, 5);
      assert.equal(first.length, 5);
      await c.commit([{ topic, partition: 0, offset: 5 }]);
      await b.stop();
      await new Promise((r) => setTimeout(r, 300));
      // Same port, same log dir: the data and the group's offsets are still there.
      b2 = await startTestBroker({ port, dir: b.dir, config: { 'group.initial.rebalance.delay.ms': 0 } });
      await within(15_000, Promise.all(Array.from({ length: 5 }, (_, i) => p.send({ topic, value: `${10 + i}` }))));
      const after = await read(c, 10, 20_000);
      // Records 5-9 were handed out but not committed, so they come again; nothing before 5 does.
      const values = after.map((r) => Number(r.value?.toString()));
      assert.ok(Math.min(...values) >= 5, `read ${values}`);
      assert.deepEqual([...new Set(values)].sort((x, y) => x - y).slice(-5), [10, 11, 12, 13, 14]);
    } finally {
      await c.close();
      await p.close({ timeoutMs: 0 });
      await b2?.stop();
      // keepDir: the first broker left its dir for the second; neither removes it.
      rmSync(b.dir, { recursive: true, force: true });
    }
  });

  it('calls onPartitionsLost when the coordinator drops the member, then rejoins', async () => {
    const topic = topicName('group-lost');
    const groupId = topicName('g');
    const lost: string[] = [];
    const revoked: string[] = [];
    const c = groupConsumer(groupId);
    try {
      await c.subscribe([topic], {
        onPartitionsLost: (p) => void lost.push(...tps(p)),
        onPartitionsRevoked: (p) => void revoked.push(...tps(p)),
      });
      await within(
        10_000,
        waitFor(() => c.assignment().length === 1),
        'assigned',
      );
      const [d] = await admin.describeGroups([groupId]);
      const memberId = d?.members[0]?.memberId as string;
      // Another client removes the member (as kafka-consumer-groups --delete-members would).
      const conn = await new GroupRequests(admin.cluster, groupId).coordinator();
      const res = await conn.request(ApiKey.LeaveGroup, {
        groupId,
        memberId,
        members: [{ memberId, groupInstanceId: null, reason: 'test' }],
      });
      assert.equal(res.errorCode, 0);
      await within(
        10_000,
        waitFor(() => lost.length > 0),
        'lost',
      );
      assert.deepEqual(lost, [`${topic}-0`]);
      assert.deepEqual(revoked, []);
      await within(
        10_000,
        waitFor(() => c.assignment().length === 1),
        'rejoined',
      );
    } finally {
      await c.close();
    }
  });

  it('close() is bounded by its timeout when the broker is gone', async () => {
    const b = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0 } });
    const topic = topicName('group-close');
    const c = new Consumer({
      bootstrapServers: b.bootstrap,
      groupId: topicName('g'),
      logger: silentLogger,
      heartbeatIntervalMs: 100,
      sessionTimeoutMs: 10_000,
      requestTimeoutMs: 1000,
    });
    await c.subscribe([topic]);
    await within(
      10_000,
      waitFor(() => c.assignment().length === 1),
      'assigned',
    );
    await b.stop();
    const started = Date.now();
    await within(5000, c.close({ timeoutMs: 500 }), 'close');
    assert.ok(Date.now() - started < 3000);
  });

  it('subscribes by RegExp', async () => {
    const prefix = topicName('rx');
    const groupId = topicName('g');
    await admin.createTopics([
      { name: `${prefix}-a`, numPartitions: 1 },
      { name: `${prefix}-b`, numPartitions: 1 },
      { name: `other-${prefix}`, numPartitions: 1 },
    ]);
    await producer.send({ topic: `${prefix}-a`, value: 'a' });
    await producer.send({ topic: `${prefix}-b`, value: 'b' });
    await producer.send({ topic: `other-${prefix}`, value: 'x' });
    const c = groupConsumer(groupId, { metadataMaxAgeMs: 200 });
    try {
      await c.subscribe(new RegExp(`^${prefix}-`));
      const got = await read(c, 2);
      assert.deepEqual(got.map((r) => r.value?.toString()).sort(), ['a', 'b']);
      assert.deepEqual(tps(c.assignment()), [`${prefix}-a-0`, `${prefix}-b-0`]);
      // A new matching topic joins the subscription at the next metadata check.
      await admin.createTopics([{ name: `${prefix}-c`, numPartitions: 1 }]);
      await producer.send({ topic: `${prefix}-c`, value: 'c' });
      // 'b' was handed out but not finished when the rebalance came, so it may come again (at least once).
      const seen: string[] = [];
      await within(
        10_000,
        (async () => {
          for await (const r of c) {
            seen.push(r.value?.toString() as string);
            if (r.value?.toString() === 'c') break;
          }
        })(),
        'reading the new topic',
      );
      assert.ok(
        seen.every((v) => v === 'b' || v === 'c'),
        `read ${seen}`,
      );
      assert.deepEqual(tps(c.assignment()), [`${prefix}-a-0`, `${prefix}-b-0`, `${prefix}-c-0`]);
    } finally {
      await c.close();
    }
  });

  it('rebalances when a subscribed topic gains partitions', async () => {
    const topic = topicName('group-grow');
    const groupId = topicName('g');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const c = groupConsumer(groupId, { metadataMaxAgeMs: 200 });
    try {
      await c.subscribe([topic]);
      await within(
        10_000,
        waitFor(() => c.assignment().length === 1),
        'assigned',
      );
      await admin.createPartitions({ [topic]: 3 });
      await within(
        10_000,
        waitFor(() => c.assignment().length === 3),
        'reassigned after growth',
      );
      await producer.send({ topic, partition: 2, value: 'p2' });
      const [r] = await read(c, 1);
      assert.equal(r?.partition, 2);
    } finally {
      await c.close();
    }
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
}
