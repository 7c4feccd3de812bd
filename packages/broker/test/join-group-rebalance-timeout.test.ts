/**
 * The rebalance timeout of JoinGroup, which also bounds how long the coordinator waits for the
 * members' SyncGroup after the join phase (Kafka's DelayedSync, KAFKA-13666):
 * - v0 has no rebalance timeout field; Kafka's JoinGroupRequest takes the session timeout for it,
 *   so a v0 member has the whole session timeout to sync (raw protocol, and KafkaJS made to speak
 *   JoinGroup/SyncGroup v0);
 * - v1+ carry it; a member that syncs within it is kept (raw v5, KafkaJS at its own version);
 * - an explicit 0 at v1+ is taken as Kafka takes it: the sync deadline expires at once and the
 *   member that had not synced yet is removed (UNKNOWN_MEMBER_ID on its SyncGroup).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaWire } from '../bench/kafka-wire.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { waitFor } from './support/wait.js';

const protocols = [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0]) }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** KafkaJS's broker object (CommonJS, no types): its ApiVersions answer can be capped per API key. */
interface KafkaJsBrokerClass {
  prototype: { apiVersions(): Promise<Record<number, { minVersion: number; maxVersion: number }>> };
}
const KafkaJsBroker = createRequire(import.meta.url)('kafkajs/src/broker/index.js') as KafkaJsBrokerClass;

describe('JoinGroup rebalance timeout', () => {
  let fx: TestBroker;
  let wire: KafkaWire;

  before(async () => {
    fx = await startTestBroker({
      config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 },
    });
    wire = await KafkaWire.open(fx.bootstrap);
    const created = await wire.send(19, 4, {
      topics: [{ name: 'rt', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
    });
    assert.equal(created.topics[0]?.errorCode, ErrorCode.NONE);
  });
  after(async () => {
    wire?.close();
    await fx?.stop();
  });

  /** Joins `groupId` alone at `version` (with the v4+ MEMBER_ID_REQUIRED round), then syncs after `pauseMs`. */
  async function joinThenSync(groupId: string, version: number, rebalanceTimeoutMs: number, pauseMs: number) {
    const join = (memberId: string) =>
      wire.send(11, version, {
        groupId,
        sessionTimeoutMs: 6000,
        rebalanceTimeoutMs,
        memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols,
      });
    let joined = await join('');
    if (joined.errorCode === ErrorCode.MEMBER_ID_REQUIRED) joined = await join(joined.memberId);
    assert.equal(joined.errorCode, ErrorCode.NONE);
    await sleep(pauseMs);
    const synced = await wire.send(14, Math.min(version, 3), {
      groupId,
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      assignments: [{ memberId: joined.memberId, assignment: Buffer.from('a') }],
    });
    return synced.errorCode;
  }

  it('v0: the session timeout is the rebalance timeout, so a member syncing later is kept', async () => {
    assert.equal(await joinThenSync('rt-v0', 0, 0, 300), ErrorCode.NONE);
    const described = await wire.send(15, 0, { groups: ['rt-v0'] });
    assert.deepEqual(
      described.groups.map((g) => [g.groupState, g.members.length]),
      [['Stable', 1]],
    );
  });

  it('v5: a member syncing within its rebalance timeout is kept', async () => {
    assert.equal(await joinThenSync('rt-v5', 5, 6000, 300), ErrorCode.NONE);
  });

  for (const version of [1, 5]) {
    it(`v${version}: an explicit rebalance timeout of 0 expires the sync deadline at once, as in Kafka`, async () => {
      assert.equal(await joinThenSync(`rt-zero-v${version}`, version, 0, 50), ErrorCode.UNKNOWN_MEMBER_ID);
    });
  }

  async function consumeOne(kafka: Kafka, groupId: string, value: string): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'rt', messages: [{ value }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 300 });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'rt', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value?.toString() ?? '');
        },
      });
      await waitFor(`${groupId} consumes ${value}`, () => seen.includes(value));
      const described = await wire.send(15, 0, { groups: [groupId] });
      assert.deepEqual(
        described.groups.map((g) => [g.groupState, g.members.length]),
        [['Stable', 1]],
      );
    } finally {
      await consumer.disconnect();
    }
  }

  it('KafkaJS at its own JoinGroup version joins, syncs and consumes', async () => {
    const kafka = new Kafka({ clientId: 'rt-new', brokers: [fx.bootstrap], logLevel: logLevel.NOTHING });
    await consumeOne(kafka, 'rt-kafkajs-new', 'new');
  });

  it('KafkaJS speaking JoinGroup and SyncGroup v0 joins, syncs and consumes', async () => {
    const original = KafkaJsBroker.prototype.apiVersions;
    let capped = 0;
    KafkaJsBroker.prototype.apiVersions = async function cappedVersions() {
      const versions = await original.call(this);
      capped++;
      for (const key of [11, 14, 12, 13]) {
        const v = versions[key];
        if (v) v.maxVersion = 0;
      }
      return versions;
    };
    try {
      const kafka = new Kafka({ clientId: 'rt-old', brokers: [fx.bootstrap], logLevel: logLevel.NOTHING });
      await consumeOne(kafka, 'rt-kafkajs-v0', 'old');
      assert.ok(capped > 0, 'KafkaJS was offered JoinGroup v0 only');
    } finally {
      KafkaJsBroker.prototype.apiVersions = original;
    }
  });
});
