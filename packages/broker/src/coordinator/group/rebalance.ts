/**
 * The rebalance engine of classic groups: starting a rebalance, completing the join phase (new
 * generation, protocol chosen, join responses sent, leader given everyone's metadata), the sync
 * deadline, member sessions and member removal. Timers come from the injected CoordinatorTimer;
 * a timer that fires checks that the group is still in the state and generation it was set for.
 *
 * Why not the request purgatory: a join is completed by group events and two kinds of deadline
 * (initial delay, rebalance timeout) that unit tests must control; one timer per group does that.
 */
import { ErrorCode } from '@samsa/protocol';
import type { ClassicGroup } from './group.js';
import { type GroupContext, groupRecord } from './group-context.js';
import type { ClassicMember } from './member.js';
import { type JoinResult, joinError, syncError } from './results.js';

export class Rebalancer {
  constructor(private readonly ctx: GroupContext) {}

  private get now(): number {
    return this.ctx.timer.now();
  }

  /** A member changed: rebalance unless one is already under way. */
  maybePrepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.is('Stable') || group.is('CompletingRebalance') || group.is('Empty'))
      this.prepareRebalance(group, reason);
  }

  prepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.is('CompletingRebalance')) this.resetAssignments(group, ErrorCode.REBALANCE_IN_PROGRESS);
    group.syncTask?.cancel();
    group.syncTask = null;
    group.joinTask?.cancel();
    const initial = group.is('Empty');
    group.transitionTo('PreparingRebalance', this.now);
    this.ctx.logger.info({ group: group.groupId, generation: group.generationId, reason }, 'preparing to rebalance');
    if (initial) {
      // group.initial.rebalance.delay.ms: let more members of a starting group arrive first.
      const delay = this.ctx.config.initialRebalanceDelayMs;
      this.scheduleInitialJoin(group, delay, Math.max(group.maxRebalanceTimeoutMs() - delay, 0));
    } else {
      const generation = group.generationId;
      group.joinTask = this.ctx.timer.schedule(group.maxRebalanceTimeoutMs(), () => {
        if (group.is('PreparingRebalance') && group.generationId === generation) this.completeJoin(group);
      });
      group.joinIsInitial = false;
      this.checkJoinComplete(group);
    }
  }

  private scheduleInitialJoin(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    group.joinIsInitial = true;
    group.newMemberAdded = false;
    group.joinTask = this.ctx.timer.schedule(delayMs, () => {
      if (!group.is('PreparingRebalance')) return;
      if (group.newMemberAdded && remainingMs > 0) {
        const next = Math.min(this.ctx.config.initialRebalanceDelayMs, remainingMs);
        this.scheduleInitialJoin(group, next, Math.max(remainingMs - next, 0));
      } else {
        this.completeJoin(group);
      }
    });
  }

  /** Completes the join phase early once every member has rejoined (not during the initial delay). */
  checkJoinComplete(group: ClassicGroup): void {
    if (group.is('PreparingRebalance') && !group.joinIsInitial && group.allMembersJoined()) this.completeJoin(group);
  }

  completeJoin(group: ClassicGroup): void {
    group.joinTask?.cancel();
    group.joinTask = null;
    if (group.is('Dead')) return;
    for (const m of [...group.members.values()]) {
      if (m.isAwaitingJoin) continue;
      this.ctx.logger.info({ group: group.groupId, member: m.memberId }, 'member did not rejoin in time');
      this.removeMember(group, m);
    }
    group.initNextGeneration(this.now);
    if (group.is('Empty')) {
      const code = this.ctx.write(group, [groupRecord(group)]);
      if (code !== ErrorCode.NONE) this.ctx.logger.warn({ group: group.groupId, code }, 'could not store empty group');
      return;
    }
    this.ctx.logger.info(
      { group: group.groupId, generation: group.generationId, members: group.size, protocol: group.protocolName },
      'rebalance: join phase complete',
    );
    for (const m of group.members.values()) {
      m.completeJoin(this.joinResponse(group, m, group.isLeader(m.memberId), false));
      this.touch(group, m);
    }
    const generation = group.generationId;
    // As Kafka's DelayedSync: the members have the rebalance timeout to sync. An explicit 0 (v1+;
    // a v0 join takes the session timeout) expires at once, before any SyncGroup can arrive.
    group.syncTask = this.ctx.timer.schedule(group.maxRebalanceTimeoutMs(), () =>
      this.onSyncTimeout(group, generation),
    );
  }

  /** The join response of the current generation; the leader also gets everyone's metadata. */
  joinResponse(group: ClassicGroup, member: ClassicMember, withMembers: boolean, skipAssignment: boolean): JoinResult {
    const protocol = group.protocolName ?? '';
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId: member.memberId,
      members: withMembers
        ? [...group.members.values()].map((x) => ({
            memberId: x.memberId,
            groupInstanceId: x.groupInstanceId,
            metadata: x.metadataFor(protocol),
          }))
        : [],
      skipAssignment,
    };
  }

  /** Members that never sent SyncGroup within the rebalance timeout are removed (KAFKA-13666). */
  private onSyncTimeout(group: ClassicGroup, generation: number): void {
    group.syncTask = null;
    if (group.generationId !== generation || group.pendingSync.size === 0) return;
    if (!group.is('CompletingRebalance') && !group.is('Stable')) return;
    for (const id of [...group.pendingSync]) {
      const m = group.get(id);
      if (m) this.removeMember(group, m);
    }
    this.prepareRebalance(group, 'members did not sync in time');
  }

  /** Leader's sync failed or a rebalance restarted: waiting syncs get the error, assignments are dropped. */
  resetAssignments(group: ClassicGroup, errorCode: number): void {
    for (const m of group.members.values()) {
      m.assignment = Buffer.alloc(0);
      m.completeSync(syncError(errorCode));
    }
  }

  /** Records that the member is alive: its session restarts now. */
  touch(group: ClassicGroup, member: ClassicMember): void {
    member.heartbeatDeadline = this.now + member.sessionTimeoutMs;
    if (member.sessionTask && member.sessionDue <= member.heartbeatDeadline) return;
    member.sessionTask?.cancel();
    this.armSession(group, member, member.sessionTimeoutMs);
  }

  /** New members waiting in their first join expire after the (long) new-member timeout instead. */
  touchNew(group: ClassicGroup, member: ClassicMember): void {
    member.heartbeatDeadline = this.now + this.ctx.config.newMemberJoinTimeoutMs;
    member.sessionTask?.cancel();
    this.armSession(group, member, this.ctx.config.newMemberJoinTimeoutMs);
  }

  // One timer per member, re-armed lazily: a heartbeat only moves the deadline, and the timer, when
  // it fires early, sleeps again for the rest. Heartbeats thus cost no timer churn.
  private armSession(group: ClassicGroup, member: ClassicMember, delayMs: number): void {
    member.sessionDue = this.now + delayMs;
    member.sessionTask = this.ctx.timer.schedule(delayMs, () => {
      member.sessionTask = null;
      if (group.get(member.memberId) !== member) return;
      const now = this.now;
      // Members waiting in a join are bounded by the rebalance timeout, those waiting for the
      // leader's assignment by the sync timeout; only brand-new joiners expire here.
      const keepAlive = member.isAwaitingJoin ? !member.isNew : member.isAwaitingSync;
      if (keepAlive && now >= member.heartbeatDeadline) member.heartbeatDeadline = now + member.sessionTimeoutMs;
      if (now < member.heartbeatDeadline) {
        this.armSession(group, member, member.heartbeatDeadline - now);
        return;
      }
      this.ctx.logger.info({ group: group.groupId, member: member.memberId }, 'member session expired');
      this.removeMemberAndUpdateGroup(group, member, 'session timeout');
    });
  }

  private removeMember(group: ClassicGroup, member: ClassicMember): void {
    member.completeJoin(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.completeSync(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
  }

  /** A member left or expired: the group rebalances (or its running join may now be complete). */
  removeMemberAndUpdateGroup(group: ClassicGroup, member: ClassicMember, reason: string): void {
    this.removeMember(group, member);
    if (group.is('Stable') || group.is('CompletingRebalance')) this.maybePrepareRebalance(group, reason);
    else if (group.is('PreparingRebalance')) this.checkJoinComplete(group);
  }

  /** A member id handed out with MEMBER_ID_REQUIRED was never used. */
  removePendingMember(group: ClassicGroup, memberId: string): void {
    group.pendingMembers.get(memberId)?.cancel();
    group.pendingMembers.delete(memberId);
    this.checkJoinComplete(group);
  }
}
