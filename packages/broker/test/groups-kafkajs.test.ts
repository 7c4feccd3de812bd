/**
 * Consumer groups with KafkaJS 2.2.4: three members share a 6-partition topic, each record is
 * consumed exactly once while the group is stable, a leaving member's partitions move to the
 * others, and committed offsets survive a restart of the whole group. Small session timeouts and
 * no initial rebalance delay keep it quick.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { waitFor } from './support/wait.js';

const TOPIC = 'js-group-topic';
const GROUP = 'js-group';

interface Member {
  name: string;
  consumer: Consumer;
  assigned: number[];
}

describe('KafkaJS consumer groups', () => {
  let fx: TestBroker;
  let kafka: Kafka;
  const seen = new Map<string, string[]>(); // "partition:offset" → members that consumed it

  before(async () => {
    fx = await startTestBroker({
      config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 },
    });
    kafka = new Kafka({ clientId: 'samsa-groups', brokers: [fx.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 6 }] });
    await admin.disconnect();
  });
  after(async () => {
    await fx.stop();
  });

  async function startMember(name: string): Promise<Member> {
    const consumer = kafka.consumer({
      groupId: GROUP,
      sessionTimeout: 6000,
      rebalanceTimeout: 6000,
      heartbeatInterval: 300,
      maxWaitTimeInMs: 200,
    });
    const m: Member = { name, consumer, assigned: [] };
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      m.assigned = [...(e.payload.memberAssignment[TOPIC] ?? [])].sort();
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const k = `${partition}:${message.offset}`;
        seen.set(k, [...(seen.get(k) ?? []), name]);
      },
    });
    return m;
  }

  async function produce(count: number, from: number): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: count }, (_, i) => ({ partition: i % 6, value: `v${from + i}` }));
    await producer.send({ topic: TOPIC, messages });
    await producer.disconnect();
  }

  function covers(members: Member[]): boolean {
    const all = members.flatMap((m) => m.assigned).sort();
    return all.length === 6 && all.every((p, i) => p === i);
  }

  it('shares partitions, moves a leaver’s partitions, and resumes from committed offsets', async () => {
    const members = [await startMember('a'), await startMember('b'), await startMember('c')];
    await waitFor(
      'three members to split six partitions',
      () => covers(members) && members.every((m) => m.assigned.length === 2),
    );

    await produce(60, 0);
    await waitFor('60 records consumed', () => seen.size === 60);
    for (const [k, who] of seen) assert.equal(who.length, 1, `${k} consumed once, not by ${who.join(',')}`);
    const owner = new Map<number, string>();
    for (const [k, who] of seen) {
      const p = Number(k.split(':')[0]);
      assert.equal(owner.get(p) ?? who[0], who[0], `partition ${p} read by a single member`);
      owner.set(p, who[0] as string);
    }

    const leaver = members.pop() as Member;
    const leftPartitions = leaver.assigned;
    await leaver.consumer.disconnect();
    await waitFor('the two remaining members to take over', () => covers(members));
    for (const p of leftPartitions) assert.ok(members.some((m) => m.assigned.includes(p)));

    await produce(60, 60);
    await waitFor('120 records consumed', () => seen.size === 120);
    for (const [k, who] of seen) assert.equal(who.length, 1, `${k} consumed once`);
    const late = [...seen.entries()].filter(([k]) => Number(k.split(':')[1]) >= 10);
    assert.ok(
      late.every(([, who]) => who[0] !== 'c'),
      'the leaver consumed nothing new',
    );

    // Committed offsets are where the group stopped.
    for (const m of members) await m.consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    assert.deepEqual(
      offsets[0]?.partitions.map((p) => [p.partition, p.offset]).sort(),
      [0, 1, 2, 3, 4, 5].map((p) => [p, '20']),
    );
    const described = await admin.describeGroups([GROUP]);
    assert.equal(described.groups[0]?.state, 'Empty');
    assert.ok((await admin.listGroups()).groups.some((g) => g.groupId === GROUP && g.protocolType === 'consumer'));

    // The whole group restarts: nothing is read twice.
    seen.clear();
    const again = [await startMember('d'), await startMember('e')];
    await waitFor('the restarted group to be assigned', () => covers(again));
    await produce(12, 120);
    await waitFor('12 new records consumed', () => seen.size === 12);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.size, 12);
    for (const k of seen.keys()) assert.equal(Number(k.split(':')[1]) >= 20, true, `${k} is new`);
    const stable = await admin.describeGroups([GROUP]);
    assert.equal(stable.groups[0]?.state, 'Stable');
    assert.equal(stable.groups[0]?.members.length, 2);
    assert.equal(stable.groups[0]?.protocol, 'RoundRobinAssigner');
    for (const m of again) await m.consumer.disconnect();

    // DeleteGroups on the now empty group.
    await admin.deleteGroups([GROUP]);
    assert.ok(!(await admin.listGroups()).groups.some((g) => g.groupId === GROUP));
    await admin.disconnect();
  });
});
