/**
 * The classic group state machine, driven with a manual clock: every state transition, the
 * fencing errors, session/rebalance/sync timeouts, the initial rebalance delay and static members;
 * assignments handed out only once the ISR has them; parked requests answered on resignation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode } from '@samsa/protocol';
import type { JoinResult } from '../src/coordinator/group/results.js';
import { flush, GroupHarness, subscription } from './support/group-harness.js';

const A = Buffer.from('assignment-a');
const B = Buffer.from('assignment-b');

describe('classic group state machine', () => {
  // Members joining a new group together: the second one extends the initial delay once
  // (Kafka's InitialDelayedJoin), so such tests advance two delays.
  it('Empty → PreparingRebalance → CompletingRebalance → Stable, with MEMBER_ID_REQUIRED first (v4+)', async () => {
    const h = await new GroupHarness().start();
    const first = h.join('g', { requireKnownMemberId: true });
    await flush();
    assert.equal(first.value?.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    const memberId = first.value?.memberId as string;
    assert.match(memberId, /^client-/);
    assert.equal(h.state('g'), 'Empty');

    const j = h.join('g', { memberId, requireKnownMemberId: true });
    await flush();
    assert.equal(h.state('g'), 'PreparingRebalance');
    assert.equal(j.settled, false, 'waits for the initial rebalance delay');
    h.timer.advance(2999);
    await flush();
    assert.equal(j.settled, false);
    h.timer.advance(1);
    await flush();
    const r = j.value as JoinResult;
    assert.equal(r.errorCode, ErrorCode.NONE);
    assert.equal(r.generationId, 1);
    assert.equal(r.leader, memberId);
    assert.equal(r.protocolName, 'range');
    assert.equal(r.members.length, 1, 'the leader gets every member');
    assert.deepEqual(r.members[0]?.metadata, subscription('t1'));
    assert.equal(h.state('g'), 'CompletingRebalance');

    const s = h.sync('g', memberId, 1, [{ memberId, assignment: A }]);
    await flush();
    assert.equal(s.value?.errorCode, ErrorCode.NONE);
    assert.deepEqual(s.value?.assignment, A);
    assert.equal(h.state('g'), 'Stable');
    assert.equal(h.heartbeat('g', memberId, 1), ErrorCode.NONE);
    const described = h.coordinator.describeGroup('g');
    assert.equal(described.protocol, 'range');
    assert.deepEqual(described.members[0]?.assignment, A);
  });

  it('v0-3 joins get a member id directly', async () => {
    const h = await new GroupHarness().start();
    const j = h.join('g');
    h.timer.advance(3000);
    await flush();
    assert.equal(j.value?.errorCode, ErrorCode.NONE);
    assert.notEqual(j.value?.memberId, '');
  });

  it('the initial delay grows while members keep arriving, bounded by the rebalance timeout', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g', { rebalanceTimeoutMs: 7000 });
    h.timer.advance(2000);
    const b = h.join('g', { rebalanceTimeoutMs: 7000 });
    h.timer.advance(1000); // first delay over, but a member arrived: wait again
    await flush();
    assert.equal(a.settled, false);
    h.timer.advance(3000);
    await flush();
    assert.equal(a.value?.errorCode, ErrorCode.NONE);
    assert.equal(b.value?.errorCode, ErrorCode.NONE);
    assert.equal(a.value?.generationId, 1);
    assert.equal(a.value?.members.length, 2, 'the first member leads');
    assert.equal(b.value?.members.length, 0);
    assert.equal(b.value?.leader, a.value?.memberId);
  });

  it('Stable → PreparingRebalance when a member joins; old members learn it from heartbeats', async () => {
    const h = await new GroupHarness().start();
    const { memberId: a, generation } = await h.stableSingle('g');
    const b = h.join('g');
    await flush();
    assert.equal(h.state('g'), 'PreparingRebalance');
    assert.equal(h.heartbeat('g', a, generation), ErrorCode.REBALANCE_IN_PROGRESS);
    assert.equal(b.settled, false, 'waits for the known member to rejoin');
    const a2 = h.join('g', { memberId: a });
    await flush();
    assert.equal(h.state('g'), 'CompletingRebalance', 'completes as soon as everyone rejoined');
    assert.equal(a2.value?.generationId, 2);
    assert.equal(a2.value?.leader, a);
    assert.equal(a2.value?.members.length, 2);
    const bid = b.value?.memberId as string;
    const sb = h.sync('g', bid, 2);
    await flush();
    assert.equal(sb.settled, false, 'a follower waits for the leader');
    assert.equal(h.heartbeat('g', bid, 2), ErrorCode.NONE, 'heartbeats are fine while completing');
    const sa = h.sync('g', a, 2, [
      { memberId: a, assignment: A },
      { memberId: bid, assignment: B },
    ]);
    await flush();
    assert.deepEqual(sa.value?.assignment, A);
    assert.deepEqual(sb.value?.assignment, B);
    assert.equal(h.state('g'), 'Stable');
  });

  it('generation fencing: ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID', async () => {
    const h = await new GroupHarness().start();
    const { memberId, generation } = await h.stableSingle('g');
    assert.equal(h.heartbeat('g', memberId, generation - 1), ErrorCode.ILLEGAL_GENERATION);
    assert.equal(h.heartbeat('g', 'nobody', generation), ErrorCode.UNKNOWN_MEMBER_ID);
    assert.equal(h.heartbeat('nogroup', memberId, generation), ErrorCode.UNKNOWN_MEMBER_ID);
    const s = h.sync('g', memberId, generation + 1);
    await flush();
    assert.equal(s.value?.errorCode, ErrorCode.ILLEGAL_GENERATION);
    const j = h.join('nogroup', { memberId: 'x' });
    await flush();
    assert.equal(j.value?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    const commit = await h.coordinator.commitOffsets({
      groupId: 'g',
      generationId: generation + 5,
      memberId,
      groupInstanceId: null,
      offsets: [{ topic: 't1', partition: 0, offset: 1n, leaderEpoch: -1, metadata: null, commitTimestamp: -1 }],
    });
    assert.deepEqual(commit, [ErrorCode.ILLEGAL_GENERATION]);
  });

  it('CompletingRebalance → PreparingRebalance: waiting syncs get REBALANCE_IN_PROGRESS', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g');
    const b = h.join('g');
    h.timer.advance(6000);
    await flush();
    const leader = a.value?.memberId as string;
    const follower = b.value?.memberId as string;
    const sf = h.sync('g', follower, 1);
    await flush();
    const c = h.join('g');
    await flush();
    assert.equal(h.state('g'), 'PreparingRebalance');
    assert.equal(sf.value?.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    const sl = h.sync('g', leader, 1, []);
    await flush();
    assert.equal(sl.value?.errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    assert.equal(c.settled, false);
  });

  it('a member that stops heartbeating is removed after its session timeout', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g', { sessionTimeoutMs: 5000 });
    const b = h.join('g', { sessionTimeoutMs: 5000 });
    h.timer.advance(6000);
    await flush();
    const ida = a.value?.memberId as string;
    const idb = b.value?.memberId as string;
    h.sync('g', ida, 1, [
      { memberId: ida, assignment: A },
      { memberId: idb, assignment: B },
    ]);
    h.sync('g', idb, 1);
    await flush();
    assert.equal(h.state('g'), 'Stable');
    for (let t = 0; t < 2; t++) {
      h.timer.advance(2000);
      assert.equal(h.heartbeat('g', ida, 1), ErrorCode.NONE); // only a heartbeats
    }
    assert.equal(h.state('g'), 'Stable');
    h.timer.advance(1001);
    assert.equal(h.state('g'), 'PreparingRebalance', 'b expired');
    assert.equal(h.heartbeat('g', ida, 1), ErrorCode.REBALANCE_IN_PROGRESS);
    assert.deepEqual(
      h.coordinator.describeGroup('g').members.map((m) => m.memberId),
      [ida],
    );
    assert.equal(h.heartbeat('g', idb, 1), ErrorCode.UNKNOWN_MEMBER_ID);
    const rejoin = h.join('g', { memberId: ida, sessionTimeoutMs: 5000 });
    await flush();
    assert.equal(rejoin.value?.generationId, 2);
    assert.equal(rejoin.value?.members.length, 1);
  });

  it('members that do not rejoin within the rebalance timeout are dropped from the next generation', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g', { rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 30_000 });
    const b = h.join('g', { rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 30_000 });
    h.timer.advance(6000);
    await flush();
    const ida = a.value?.memberId as string;
    const idb = b.value?.memberId as string;
    h.sync('g', ida, 1, []);
    h.sync('g', idb, 1);
    await flush();
    const c = h.join('g', { rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 30_000 });
    const a2 = h.join('g', { memberId: ida, rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 30_000 });
    h.timer.advance(19_999);
    await flush();
    assert.equal(a2.settled, false);
    h.timer.advance(1);
    await flush();
    assert.equal(a2.value?.generationId, 2);
    assert.deepEqual(a2.value?.members.map((m) => m.memberId).sort(), [ida, c.value?.memberId].sort());
    assert.equal(h.heartbeat('g', idb, 2), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('members that never sync within the rebalance timeout are removed and the group rebalances', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g', { rebalanceTimeoutMs: 10_000, sessionTimeoutMs: 30_000 });
    const b = h.join('g', { rebalanceTimeoutMs: 10_000, sessionTimeoutMs: 30_000 });
    h.timer.advance(6000);
    await flush();
    const ida = a.value?.memberId as string;
    const s = h.sync('g', ida, 1, []);
    await flush();
    assert.equal(s.value?.errorCode, ErrorCode.NONE, 'the leader synced, so the group is stable');
    h.timer.advance(10_000);
    assert.equal(h.state('g'), 'PreparingRebalance');
    assert.equal(h.heartbeat('g', b.value?.memberId as string, 1), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('PreparingRebalance → Empty when every member leaves; Empty groups answer UNKNOWN_MEMBER_ID', async () => {
    const h = await new GroupHarness().start();
    const { memberId, generation } = await h.stableSingle('g');
    const left = h.coordinator.leaveGroup('g', [{ memberId, groupInstanceId: null }]);
    assert.deepEqual(left, { errorCode: ErrorCode.NONE, members: [ErrorCode.NONE] });
    assert.equal(h.state('g'), 'Empty');
    assert.equal(h.coordinator.describeGroup('g').members.length, 0);
    assert.equal(h.heartbeat('g', memberId, generation), ErrorCode.UNKNOWN_MEMBER_ID);
    assert.deepEqual(h.coordinator.leaveGroup('g', [{ memberId: 'x', groupInstanceId: null }]).members, [
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
    assert.deepEqual(h.coordinator.leaveGroup('none', [{ memberId: 'x', groupInstanceId: null }]).members, [
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
  });

  it('a leave during the join phase completes it without the leaver', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g');
    const b = h.join('g');
    h.timer.advance(6000);
    await flush();
    const ida = a.value?.memberId as string;
    const idb = b.value?.memberId as string;
    h.sync('g', ida, 1, []);
    await flush();
    const a2 = h.join('g', { memberId: ida, protocols: [{ name: 'range', metadata: subscription('t1', 't2') }] });
    await flush();
    assert.equal(a2.settled, false);
    h.coordinator.leaveGroup('g', [{ memberId: idb, groupInstanceId: null }]);
    await flush();
    assert.equal(a2.value?.generationId, 2);
    assert.equal(a2.value?.members.length, 1);
  });

  it('validates joins: session timeout bounds, group.max.size, protocol type and protocols', async () => {
    const h = await new GroupHarness().start();
    const tooShort = h.join('g', { sessionTimeoutMs: 999 });
    const tooLong = h.join('g', { sessionTimeoutMs: 60_001 });
    const noType = h.join('g', { protocolType: '' });
    const invalidId = h.join('');
    await flush();
    assert.equal(tooShort.value?.errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
    assert.equal(tooLong.value?.errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
    assert.equal(noType.value?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal(invalidId.value?.errorCode, ErrorCode.INVALID_GROUP_ID);
    assert.equal(h.coordinator.describeGroup('g').state, 'Dead', 'failed joins leave no group behind');
    for (let i = 0; i < 5; i++) h.join('g');
    const sixth = h.join('g');
    const otherType = h.join('g', { protocolType: 'connect' });
    await flush();
    assert.equal(sixth.value?.errorCode, ErrorCode.GROUP_MAX_SIZE_REACHED);
    const h2 = await new GroupHarness().start();
    h2.join('p');
    const disjoint = h2.join('p', { protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] });
    const wrongType = h2.join('p', { protocolType: 'connect' });
    await flush();
    assert.equal(disjoint.value?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal(wrongType.value?.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    assert.equal(otherType.value?.errorCode, ErrorCode.GROUP_MAX_SIZE_REACHED);
  });

  it('selects the protocol all members support by their votes, without reading assignor data', async () => {
    const h = await new GroupHarness().start();
    const proto = (...names: string[]) => names.map((name) => ({ name, metadata: Buffer.from(name) }));
    const a = h.join('g', { protocols: proto('cooperative-sticky', 'range') });
    h.join('g', { protocols: proto('roundrobin', 'range', 'cooperative-sticky') });
    h.join('g', { protocols: proto('cooperative-sticky', 'roundrobin', 'range') });
    h.timer.advance(6000);
    await flush();
    assert.equal(a.value?.protocolName, 'cooperative-sticky');
    assert.deepEqual(
      a.value?.members.map((m) => m.metadata.toString()),
      ['cooperative-sticky', 'cooperative-sticky', 'cooperative-sticky'],
    );
  });

  it('static members: a restart within the session keeps the assignment with no rebalance', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g', { groupInstanceId: 'i-a', requireKnownMemberId: true });
    const b = h.join('g', { groupInstanceId: 'i-b', requireKnownMemberId: true });
    h.timer.advance(6000);
    await flush();
    assert.equal(a.value?.errorCode, ErrorCode.NONE, 'static members get their id at once');
    const ida = a.value?.memberId as string;
    const idb = b.value?.memberId as string;
    assert.match(ida, /^i-a-/);
    h.sync(
      'g',
      ida,
      1,
      [
        { memberId: ida, assignment: A },
        { memberId: idb, assignment: B },
      ],
      'i-a',
    );
    h.sync('g', idb, 1, [], 'i-b');
    await flush();
    assert.equal(h.state('g'), 'Stable');

    // b restarts: joins with no member id but its instance id.
    const b2 = h.join('g', { groupInstanceId: 'i-b', requireKnownMemberId: true });
    await flush();
    assert.equal(b2.value?.errorCode, ErrorCode.NONE);
    assert.equal(b2.value?.generationId, 1, 'same generation: no rebalance');
    assert.equal(h.state('g'), 'Stable');
    const newB = b2.value?.memberId as string;
    assert.notEqual(newB, idb);
    const sb = h.sync('g', newB, 1, [], 'i-b');
    await flush();
    assert.deepEqual(sb.value?.assignment, B, 'keeps its assignment');
    assert.equal(h.heartbeat('g', idb, 1, 'i-b'), ErrorCode.FENCED_INSTANCE_ID, 'the old incarnation is fenced');
    assert.equal(h.heartbeat('g', newB, 1, 'i-b'), ErrorCode.NONE);
    const stale = h.join('g', { memberId: idb, groupInstanceId: 'i-b' });
    await flush();
    assert.equal(stale.value?.errorCode, ErrorCode.FENCED_INSTANCE_ID);

    // The static leader restarting (pre-v9) is told the old leader id, so it does not reassign.
    const a2 = h.join('g', { groupInstanceId: 'i-a' });
    await flush();
    assert.equal(a2.value?.leader, ida);
    assert.notEqual(a2.value?.memberId, ida);
    assert.equal(h.state('g'), 'Stable');
    // With v9 it is told it leads, with skipAssignment.
    const a3 = h.join('g', { groupInstanceId: 'i-a', supportsSkipAssignment: true });
    await flush();
    assert.equal(a3.value?.leader, a3.value?.memberId);
    assert.equal(a3.value?.skipAssignment, true);
    assert.equal(a3.value?.members.length, 2);

    // A static member leaving by instance id (v3+ batched leave).
    const left = h.coordinator.leaveGroup('g', [
      { memberId: '', groupInstanceId: 'i-b' },
      { memberId: '', groupInstanceId: 'i-zzz' },
    ]);
    assert.deepEqual(left.members, [ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID]);
    assert.equal(h.state('g'), 'PreparingRebalance');
  });

  it('a restarted static member is answered once the ISR has its new id; a failed replication keeps the old one', async () => {
    const h = await new GroupHarness().start();
    const a = h.join('g', { groupInstanceId: 'i-a', requireKnownMemberId: true });
    h.timer.advance(3000);
    await flush();
    const ida = a.value?.memberId as string;
    h.sync('g', ida, 1, [{ memberId: ida, assignment: A }], 'i-a');
    await flush();
    assert.equal(h.state('g'), 'Stable');

    h.log.held = [];
    const a2 = h.join('g', { groupInstanceId: 'i-a', requireKnownMemberId: true });
    await flush();
    assert.equal(a2.settled, false, 'waits for the ISR');
    const held = h.log.held;
    h.log.held = null;
    for (const then of held) then(ErrorCode.NONE);
    await flush();
    assert.equal(a2.value?.errorCode, ErrorCode.NONE);
    const ida2 = a2.value?.memberId as string;
    assert.notEqual(ida2, ida);
    assert.equal(h.heartbeat('g', ida, 1, 'i-a'), ErrorCode.FENCED_INSTANCE_ID);

    // The next restart's write never reaches the ISR: it fails, and the previous incarnation stays.
    h.log.held = [];
    const a3 = h.join('g', { groupInstanceId: 'i-a', requireKnownMemberId: true });
    await flush();
    for (const then of h.log.held) then(ErrorCode.REQUEST_TIMED_OUT);
    h.log.held = null;
    await flush();
    assert.equal(a3.value?.errorCode, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    assert.equal(h.heartbeat('g', ida2, 1, 'i-a'), ErrorCode.NONE, 'the previous incarnation is the member again');
    assert.equal(h.state('g'), 'Stable');
  });

  it('a static member that stops heartbeating is removed after its session timeout', async () => {
    const h = await new GroupHarness().start();
    const { memberId } = await h.stableSingle('g', { groupInstanceId: 'i-1', sessionTimeoutMs: 4000 });
    h.timer.advance(4001);
    assert.equal(h.state('g'), 'Empty');
    assert.equal(h.heartbeat('g', memberId, 1, 'i-1'), ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('pending member ids (MEMBER_ID_REQUIRED) are forgotten after a session timeout', async () => {
    const h = await new GroupHarness().start();
    const first = h.join('g', { requireKnownMemberId: true, sessionTimeoutMs: 5000 });
    await flush();
    const id = first.value?.memberId as string;
    h.timer.advance(5000);
    const late = h.join('g', { memberId: id, requireKnownMemberId: true });
    await flush();
    assert.equal(late.value?.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('answers COORDINATOR_LOAD_IN_PROGRESS while loading and NOT_COORDINATOR for partitions led elsewhere', async () => {
    const h = new GroupHarness();
    h.log.led = (p) => p !== h.coordinator.partitionFor('elsewhere');
    h.log.append(h.coordinator.partitionFor('g'), []);
    const starting = h.coordinator.start();
    assert.equal(h.coordinator.coordinatorError('g'), ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    const j = h.join('g');
    await flush();
    assert.equal(j.value?.errorCode, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    await starting;
    assert.equal(h.coordinator.coordinatorError('g'), ErrorCode.NONE);
    assert.equal(h.heartbeat('elsewhere', 'm', 1), ErrorCode.NOT_COORDINATOR);
  });

  it('SyncGroup answers only once the assignment is in the ISR; a failed replication rebalances', async () => {
    const h = await new GroupHarness().start();
    const j = h.join('g');
    h.timer.advance(3000);
    await flush();
    const memberId = j.value?.memberId as string;
    h.log.held = [];
    const s = h.sync('g', memberId, 1, [{ memberId, assignment: A }]);
    await flush();
    assert.equal(s.settled, false, 'waits for the ISR');
    assert.equal(h.state('g'), 'CompletingRebalance');
    const held = h.log.held;
    h.log.held = null;
    for (const then of held) then(ErrorCode.NONE);
    await flush();
    assert.equal(s.value?.errorCode, ErrorCode.NONE);
    assert.deepEqual(s.value?.assignment, A);
    assert.equal(h.state('g'), 'Stable');

    const again = h.join('g', { memberId });
    await flush();
    assert.equal(again.value?.generationId, 2);
    h.log.held = [];
    const failed = h.sync('g', memberId, 2, [{ memberId, assignment: B }]);
    await flush();
    for (const then of h.log.held) then(ErrorCode.REQUEST_TIMED_OUT);
    h.log.held = null;
    await flush();
    assert.equal(failed.value?.errorCode, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    assert.equal(h.state('g'), 'PreparingRebalance');
  });

  it('resigning the partition answers parked joins and syncs with NOT_COORDINATOR', async () => {
    const h = await new GroupHarness().start();
    const j = h.join('g');
    await flush();
    assert.equal(j.settled, false, 'parked in the initial delay');
    h.coordinator.onResignation(h.coordinator.partitionFor('g'));
    await flush();
    assert.equal(j.value?.errorCode, ErrorCode.NOT_COORDINATOR);
    assert.equal(h.coordinator.coordinatorError('g'), ErrorCode.NOT_COORDINATOR);
  });
});
