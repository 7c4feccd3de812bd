/**
 * The consumer (KIP-848) group coordinator on a manual clock and an in-memory log: a member that
 * does not revoke within its rebalance timeout is removed and its partitions go to the others; a
 * static member that left with -2 keeps its partitions until its session ends; group.consumer.
 * max.size; DeleteGroups of an empty consumer group; a failed append answers with the mapped
 * error; and a reload from the log gives back the same group.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { DEFAULT_CONSUMER_GROUP_CONFIG } from '../src/coordinator/group/consumer/consumer-config.js';
import type { ConsumerHeartbeatRequest, TopicPartitions } from '../src/coordinator/group/consumer/heartbeat-types.js';
import type { TopicLookup } from '../src/coordinator/group/consumer/subscriptions.js';
import { GroupCoordinator } from '../src/coordinator/group/group-coordinator.js';
import { TEST_CONFIG } from './support/group-harness.js';
import { ManualTimer } from './support/manual-timer.js';
import { MemoryCoordinatorLog } from './support/memory-coordinator-log.js';

const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';
const topics: TopicLookup = {
  idOf: (n) => (n === 't' ? TOPIC_ID : undefined),
  nameOf: (id) => (id === TOPIC_ID ? 't' : undefined),
  partitionCount: (n) => (n === 't' ? 4 : undefined),
  names: () => ['t'],
  isInternal: () => false,
};

function setup(maxSize = 10) {
  const timer = new ManualTimer();
  const log = new MemoryCoordinatorLog();
  const build = () =>
    new GroupCoordinator({
      config: TEST_CONFIG,
      log,
      timer,
      logger: silentLogger,
      partitionExists: () => true,
      topics,
      consumer: { ...DEFAULT_CONSUMER_GROUP_CONFIG, sessionTimeoutMs: 10_000, maxSize },
    });
  return { timer, log, build };
}

function hb(c: GroupCoordinator, fields: Partial<ConsumerHeartbeatRequest> & { memberEpoch: number }) {
  const joining = fields.memberEpoch === 0;
  return c.consumerGroupHeartbeat({
    groupId: 'g',
    memberId: '',
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: joining ? 5_000 : -1,
    subscribedTopicNames: joining ? ['t'] : null,
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: joining ? [] : null,
    clientId: 'c',
    clientHost: '/127.0.0.1',
    ...fields,
  });
}
const parts = (a: TopicPartitions[] | null) => (a ?? []).flatMap((t) => t.partitions).sort();

describe('consumer group coordinator', () => {
  it('removes a member that does not revoke within its rebalance timeout', async () => {
    const { timer, build } = setup();
    const c = build();
    await c.start();
    const a = hb(c, { memberEpoch: 0 });
    const b = hb(c, { memberEpoch: 0 });
    const a2 = hb(c, { memberId: a.memberId as string, memberEpoch: 1 });
    assert.equal(parts(a2.assignment).length, 2, 'asked to revoke two');
    timer.advance(4_000);
    assert.equal(c.describeConsumerGroup('g').group?.members.length, 2);
    timer.advance(1_500);
    const d = c.describeConsumerGroup('g').group;
    assert.deepEqual(
      d?.members.map((m) => m.memberId),
      [b.memberId],
    );
    const b2 = hb(c, { memberId: b.memberId as string, memberEpoch: b.memberEpoch, topicPartitions: [] });
    assert.deepEqual(parts(b2.assignment), [0, 1, 2, 3]);
    assert.equal(hb(c, { memberId: a.memberId as string, memberEpoch: 1 }).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a static member away (-2) keeps its partitions until its session ends', async () => {
    const { timer, build } = setup();
    const c = build();
    await c.start();
    const s = hb(c, { memberEpoch: 0, instanceId: 'i' });
    assert.equal(hb(c, { memberId: s.memberId as string, memberEpoch: -2, instanceId: 'i' }).errorCode, 0);
    const other = hb(c, { memberEpoch: 0 });
    assert.deepEqual(parts(other.assignment), [], 'the away member still holds its partitions');
    timer.advance(6_000);
    const still = hb(c, { memberId: other.memberId as string, memberEpoch: other.memberEpoch, topicPartitions: [] });
    assert.deepEqual(parts(still.assignment), []);
    timer.advance(4_001);
    const again = hb(c, { memberId: other.memberId as string, memberEpoch: still.memberEpoch, topicPartitions: [] });
    assert.deepEqual(parts(again.assignment), [0, 1, 2, 3], 'freed when its session ended');
  });

  it('refuses members beyond group.consumer.max.size; OffsetDelete of subscribed topics; deletes an empty group', async () => {
    const { build } = setup(1);
    const c = build();
    await c.start();
    const a = hb(c, { memberEpoch: 0 });
    assert.equal(hb(c, { memberEpoch: 0 }).errorCode, ErrorCode.GROUP_MAX_SIZE_REACHED);
    assert.equal(c.deleteGroup('g'), ErrorCode.NON_EMPTY_GROUP);
    // OffsetDelete: the members' topics are refused, others are not.
    const del = c.deleteOffsets('g', [
      { name: 't', partitions: [0] },
      { name: 'u', partitions: [0] },
    ]);
    assert.deepEqual(
      del.results.map((r) => [r.name, r.partitions[0]?.errorCode]),
      [
        ['t', ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC],
        ['u', ErrorCode.NONE],
      ],
    );
    hb(c, { memberId: a.memberId as string, memberEpoch: -1 });
    assert.equal(c.deleteGroup('g'), ErrorCode.NONE);
    assert.equal(c.describeConsumerGroup('g').errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('answers a failed append with the mapped error and keeps the group as it was', async () => {
    const { log, build } = setup();
    const c = build();
    await c.start();
    log.failWith = ErrorCode.NOT_LEADER_OR_FOLLOWER;
    assert.equal(hb(c, { memberEpoch: 0 }).errorCode, ErrorCode.NOT_COORDINATOR);
    assert.equal(c.describeConsumerGroup('g').errorCode, ErrorCode.GROUP_ID_NOT_FOUND, 'nothing kept');
    log.failWith = ErrorCode.NONE;
    const a = hb(c, { memberEpoch: 0 });
    log.failWith = ErrorCode.NOT_LEADER_OR_FOLLOWER;
    assert.equal(hb(c, { memberEpoch: 0 }).errorCode, ErrorCode.NOT_COORDINATOR);
    const d = c.describeConsumerGroup('g').group;
    assert.deepEqual([d?.groupEpoch, d?.members.map((m) => m.memberId)], [1, [a.memberId]], 'as before the failure');
  });

  it('a reload from the log gives back the group, its epochs and assignments', async () => {
    const { build } = setup();
    const c = build();
    await c.start();
    const a = hb(c, { memberEpoch: 0, serverAssignor: 'range' });
    hb(c, { memberEpoch: 0 });
    hb(c, { memberId: a.memberId as string, memberEpoch: 1 });
    const before = c.describeConsumerGroup('g');
    c.stop();
    const reloaded = build();
    await reloaded.start();
    assert.deepEqual(reloaded.describeConsumerGroup('g'), before);
    assert.equal(reloaded.listGroups([]).groups[0]?.type, 'consumer');
  });
});
