/**
 * KIP-848 consumer groups through the raw protocol against one broker: joining and the server's
 * assignment, a second member triggering revocation before assignment, fencing and member-epoch
 * checks of OffsetCommit/OffsetFetch v9, request validation, classic/consumer conflicts, ListGroups
 * and DescribeGroups, static members, session expiry, new partitions bumping the group epoch, and
 * a broker restart keeping the group.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import { KafkaWire } from '../bench/kafka-wire.js';
import { type Broker, startBroker } from '../src/index.js';

const CONFIG = {
  'group.initial.rebalance.delay.ms': 0,
  'offsets.topic.num.partitions': 4,
  'group.consumer.session.timeout.ms': 6000,
  'group.consumer.heartbeat.interval.ms': 500,
};
type Owned = Array<{ topicId: string; partitions: number[] }>;

describe('consumer groups (KIP-848) on the wire', () => {
  let dir: string;
  let broker: Broker;
  let wire: KafkaWire;
  let topicId: string;

  const hb = (fields: {
    groupId: string;
    memberId?: string;
    memberEpoch: number;
    instanceId?: string | null;
    topics?: string[] | null;
    owned?: Owned | null;
    serverAssignor?: string | null;
  }) =>
    wire.send(68, 0, {
      groupId: fields.groupId,
      memberId: fields.memberId ?? '',
      memberEpoch: fields.memberEpoch,
      instanceId: fields.instanceId ?? null,
      rackId: null,
      rebalanceTimeoutMs: fields.memberEpoch === 0 ? 30000 : -1,
      subscribedTopicNames: fields.topics === undefined ? (fields.memberEpoch === 0 ? ['cg'] : null) : fields.topics,
      serverAssignor: fields.serverAssignor ?? null,
      topicPartitions: fields.owned === undefined ? (fields.memberEpoch === 0 ? [] : null) : fields.owned,
    });
  const parts = (a: Owned | undefined | null) => (a ?? []).flatMap((t) => t.partitions).sort((x, y) => x - y);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-kip848-'));
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    wire = await KafkaWire.open(broker.bootstrapServers);
    await wire.send(19, 4, {
      topics: [{ name: 'cg', numPartitions: 4, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
    });
    const md = await wire.send(3, 12, { topics: [{ name: 'cg', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }] });
    topicId = md.topics[0]?.topicId as string;
  });
  after(async () => {
    wire.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a member joins and gets every partition; a second one gets its share only after the first revoked', async () => {
    const a1 = await hb({ groupId: 'g1', memberEpoch: 0 });
    assert.equal(a1.errorCode, 0, a1.errorMessage ?? '');
    assert.ok(a1.memberId);
    assert.equal(a1.memberEpoch, 1);
    assert.equal(a1.heartbeatIntervalMs, 500);
    assert.deepEqual(parts(a1.assignment?.topicPartitions), [0, 1, 2, 3]);
    const a = a1.memberId as string;

    const b1 = await hb({ groupId: 'g1', memberEpoch: 0 });
    assert.equal(b1.errorCode, 0);
    const b = b1.memberId as string;
    assert.equal(b1.memberEpoch, 2);
    assert.deepEqual(parts(b1.assignment?.topicPartitions), [], 'nothing until the first member revoked');

    // The first member is asked to revoke half, and keeps its epoch until it has.
    const a2 = await hb({ groupId: 'g1', memberId: a, memberEpoch: 1 });
    assert.equal(a2.memberEpoch, 1);
    const kept = parts(a2.assignment?.topicPartitions);
    assert.equal(kept.length, 2);
    const a3 = await hb({ groupId: 'g1', memberId: a, memberEpoch: 1, owned: [{ topicId, partitions: kept }] });
    assert.equal(a3.memberEpoch, 2);

    const b2 = await hb({ groupId: 'g1', memberId: b, memberEpoch: 2 });
    const got = parts(b2.assignment?.topicPartitions);
    assert.deepEqual([...kept, ...got].sort(), [0, 1, 2, 3]);

    const d = await wire.send(69, 0, { groupIds: ['g1', 'nope'], includeAuthorizedOperations: false });
    const g = d.groups[0];
    assert.deepEqual(
      [g?.errorCode, g?.groupState, g?.groupEpoch, g?.assignmentEpoch, g?.assignorName],
      [0, 'Stable', 2, 2, 'uniform'],
    );
    assert.equal(g?.members.length, 2);
    assert.equal(g?.members.find((m) => m.memberId === b)?.assignment.topicPartitions[0]?.topicName, 'cg');
    assert.equal(d.groups[1]?.errorCode, ErrorCode.GROUP_ID_NOT_FOUND);

    // Epoch checks: a future epoch is fenced, an unknown member is unknown.
    assert.equal((await hb({ groupId: 'g1', memberId: a, memberEpoch: 9 })).errorCode, ErrorCode.FENCED_MEMBER_EPOCH);
    assert.equal(
      (await hb({ groupId: 'g1', memberId: 'ghost', memberEpoch: 2 })).errorCode,
      ErrorCode.UNKNOWN_MEMBER_ID,
    );

    // OffsetCommit / OffsetFetch v9 check the member epoch.
    const commit = (memberId: string, epoch: number, version = 9) =>
      wire.send(8, version, {
        groupId: 'g1',
        generationIdOrMemberEpoch: epoch,
        memberId,
        groupInstanceId: null,
        topics: [
          {
            name: 'cg',
            partitions: [
              {
                partitionIndex: 0,
                committedOffset: 5n,
                committedLeaderEpoch: -1,
                committedMetadata: '',
                commitTimestamp: -1n,
              },
            ],
          },
        ],
      });
    const code = async (p: ReturnType<typeof commit>) => (await p).topics[0]?.partitions[0]?.errorCode;
    assert.equal(await code(commit(a, 2)), 0);
    assert.equal(await code(commit(a, 1)), ErrorCode.STALE_MEMBER_EPOCH);
    assert.equal(await code(commit(a, 1, 8)), ErrorCode.ILLEGAL_GENERATION);
    assert.equal(await code(commit('ghost', 2)), ErrorCode.UNKNOWN_MEMBER_ID);
    const fetch = (memberId: string | null, memberEpoch: number) =>
      wire.send(9, 9, {
        groups: [{ groupId: 'g1', memberId, memberEpoch, topics: [{ name: 'cg', partitionIndexes: [0] }] }],
        requireStable: false,
      });
    const f = await fetch(a, 2);
    assert.deepEqual([f.groups[0]?.errorCode, f.groups[0]?.topics[0]?.partitions[0]?.committedOffset], [0, 5n]);
    assert.equal((await fetch(a, 1)).groups[0]?.errorCode, ErrorCode.STALE_MEMBER_EPOCH);
    assert.equal((await fetch('ghost', 1)).groups[0]?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal((await fetch(null, -1)).groups[0]?.errorCode, 0, 'an admin fetch is not checked');
    // A classic group's member sends its generation as the epoch (franz-go does): not checked.
    const classicFetch = await wire.send(9, 9, {
      groups: [
        {
          groupId: 'no-consumer-group',
          memberId: 'kgo-1',
          memberEpoch: 1,
          topics: [{ name: 'cg', partitionIndexes: [0] }],
        },
      ],
      requireStable: false,
    });
    assert.equal(classicFetch.groups[0]?.errorCode, 0);

    // Leaving: the other member gets everything.
    const left = await hb({ groupId: 'g1', memberId: b, memberEpoch: -1 });
    assert.deepEqual([left.errorCode, left.memberEpoch], [0, -1]);
    const a4 = await hb({ groupId: 'g1', memberId: a, memberEpoch: 2, owned: [{ topicId, partitions: kept }] });
    assert.equal(a4.memberEpoch, 3);
    assert.deepEqual(parts(a4.assignment?.topicPartitions), [0, 1, 2, 3]);
  });

  it('validates requests as Kafka does', async () => {
    const noTopics = await hb({ groupId: 'v', memberEpoch: 0, topics: null });
    assert.equal(noTopics.errorCode, ErrorCode.INVALID_REQUEST);
    assert.match(noTopics.errorMessage ?? '', /SubscribedTopicNames/);
    assert.equal(
      (await hb({ groupId: 'v', memberEpoch: 0, serverAssignor: 'sticky' })).errorCode,
      ErrorCode.UNSUPPORTED_ASSIGNOR,
    );
    assert.equal((await hb({ groupId: '', memberEpoch: 0 })).errorCode, ErrorCode.INVALID_REQUEST);
    assert.equal((await hb({ groupId: 'v', memberEpoch: 3 })).errorCode, ErrorCode.INVALID_REQUEST, 'no member id');
    assert.equal(
      (await hb({ groupId: 'v-none', memberId: 'x', memberEpoch: 3 })).errorCode,
      ErrorCode.GROUP_ID_NOT_FOUND,
    );
    const ranged = await hb({ groupId: 'v-range', memberEpoch: 0, serverAssignor: 'range' });
    assert.equal(ranged.errorCode, 0);
    const d = await wire.send(69, 0, { groupIds: ['v-range'], includeAuthorizedOperations: false });
    assert.equal(d.groups[0]?.assignorName, 'range');
  });

  it('classic and consumer groups of one id conflict; ListGroups and DescribeGroups show both kinds', async () => {
    const joined = await hb({ groupId: 'mixed', memberEpoch: 0 });
    assert.equal(joined.errorCode, 0);
    const classic = await wire.send(11, 7, {
      groupId: 'mixed',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 6000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
      reason: null,
    });
    assert.equal(classic.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

    // A classic group with members is not taken over.
    const first = await wire.send(11, 0, {
      groupId: 'old-style',
      sessionTimeoutMs: 6000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });
    assert.equal(first.errorCode, 0);
    assert.equal((await hb({ groupId: 'old-style', memberEpoch: 0 })).errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
    const cd = await wire.send(69, 0, { groupIds: ['old-style'], includeAuthorizedOperations: false });
    assert.equal(cd.groups[0]?.errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
    const classicsBefore = await wire.send(16, 5, { statesFilter: [], typesFilter: ['Classic'] });
    assert.equal(classicsBefore.groups.find((g) => g.groupId === 'old-style')?.groupType, 'classic');

    // Once the classic group is empty, a consumer-protocol member upgrades it; its offsets stay.
    const committed = await wire.send(8, 2, {
      groupId: 'old-style',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      retentionTimeMs: -1n,
      topics: [
        {
          name: 'cg',
          partitions: [
            {
              partitionIndex: 1,
              committedOffset: 7n,
              committedLeaderEpoch: -1,
              committedMetadata: 'm',
              commitTimestamp: -1n,
            },
          ],
        },
      ],
    });
    assert.equal(
      committed.topics[0]?.partitions[0]?.errorCode,
      ErrorCode.UNKNOWN_MEMBER_ID,
      'not while it has members',
    );
    await wire.send(13, 0, { groupId: 'old-style', memberId: first.memberId });
    await wire.send(8, 2, {
      groupId: 'old-style',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      retentionTimeMs: -1n,
      topics: [
        {
          name: 'cg',
          partitions: [
            {
              partitionIndex: 1,
              committedOffset: 7n,
              committedLeaderEpoch: -1,
              committedMetadata: 'm',
              commitTimestamp: -1n,
            },
          ],
        },
      ],
    });
    const upgraded = await hb({ groupId: 'old-style', memberEpoch: 0 });
    assert.equal(upgraded.errorCode, 0, upgraded.errorMessage ?? '');
    const kept = await wire.send(9, 9, {
      groups: [
        {
          groupId: 'old-style',
          memberId: upgraded.memberId,
          memberEpoch: upgraded.memberEpoch,
          topics: [{ name: 'cg', partitionIndexes: [1] }],
        },
      ],
      requireStable: false,
    });
    assert.equal(kept.groups[0]?.topics[0]?.partitions[0]?.committedOffset, 7n);
    const listedUpgraded = await wire.send(16, 5, { statesFilter: [], typesFilter: [] });
    assert.equal(listedUpgraded.groups.find((g) => g.groupId === 'old-style')?.groupType, 'consumer');

    const consumers = await wire.send(16, 5, { statesFilter: [], typesFilter: ['consumer'] });
    assert.ok(
      consumers.groups.some(
        (g) => g.groupId === 'mixed' && g.groupType === 'consumer' && g.protocolType === 'consumer',
      ),
    );
    const classics = await wire.send(16, 5, { statesFilter: [], typesFilter: ['Classic'] });
    assert.ok(!classics.groups.some((g) => g.groupId === 'mixed'));

    const described = await wire.send(15, 5, { groups: ['mixed'], includeAuthorizedOperations: false });
    const g = described.groups[0];
    assert.deepEqual(
      [g?.errorCode, g?.protocolType, g?.protocolData, g?.members.length],
      [0, 'consumer', 'uniform', 1],
    );
    assert.ok((g?.members[0]?.memberAssignment.length ?? 0) > 0);

    // Once the consumer group is empty, a classic member may take the id (and the reverse).
    await hb({ groupId: 'mixed', memberId: joined.memberId as string, memberEpoch: -1 });
    const again = await wire.send(11, 0, {
      groupId: 'mixed',
      sessionTimeoutMs: 6000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });
    assert.equal(again.errorCode, 0);
  });

  it('a static member keeps its partitions across a restart; its instance id cannot be taken meanwhile', async () => {
    const s1 = await hb({ groupId: 'static', memberEpoch: 0, instanceId: 'i-1' });
    const other = await hb({ groupId: 'static', memberEpoch: 0, instanceId: 'i-2' });
    const s2 = await hb({ groupId: 'static', memberId: s1.memberId as string, memberEpoch: 1 });
    const mine = parts(s2.assignment?.topicPartitions);
    await hb({
      groupId: 'static',
      memberId: s1.memberId as string,
      memberEpoch: 1,
      owned: [{ topicId, partitions: mine }],
    });
    assert.equal(
      (await hb({ groupId: 'static', memberEpoch: 0, instanceId: 'i-1' })).errorCode,
      ErrorCode.UNRELEASED_INSTANCE_ID,
    );
    const away = await hb({ groupId: 'static', memberId: s1.memberId as string, memberEpoch: -2, instanceId: 'i-1' });
    assert.deepEqual([away.errorCode, away.memberEpoch], [0, -2]);
    const back = await hb({ groupId: 'static', memberEpoch: 0, instanceId: 'i-1' });
    assert.equal(back.errorCode, 0);
    assert.notEqual(back.memberId, s1.memberId);
    assert.deepEqual(parts(back.assignment?.topicPartitions), mine);
    assert.equal(
      (await hb({ groupId: 'static', memberId: s1.memberId as string, memberEpoch: 2 })).errorCode,
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    assert.equal(other.errorCode, 0);
  });

  it('new partitions bump the group epoch; a silent member is removed after its session', async () => {
    const a = await hb({ groupId: 'grow', memberEpoch: 0 });
    const b = await hb({ groupId: 'grow', memberEpoch: 0 });
    const id = a.memberId as string;
    let r = await hb({ groupId: 'grow', memberId: id, memberEpoch: a.memberEpoch });
    await hb({
      groupId: 'grow',
      memberId: id,
      memberEpoch: a.memberEpoch,
      owned: [{ topicId, partitions: parts(r.assignment?.topicPartitions) }],
    });
    const cp = await wire.send(37, 3, {
      topics: [{ name: 'cg', count: 6, assignments: null }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    assert.equal(cp.results[0]?.errorCode, 0);
    // b stops heartbeating; a keeps going until it owns all six partitions.
    const deadline = Date.now() + 40_000;
    let epoch = 2;
    let owned: number[] = [];
    while (Date.now() < deadline) {
      r = await hb({ groupId: 'grow', memberId: id, memberEpoch: epoch, owned: [{ topicId, partitions: owned }] });
      assert.equal(r.errorCode, 0, r.errorMessage ?? '');
      epoch = r.memberEpoch;
      if (r.assignment) owned = parts(r.assignment.topicPartitions);
      if (owned.length === 6) break;
      await new Promise((res) => setTimeout(res, 300));
    }
    assert.deepEqual(owned, [0, 1, 2, 3, 4, 5]);
    assert.ok(epoch >= 4, `epoch ${epoch}: bumped by the new partitions and by the removal`);
    const d = await wire.send(69, 0, { groupIds: ['grow'], includeAuthorizedOperations: false });
    assert.deepEqual(
      d.groups[0]?.members.map((m) => m.memberId),
      [id],
    );
    assert.notEqual(b.memberId, id);
  });

  it('v1: a regex subscription (client-made member id) follows topics as they are created', async () => {
    const create = (name: string, numPartitions: number) =>
      wire.send(19, 4, {
        topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 5000,
      });
    await create('rx-a', 2);
    const regexHb = (memberEpoch: number, owned: Owned | null) =>
      wire.send(68, 1, {
        groupId: 'regex',
        memberId: 'client-made-id',
        memberEpoch,
        instanceId: null,
        rackId: null,
        rebalanceTimeoutMs: memberEpoch === 0 ? 30000 : -1,
        subscribedTopicNames: null,
        subscribedTopicRegex: memberEpoch === 0 ? 'rx-.*' : null,
        serverAssignor: null,
        topicPartitions: owned,
      });
    const noId = await wire.send(68, 1, {
      groupId: 'regex',
      memberId: '',
      memberEpoch: 0,
      instanceId: null,
      rackId: null,
      rebalanceTimeoutMs: 30000,
      subscribedTopicNames: ['cg'],
      subscribedTopicRegex: null,
      serverAssignor: null,
      topicPartitions: [],
    });
    assert.equal(noId.errorCode, ErrorCode.INVALID_REQUEST, 'v1 members make their own id');
    const joined = await regexHb(0, []);
    assert.deepEqual([joined.errorCode, joined.memberId, joined.memberEpoch], [0, 'client-made-id', 1]);
    assert.equal(joined.assignment?.topicPartitions.length, 1);
    assert.deepEqual(parts(joined.assignment?.topicPartitions), [0, 1]);
    await create('rx-b', 1);
    await create('other', 1);
    const next = await regexHb(1, joined.assignment?.topicPartitions ?? []);
    assert.equal(next.memberEpoch, 2, 'a new matching topic bumps the epoch');
    assert.equal(next.assignment?.topicPartitions.length, 2);
    assert.deepEqual(parts(next.assignment?.topicPartitions), [0, 0, 1]);
    const d = await wire.send(69, 1, { groupIds: ['regex'], includeAuthorizedOperations: false });
    assert.deepEqual(
      [d.groups[0]?.members[0]?.subscribedTopicRegex, d.groups[0]?.members[0]?.memberType],
      ['rx-.*', 1],
    );
  });

  it('a broker restart keeps the group: members, epochs and assignments', async () => {
    const a = await hb({ groupId: 'durable', memberEpoch: 0 });
    const before = await wire.send(69, 0, { groupIds: ['durable'], includeAuthorizedOperations: false });
    wire.close();
    await broker.stop();
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    wire = await KafkaWire.open(broker.bootstrapServers);
    const after = await wire.send(69, 0, { groupIds: ['durable'], includeAuthorizedOperations: false });
    assert.deepEqual(after.groups[0], before.groups[0]);
    const r = await hb({
      groupId: 'durable',
      memberId: a.memberId as string,
      memberEpoch: a.memberEpoch,
      owned: a.assignment?.topicPartitions ?? [],
    });
    assert.deepEqual([r.errorCode, r.memberEpoch], [0, a.memberEpoch]);
  });
});

describe('group.coordinator.rebalance.protocols=classic', () => {
  it('leaves ConsumerGroupHeartbeat and ConsumerGroupDescribe out of ApiVersions and refuses heartbeats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-kip848-off-'));
    const broker = await startBroker({ logDirs: dir, config: { 'group.coordinator.rebalance.protocols': 'classic' } });
    const wire = await KafkaWire.open(broker.bootstrapServers);
    try {
      const versions = await wire.send(18, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
      const keys = versions.apiKeys.map((k) => k.apiKey);
      assert.ok(keys.includes(11) && !keys.includes(68) && !keys.includes(69), `${keys}`);
      const r = await wire.send(68, 0, {
        groupId: 'g',
        memberId: '',
        memberEpoch: 0,
        instanceId: null,
        rackId: null,
        rebalanceTimeoutMs: 1000,
        subscribedTopicNames: ['t'],
        serverAssignor: null,
        topicPartitions: [],
      });
      assert.equal(r.errorCode, ErrorCode.UNSUPPORTED_VERSION);
    } finally {
      wire.close();
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
