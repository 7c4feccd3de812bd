/**
 * The group APIs on the wire, version by version, with the generated codec: FindCoordinator (v0,
 * v4 batched, transaction keys), JoinGroup v0 and v4 (MEMBER_ID_REQUIRED), LeaveGroup v3 batches,
 * OffsetCommit v0 and v8, OffsetFetch v1 and v8 (several groups), OffsetDelete, ListGroups v4 with
 * a state filter, DescribeGroups, DeleteGroups; __consumer_offsets being internal; and every
 * committed offset of many groups surviving a broker restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import { KafkaWire } from '../bench/kafka-wire.js';
import { type Broker, startBroker } from '../src/index.js';

const CONFIG = { 'group.initial.rebalance.delay.ms': 0, 'offsets.topic.num.partitions': 10 };

describe('group APIs on the wire', () => {
  let dir: string;
  let broker: Broker;
  let wire: KafkaWire;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-groups-wire-'));
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    wire = await KafkaWire.open(broker.bootstrapServers);
    await wire.send(19, 4, {
      topics: [{ name: 'w', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
    });
  });
  after(async () => {
    wire.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('__consumer_offsets exists, is internal, compacted, and cannot be deleted', async () => {
    const md = await wire.send(3, 9, { topics: [{ name: '__consumer_offsets', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }] });
    assert.equal(md.topics[0]?.isInternal, true);
    assert.equal(md.topics[0]?.partitions.length, 10);
    const cfg = await wire.send(32, 1, {
      resources: [{ resourceType: 2, resourceName: '__consumer_offsets', configurationKeys: ['cleanup.policy'] }],
    });
    assert.equal(cfg.results[0]?.configs[0]?.value, 'compact');
    const del = await wire.send(20, 4, { topicNames: ['__consumer_offsets'], timeoutMs: 1000 });
    assert.equal(del.responses[0]?.errorCode, ErrorCode.INVALID_TOPIC_EXCEPTION);
  });

  it('FindCoordinator: v0, v4 batched keys, transaction keys and empty ids', async () => {
    const port = Number(broker.bootstrapServers.split(':')[1]);
    const v0 = await wire.send(10, 0, { key: 'g' });
    assert.deepEqual([v0.errorCode, v0.nodeId, v0.port], [0, 0, port]);
    const v4 = await wire.send(10, 4, { keyType: 0, coordinatorKeys: ['a', 'b', ''] });
    assert.deepEqual(
      v4.coordinators.map((c) => [c.key, c.errorCode, c.nodeId]),
      [
        ['a', 0, 0],
        ['b', 0, 0],
        ['', ErrorCode.INVALID_GROUP_ID, -1],
      ],
    );
    const txn = await wire.send(10, 3, { key: 'tx', keyType: 1 });
    assert.equal(txn.errorCode, ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('JoinGroup v0 gets an id at once; v4 first gets MEMBER_ID_REQUIRED; LeaveGroup v3 leaves in a batch', async () => {
    const protocols = [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0]) }];
    const v0 = await wire.send(11, 0, {
      groupId: 'old',
      sessionTimeoutMs: 6000,
      memberId: '',
      protocolType: 'consumer',
      protocols,
    });
    assert.equal(v0.errorCode, 0);
    assert.equal(v0.leader, v0.memberId);
    assert.equal(v0.protocolName, 'range');
    const sync = await wire.send(14, 0, {
      groupId: 'old',
      generationId: v0.generationId,
      memberId: v0.memberId,
      assignments: [{ memberId: v0.memberId, assignment: Buffer.from('x') }],
    });
    assert.deepEqual([sync.errorCode, sync.assignment.toString()], [0, 'x']);
    assert.equal(
      (await wire.send(12, 0, { groupId: 'old', generationId: v0.generationId, memberId: v0.memberId })).errorCode,
      0,
    );

    const first = await wire.send(11, 4, {
      groupId: 'new',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 6000,
      memberId: '',
      protocolType: 'consumer',
      protocols,
    });
    assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    const joined = await wire.send(11, 7, {
      groupId: 'new',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 6000,
      memberId: first.memberId,
      protocolType: 'consumer',
      protocols,
    });
    assert.deepEqual([joined.errorCode, joined.memberId, joined.protocolType], [0, first.memberId, 'consumer']);

    const listed = await wire.send(16, 4, { statesFilter: ['completingrebalance'] });
    assert.deepEqual(
      listed.groups.map((g) => g.groupId),
      ['new'],
    );
    const described = await wire.send(15, 5, { groups: ['old', 'new', 'none'] });
    assert.deepEqual(
      described.groups.map((g) => [g.groupId, g.groupState, g.protocolData, g.members.length]),
      [
        ['old', 'Stable', 'range', 1],
        ['new', 'CompletingRebalance', '', 1],
        ['none', 'Dead', '', 0],
      ],
    );
    assert.equal(described.groups[0]?.members[0]?.memberAssignment.toString(), 'x');

    const leave = await wire.send(13, 3, {
      groupId: 'new',
      members: [
        { memberId: first.memberId, groupInstanceId: null, reason: null },
        { memberId: 'ghost', groupInstanceId: null, reason: null },
      ],
    });
    assert.deepEqual([leave.errorCode, ...leave.members.map((m) => m.errorCode)], [0, 0, ErrorCode.UNKNOWN_MEMBER_ID]);
    const v1leave = await wire.send(13, 1, { groupId: 'old', memberId: 'ghost' });
    assert.equal(v1leave.errorCode, ErrorCode.UNKNOWN_MEMBER_ID, 'v0-2 report the member error at the top');
    const del = await wire.send(42, 2, { groupsNames: ['new', 'old', 'none'] });
    assert.deepEqual(
      del.results.map((r) => r.errorCode),
      [0, ErrorCode.NON_EMPTY_GROUP, ErrorCode.GROUP_ID_NOT_FOUND],
    );
  });

  it('OffsetCommit v0 and v8, OffsetFetch v1 and v8 with several groups, OffsetDelete', async () => {
    const v0 = await wire.send(8, 0, {
      groupId: 'c0',
      topics: [
        {
          name: 'w',
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: 5n,
              committedLeaderEpoch: -1,
              commitTimestamp: -1n,
              committedMetadata: 'zero',
            },
          ],
        },
      ],
    });
    assert.equal(v0.topics[0]?.partitions[0]?.errorCode, 0);
    const v8 = await wire.send(8, 8, {
      groupId: 'c8',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 'w',
          partitions: [
            {
              partitionIndex: 1,
              committedOffset: 9n,
              committedLeaderEpoch: 2,
              commitTimestamp: -1n,
              committedMetadata: null,
            },
            {
              partitionIndex: 7,
              committedOffset: 9n,
              committedLeaderEpoch: 2,
              commitTimestamp: -1n,
              committedMetadata: null,
            },
            {
              partitionIndex: 0,
              committedOffset: 1n,
              committedLeaderEpoch: 2,
              commitTimestamp: -1n,
              committedMetadata: 'x'.repeat(5000),
            },
          ],
        },
      ],
    });
    assert.deepEqual(
      v8.topics[0]?.partitions.map((p) => p.errorCode),
      [0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.OFFSET_METADATA_TOO_LARGE],
    );
    const f1 = await wire.send(9, 1, { groupId: 'c0', topics: [{ name: 'w', partitionIndexes: [0, 1] }] });
    assert.deepEqual(
      f1.topics[0]?.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata]),
      [
        [0, 5n, 'zero'],
        [1, -1n, ''],
      ],
    );
    const f8 = await wire.send(9, 8, {
      groups: [
        { groupId: 'c0', memberId: null, memberEpoch: -1, topics: null },
        { groupId: 'c8', memberId: null, memberEpoch: -1, topics: [{ name: 'w', partitionIndexes: [1] }] },
      ],
      requireStable: true,
    });
    assert.deepEqual(
      f8.groups.map((g) => [
        g.groupId,
        g.errorCode,
        g.topics[0]?.partitions[0]?.committedOffset,
        g.topics[0]?.partitions[0]?.committedLeaderEpoch,
      ]),
      [
        ['c0', 0, 5n, -1],
        ['c8', 0, 9n, 2],
      ],
    );
    const od = await wire.send(47, 0, { groupId: 'c8', topics: [{ name: 'w', partitions: [{ partitionIndex: 1 }] }] });
    assert.deepEqual([od.errorCode, od.topics[0]?.partitions[0]?.errorCode], [0, 0]);
    const gone = await wire.send(9, 7, { groupId: 'c8', topics: null, requireStable: false });
    assert.deepEqual(gone.topics, []);
    const nf = await wire.send(47, 0, { groupId: 'nope', topics: [] });
    assert.equal(nf.errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('a broker restart keeps every committed offset of every group', async () => {
    const groups = Array.from({ length: 60 }, (_, i) => `restart-${i}`);
    for (const [i, groupId] of groups.entries()) {
      for (const round of [1, 2]) {
        const r = await wire.send(8, 2, {
          groupId,
          generationIdOrMemberEpoch: -1,
          memberId: '',
          retentionTimeMs: -1n,
          topics: [
            {
              name: 'w',
              partitions: [0, 1].map((p) => ({
                partitionIndex: p,
                committedOffset: BigInt(i * 10 + p + round * 1000),
                committedLeaderEpoch: -1,
                commitTimestamp: -1n,
                committedMetadata: `${groupId}/${p}`,
              })),
            },
          ],
        });
        assert.ok(r.topics[0]?.partitions.every((p) => p.errorCode === 0));
      }
    }
    wire.close();
    await broker.stop();
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    wire = await KafkaWire.open(broker.bootstrapServers);
    const f = await wire.send(9, 8, {
      groups: groups.map((groupId) => ({ groupId, memberId: null, memberEpoch: -1, topics: null })),
      requireStable: false,
    });
    for (const [i, g] of f.groups.entries()) {
      assert.equal(g.errorCode, 0);
      assert.deepEqual(
        g.topics[0]?.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata]),
        [0, 1].map((p) => [p, BigInt(i * 10 + p + 2000), `${groups[i]}/${p}`]),
      );
    }
  });
});
