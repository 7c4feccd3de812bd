/**
 * Committed offsets and group administration on the coordinator, with a manual clock and an
 * in-memory __consumer_offsets: commit validation, persistence and reload (the same replay path),
 * retention, DeleteGroups, OffsetDelete, ListGroups and failures of the log.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import type { OffsetCommitEntry } from '../src/coordinator/group/offset-manager.js';
import { flush, GroupHarness, subscription } from './support/group-harness.js';

function entry(topic: string, partition: number, offset: bigint, metadata: string | null = null): OffsetCommitEntry {
  return { topic, partition, offset, leaderEpoch: 3, metadata, commitTimestamp: -1 };
}

function simpleCommit(h: GroupHarness, groupId: string, ...offsets: OffsetCommitEntry[]): Promise<number[]> {
  return h.coordinator.commitOffsets({ groupId, generationId: -1, memberId: '', groupInstanceId: null, offsets });
}

describe('group coordinator offsets', () => {
  it('commits outside a generation create an Empty ("simple") group; fetch serves them from memory', async () => {
    const h = await new GroupHarness().start();
    assert.deepEqual(await simpleCommit(h, 's', entry('t1', 0, 10n, 'meta'), entry('t1', 2, 30n)), [0, 0]);
    assert.equal(h.state('s'), 'Empty');
    const all = h.coordinator.fetchOffsets('s', null);
    assert.equal(all.errorCode, 0);
    assert.deepEqual(
      all.topics[0]?.partitions.map((p) => [p.partition, p.offset, p.metadata, p.leaderEpoch]),
      [
        [0, 10n, 'meta', 3],
        [2, 30n, '', 3],
      ],
    );
    const some = h.coordinator.fetchOffsets('s', [{ name: 't1', partitions: [1, 2] }]);
    assert.deepEqual(
      some.topics[0]?.partitions.map((p) => [p.partition, p.offset, p.errorCode]),
      [
        [1, -1n, 0],
        [2, 30n, 0],
      ],
    );
    const unknownGroup = h.coordinator.fetchOffsets('nobody', [{ name: 't1', partitions: [0] }]);
    assert.equal(unknownGroup.topics[0]?.partitions[0]?.offset, -1n);
  });

  it('rejects bad partitions and oversized metadata per partition', async () => {
    const h = await new GroupHarness().start();
    const codes = await simpleCommit(
      h,
      's',
      entry('t1', 0, 1n, 'x'.repeat(21)),
      entry('nope', 0, 1n),
      entry('t1', 9, 1n),
      entry('t1', 1, 1n, 'x'.repeat(20)),
    );
    assert.deepEqual(codes, [
      ErrorCode.OFFSET_METADATA_TOO_LARGE,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.NONE,
    ]);
  });

  it('member commits are fenced by generation; simple commits to an active group are refused', async () => {
    const h = await new GroupHarness().start();
    const { memberId, generation } = await h.stableSingle('g');
    const commit = (generationId: number, member: string) =>
      h.coordinator.commitOffsets({
        groupId: 'g',
        generationId,
        memberId: member,
        groupInstanceId: null,
        offsets: [entry('t1', 0, 5n)],
      });
    assert.deepEqual(await commit(generation, memberId), [ErrorCode.NONE]);
    assert.deepEqual(await commit(generation, 'stranger'), [ErrorCode.UNKNOWN_MEMBER_ID]);
    assert.deepEqual(await commit(-1, ''), [ErrorCode.UNKNOWN_MEMBER_ID]);
    assert.deepEqual(await commit(generation + 1, memberId), [ErrorCode.ILLEGAL_GENERATION]);
    assert.deepEqual(
      await h.coordinator.commitOffsets({
        groupId: 'nope',
        generationId: 3,
        memberId: 'm',
        groupInstanceId: null,
        offsets: [entry('t1', 0, 1n)],
      }),
      [ErrorCode.ILLEGAL_GENERATION],
    );
    // During CompletingRebalance commits wait for the new generation.
    h.join('g');
    h.join('g', { memberId });
    await flush();
    assert.equal(h.state('g'), 'CompletingRebalance');
    assert.deepEqual(await commit(generation + 1, memberId), [ErrorCode.REBALANCE_IN_PROGRESS]);
  });

  it('reloads offsets and group membership from the log after a restart (the replay path)', async () => {
    const h = await new GroupHarness().start();
    const { memberId, generation } = await h.stableSingle('g', { groupInstanceId: 'inst' });
    await h.coordinator.commitOffsets({
      groupId: 'g',
      generationId: generation,
      memberId,
      groupInstanceId: 'inst',
      offsets: [entry('t1', 0, 100n, 'm0'), entry('t1', 1, 200n)],
    });
    await simpleCommit(h, 's', entry('t2', 1, 7n));
    await simpleCommit(h, 's', entry('t2', 1, 8n));
    assert.equal(h.coordinator.deleteGroup('s'), ErrorCode.NONE);
    await simpleCommit(h, 's2', entry('t2', 0, 9n));
    await h.restart();
    const d = h.coordinator.describeGroup('g');
    assert.equal(d.state, 'Stable', 'members come back from the group record');
    assert.equal(d.members[0]?.memberId, memberId);
    assert.equal(d.members[0]?.groupInstanceId, 'inst');
    assert.deepEqual(d.members[0]?.assignment, Buffer.from('A'));
    assert.equal(h.heartbeat('g', memberId, generation), ErrorCode.NONE, 'the member carries on');
    const offsets = h.coordinator.fetchOffsets('g', null).topics[0]?.partitions;
    assert.deepEqual(
      offsets?.map((p) => [p.partition, p.offset, p.metadata]),
      [
        [0, 100n, 'm0'],
        [1, 200n, ''],
      ],
    );
    assert.equal(h.state('s'), 'Dead', 'the deleted group stays deleted');
    assert.equal(h.coordinator.fetchOffsets('s2', null).topics[0]?.partitions[0]?.offset, 9n);
    // Loaded members still have to heartbeat.
    h.timer.advance(10_001);
    assert.equal(h.state('g'), 'Empty');
  });

  it('expires offsets of empty groups after offsets.retention.minutes, then the group itself', async () => {
    const h = await new GroupHarness().start();
    const { memberId, generation } = await h.stableSingle('g');
    await h.coordinator.commitOffsets({
      groupId: 'g',
      generationId: generation,
      memberId,
      groupInstanceId: null,
      offsets: [entry('t1', 0, 1n)],
    });
    await simpleCommit(h, 's', entry('t1', 0, 5n));
    h.timer.advance(9000);
    assert.equal(h.heartbeat('g', memberId, generation), ErrorCode.NONE);
    await simpleCommit(h, 's', entry('t1', 1, 6n));
    // While g has members its offsets (of subscribed topics) never expire.
    for (let i = 0; i < 7; i++) {
      h.timer.advance(9000);
      assert.equal(h.heartbeat('g', memberId, generation), ErrorCode.NONE);
    }
    assert.equal(h.coordinator.fetchOffsets('g', null).topics.length, 1);
    assert.deepEqual(
      h.coordinator.fetchOffsets('s', null).topics[0]?.partitions.map((p) => p.partition),
      [1],
      'simple groups expire per commit time',
    );
    h.coordinator.leaveGroup('g', [{ memberId, groupInstanceId: null }]);
    h.timer.advance(50_000);
    assert.equal(h.coordinator.fetchOffsets('g', null).topics.length, 1, 'not yet: retention counts from Empty');
    h.timer.advance(20_000);
    assert.equal(h.coordinator.fetchOffsets('g', null).topics.length, 0);
    assert.equal(h.state('g'), 'Dead', 'an empty group without offsets is removed');
    assert.equal(h.state('s'), 'Dead');
    await h.restart();
    assert.equal(h.state('g'), 'Dead', 'tombstones were written');
    assert.equal(h.coordinator.fetchOffsets('s', null).topics.length, 0);
  });

  it('DeleteGroups: NON_EMPTY_GROUP while members remain, GROUP_ID_NOT_FOUND when unknown', async () => {
    const h = await new GroupHarness().start();
    const { memberId } = await h.stableSingle('g');
    assert.equal(h.coordinator.deleteGroup('g'), ErrorCode.NON_EMPTY_GROUP);
    assert.equal(h.coordinator.deleteGroup('nope'), ErrorCode.GROUP_ID_NOT_FOUND);
    h.coordinator.leaveGroup('g', [{ memberId, groupInstanceId: null }]);
    assert.equal(h.coordinator.deleteGroup('g'), ErrorCode.NONE);
    assert.equal(h.state('g'), 'Dead');
    assert.equal(h.coordinator.deleteGroup('g'), ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('OffsetDelete: refused for subscribed topics of an active consumer group', async () => {
    const h = await new GroupHarness().start();
    const { memberId, generation } = await h.stableSingle('g', {
      protocols: [{ name: 'range', metadata: subscription('t1') }],
    });
    await h.coordinator.commitOffsets({
      groupId: 'g',
      generationId: generation,
      memberId,
      groupInstanceId: null,
      offsets: [entry('t1', 0, 1n), entry('t2', 0, 2n)],
    });
    const r = h.coordinator.deleteOffsets('g', [
      { name: 't1', partitions: [0] },
      { name: 't2', partitions: [0, 1] },
      { name: 'nope', partitions: [0] },
    ]);
    assert.equal(r.errorCode, ErrorCode.NONE);
    assert.deepEqual(
      r.results.map((t) => t.partitions.map((p) => p.errorCode)),
      [[ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC], [0, 0], [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]],
    );
    assert.deepEqual(
      h.coordinator.fetchOffsets('g', null).topics.map((t) => t.name),
      ['t1'],
    );
    assert.equal(h.coordinator.deleteOffsets('nope', []).errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
    const other = await h.stableSingle('c', { protocolType: 'connect' });
    assert.ok(other);
    assert.equal(
      h.coordinator.deleteOffsets('c', [{ name: 't1', partitions: [0] }]).errorCode,
      ErrorCode.NON_EMPTY_GROUP,
    );
  });

  it('ListGroups with a case-insensitive state filter; DescribeGroups hides metadata unless Stable', async () => {
    const h = await new GroupHarness().start();
    await h.stableSingle('stable');
    await simpleCommit(h, 'simple', entry('t1', 0, 1n));
    h.join('joining');
    const all = h.coordinator
      .listGroups([])
      .groups.map((g) => `${g.groupId}:${g.state}:${g.protocolType}`)
      .sort();
    assert.deepEqual(all, ['joining:PreparingRebalance:consumer', 'simple:Empty:', 'stable:Stable:consumer']);
    assert.deepEqual(
      h.coordinator
        .listGroups(['stable', 'EMPTY'])
        .groups.map((g) => g.groupId)
        .sort(),
      ['simple', 'stable'],
    );
    const joining = h.coordinator.describeGroup('joining');
    assert.equal(joining.protocol, '');
    assert.equal(joining.members[0]?.metadata.length, 0);
    assert.equal(h.coordinator.describeGroup('missing').state, 'Dead');
  });

  it('a failed append is reported and changes nothing in memory', async () => {
    const h = await new GroupHarness().start();
    await simpleCommit(h, 's', entry('t1', 0, 1n));
    h.log.failWith = ErrorCode.NOT_ENOUGH_REPLICAS;
    assert.deepEqual(await simpleCommit(h, 's', entry('t1', 0, 2n)), [ErrorCode.COORDINATOR_NOT_AVAILABLE]);
    h.log.failWith = ErrorCode.MESSAGE_TOO_LARGE;
    assert.deepEqual(await simpleCommit(h, 's', entry('t1', 0, 2n)), [ErrorCode.INVALID_COMMIT_OFFSET_SIZE]);
    assert.equal(h.coordinator.fetchOffsets('s', null).topics[0]?.partitions[0]?.offset, 1n);
    // The leader's sync cannot be stored: everyone is told and the group rebalances.
    h.log.failWith = ErrorCode.NONE;
    const j = h.join('g');
    h.timer.advance(3000);
    await flush();
    h.log.failWith = ErrorCode.NOT_LEADER_OR_FOLLOWER;
    const s = h.sync('g', j.value?.memberId as string, 1, []);
    await flush();
    assert.equal(s.value?.errorCode, ErrorCode.NOT_COORDINATOR);
    assert.equal(h.state('g'), 'PreparingRebalance');
  });

  it('batches the commits of one event-loop turn into one append, keeping decision order in the log', async () => {
    const h = await new GroupHarness().start();
    const before = h.log.appends;
    const commits = Array.from({ length: 50 }, (_, i) => simpleCommit(h, 'same', entry('t1', i % 3, BigInt(i))));
    const results = await Promise.all(commits);
    assert.ok(results.every((r) => r[0] === ErrorCode.NONE));
    assert.equal(h.log.appends - before, 1, 'one batch for the 50 commits of one partition');
    assert.equal(
      h.coordinator.fetchOffsets('same', [{ name: 't1', partitions: [0] }]).topics[0]?.partitions[0]?.offset,
      48n,
    );
    // A deletion decided after commits that are still pending is appended after them.
    const pending = simpleCommit(h, 'same', entry('t1', 0, 99n));
    assert.equal(h.coordinator.deleteGroup('same'), ErrorCode.NONE);
    assert.deepEqual(await pending, [ErrorCode.NONE]);
    await h.restart();
    assert.equal(h.state('same'), 'Dead');
    assert.equal(h.coordinator.fetchOffsets('same', null).topics.length, 0);
  });
});
