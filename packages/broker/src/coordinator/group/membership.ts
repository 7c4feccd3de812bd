/**
 * JoinGroup, SyncGroup, Heartbeat and LeaveGroup of the classic protocol, as Kafka's
 * GroupCoordinator answers them: validation and fencing first (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION,
 * FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL), then the state-dependent action. The caller
 * (GroupCoordinator) has already checked that this broker coordinates the group.
 *
 * Join and sync answers may wait: the response callback is parked on the member and called
 * exactly once, by the rebalance engine or by this code.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@samsa/protocol';
import { groupAppendError } from './coordinator-log.js';
import type { ClassicGroup } from './group.js';
import { type GroupContext, groupRecord } from './group-context.js';
import { ClassicMember, type Protocol } from './member.js';
import type { Rebalancer } from './rebalance.js';
import { type JoinResult, joinError, type SyncResult, syncError } from './results.js';

export interface JoinRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  /** v4+: a first join gets MEMBER_ID_REQUIRED and must come back with the id (KIP-394). */
  requireKnownMemberId: boolean;
  /** v9+: a static leader rejoining a Stable group is told to skip the assignment (KIP-814). */
  supportsSkipAssignment: boolean;
}

export interface SyncRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

export class Membership {
  constructor(
    private readonly ctx: GroupContext,
    private readonly rebalancer: Rebalancer,
  ) {}

  join(group: ClassicGroup, req: JoinRequest, respond: (r: JoinResult) => void): void {
    if (group.is('Dead')) {
      respond(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, req.memberId));
      return;
    }
    // Kafka checks the size before the protocols (acceptJoiningMember comes first).
    const known = group.has(req.memberId) || group.pendingMembers.has(req.memberId);
    const staticKnown = req.groupInstanceId !== null && group.staticMemberId(req.groupInstanceId) !== undefined;
    if (!known && !staticKnown && group.size + group.pendingMembers.size >= this.ctx.config.maxSize) {
      respond(joinError(ErrorCode.GROUP_MAX_SIZE_REACHED, req.memberId));
      return;
    }
    if (!group.supportsProtocols(req.protocolType, req.protocols)) {
      respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
      return;
    }
    if (req.memberId === '') this.joinUnknown(group, req, respond);
    else this.joinKnown(group, req, respond);
  }

  private joinUnknown(group: ClassicGroup, req: JoinRequest, respond: (r: JoinResult) => void): void {
    const newId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    if (req.groupInstanceId !== null) {
      const oldId = group.staticMemberId(req.groupInstanceId);
      if (oldId !== undefined) {
        this.replaceStaticMember(group, oldId, newId, req, respond);
        return;
      }
      this.addMemberAndRebalance(group, newId, req, respond);
      return;
    }
    if (req.requireKnownMemberId) {
      // The id must come back within a session timeout, or it is forgotten.
      const task = this.ctx.timer.schedule(req.sessionTimeoutMs, () => {
        if (group.pendingMembers.has(newId)) this.rebalancer.removePendingMember(group, newId);
      });
      group.pendingMembers.set(newId, task);
      respond(joinError(ErrorCode.MEMBER_ID_REQUIRED, newId));
      return;
    }
    this.addMemberAndRebalance(group, newId, req, respond);
  }

  private joinKnown(group: ClassicGroup, req: JoinRequest, respond: (r: JoinResult) => void): void {
    const pending = group.pendingMembers.get(req.memberId);
    if (pending) {
      pending.cancel();
      group.pendingMembers.delete(req.memberId);
      this.addMemberAndRebalance(group, req.memberId, req, respond);
      return;
    }
    const error = this.memberError(group, req);
    if (error !== ErrorCode.NONE) {
      respond(joinError(error, req.memberId));
      return;
    }
    const member = group.get(req.memberId) as ClassicMember;
    switch (group.state) {
      case 'PreparingRebalance':
        this.updateMemberAndRebalance(group, member, req, respond);
        return;
      case 'CompletingRebalance':
        if (member.matches(req.protocols)) {
          // A repeated join (say, the response was lost): same answer, no new rebalance.
          this.rebalancer.touch(group, member);
          respond(this.rebalancer.joinResponse(group, member, group.isLeader(member.memberId), false));
          return;
        }
        this.updateMemberAndRebalance(group, member, req, respond);
        return;
      case 'Stable':
        if (group.isLeader(member.memberId) || !member.matches(req.protocols)) {
          // The leader rejoining means it wants a new assignment (e.g. its metadata changed).
          this.updateMemberAndRebalance(group, member, req, respond);
          return;
        }
        this.rebalancer.touch(group, member);
        respond(this.rebalancer.joinResponse(group, member, false, false));
        return;
      default:
        respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
        return;
    }
  }

  /** UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID checks shared by every membership request. */
  private memberError(group: ClassicGroup, who: MemberIdentity): number {
    if (who.groupInstanceId !== null) {
      const owner = group.staticMemberId(who.groupInstanceId);
      if (owner !== undefined && owner !== who.memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    const member = group.get(who.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (who.groupInstanceId !== null && member.groupInstanceId !== who.groupInstanceId) {
      return ErrorCode.FENCED_INSTANCE_ID;
    }
    return ErrorCode.NONE;
  }

  private addMemberAndRebalance(
    group: ClassicGroup,
    memberId: string,
    req: JoinRequest,
    respond: (r: JoinResult) => void,
  ): void {
    const member = new ClassicMember({
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      sessionTimeoutMs: req.sessionTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
    });
    member.isNew = true;
    member.awaitingJoin = respond;
    // A member arriving during a new group's initial delay extends the delay (up to the rebalance timeout).
    if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
    group.add(member);
    this.rebalancer.touchNew(group, member);
    this.rebalancer.maybePrepareRebalance(group, `${memberId} joined`);
    this.rebalancer.checkJoinComplete(group);
  }

  private updateMemberAndRebalance(
    group: ClassicGroup,
    member: ClassicMember,
    req: JoinRequest,
    respond: (r: JoinResult) => void,
  ): void {
    // A second join while the first still waits replaces it; the first learns a rebalance is on.
    member.completeJoin(joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
    member.protocols = req.protocols;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.awaitingJoin = respond;
    this.rebalancer.touch(group, member);
    this.rebalancer.maybePrepareRebalance(group, `${member.memberId} rejoined`);
    this.rebalancer.checkJoinComplete(group);
  }

  /**
   * A static member restarted (new member id, same group.instance.id). In a Stable group whose
   * protocol choice it does not change, it takes its old place and assignment without a rebalance.
   */
  private replaceStaticMember(
    group: ClassicGroup,
    oldId: string,
    newId: string,
    req: JoinRequest,
    respond: (r: JoinResult) => void,
  ): void {
    const instanceId = req.groupInstanceId as string;
    const old = group.get(oldId) as ClassicMember;
    // The old incarnation's parked requests are answered: it has been fenced.
    old.completeJoin(joinError(ErrorCode.FENCED_INSTANCE_ID, oldId));
    old.completeSync(syncError(ErrorCode.FENCED_INSTANCE_ID));
    const previousLeader = group.leaderId;
    const saved = { protocols: old.protocols, rebalance: old.rebalanceTimeoutMs, session: old.sessionTimeoutMs };
    const member = group.replaceStaticMember(instanceId, oldId, newId);
    member.protocols = req.protocols;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    member.awaitingJoin = respond;
    this.rebalancer.touch(group, member);
    switch (group.state) {
      case 'Stable': {
        if (group.protocolName !== group.selectProtocol()) {
          this.rebalancer.maybePrepareRebalance(group, `static member ${instanceId} changed protocols`);
          return;
        }
        const revert = (error: number) => {
          group.replaceStaticMember(instanceId, newId, oldId);
          Object.assign(member, {
            protocols: saved.protocols,
            rebalanceTimeoutMs: saved.rebalance,
            sessionTimeoutMs: saved.session,
          });
          member.completeJoin(joinError(error, newId));
        };
        const code = this.ctx.write(group, [groupRecord(group)]);
        if (code !== ErrorCode.NONE) {
          revert(ErrorCode.UNKNOWN_SERVER_ERROR);
          return;
        }
        // Answered once the ISR has the new member id (acks=-1, as Kafka's coordinator waits for
        // the group's write here): a coordinator elected after a failover fences the old
        // incarnation too, instead of the one it just answered.
        const generation = group.generationId;
        this.ctx.whenReplicated(group, (replicated) => {
          // Unloaded, rebalanced, or this incarnation replaced or answered meanwhile: not ours to finish.
          if (this.ctx.groups.get(group.groupId) !== group || group.generationId !== generation) return;
          if (group.get(newId) !== member || member.awaitingJoin !== respond) return;
          const error = groupAppendError(replicated);
          if (error !== ErrorCode.NONE) {
            revert(error);
            return;
          }
          const isLeader = group.isLeader(newId);
          if (req.supportsSkipAssignment) {
            member.completeJoin(this.rebalancer.joinResponse(group, member, isLeader, isLeader));
            return;
          }
          // Before v9 the old leader id is returned, so a restarted leader acts as a follower and
          // does not compute an assignment the Stable group would ignore.
          const r = this.rebalancer.joinResponse(group, member, false, false);
          member.completeJoin({ ...r, leader: previousLeader ?? '' });
        });
        return;
      }
      case 'CompletingRebalance':
        this.rebalancer.maybePrepareRebalance(group, `static member ${instanceId} rejoined`);
        return;
      default:
        this.rebalancer.checkJoinComplete(group);
        return;
    }
  }

  sync(group: ClassicGroup, req: SyncRequest, respond: (r: SyncResult) => void): void {
    if (group.is('Dead')) {
      respond(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
      return;
    }
    const error = this.memberError(group, req);
    if (error !== ErrorCode.NONE) {
      respond(syncError(error));
      return;
    }
    if (req.generationId !== group.generationId) {
      respond(syncError(ErrorCode.ILLEGAL_GENERATION));
      return;
    }
    if (
      (req.protocolType !== null && req.protocolType !== group.protocolType) ||
      (req.protocolName !== null && req.protocolName !== group.protocolName)
    ) {
      respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
      return;
    }
    const member = group.get(req.memberId) as ClassicMember;
    switch (group.state) {
      case 'Empty':
        respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
        return;
      case 'PreparingRebalance':
        respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        return;
      case 'CompletingRebalance':
        this.markSynced(group, member.memberId);
        member.completeSync(syncError(ErrorCode.REBALANCE_IN_PROGRESS)); // a duplicate sync replaces the first
        member.awaitingSync = respond;
        this.rebalancer.touch(group, member);
        if (group.isLeader(member.memberId)) this.applyLeaderAssignment(group, req);
        return;
      case 'Stable':
        this.markSynced(group, member.memberId);
        this.rebalancer.touch(group, member);
        respond({
          errorCode: ErrorCode.NONE,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          assignment: member.assignment,
        });
        return;
    }
  }

  private markSynced(group: ClassicGroup, memberId: string): void {
    group.pendingSync.delete(memberId);
    if (group.pendingSync.size === 0) {
      group.syncTask?.cancel();
      group.syncTask = null;
    }
  }

  /**
   * The leader's assignment is persisted with the group and, once the ISR has it (acks=-1, so a new
   * coordinator after a failover knows the generation the members were given), handed to every
   * member: Stable. Meanwhile the group stays in CompletingRebalance.
   */
  private applyLeaderAssignment(group: ClassicGroup, req: SyncRequest): void {
    const given = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
    for (const m of group.members.values()) m.assignment = Buffer.from(given.get(m.memberId) ?? Buffer.alloc(0));
    const code = groupAppendError(this.ctx.write(group, [groupRecord(group)]));
    if (code !== ErrorCode.NONE) {
      this.rebalancer.resetAssignments(group, code);
      this.rebalancer.prepareRebalance(group, 'could not store the assignment');
      return;
    }
    const generation = group.generationId;
    this.ctx.whenReplicated(group, (replicated) => {
      // Unloaded, rebalanced or already stable (a repeated leader sync) in the meantime: not ours to finish.
      if (this.ctx.groups.get(group.groupId) !== group || group.generationId !== generation) return;
      if (!group.is('CompletingRebalance')) return;
      const error = groupAppendError(replicated);
      if (error !== ErrorCode.NONE) {
        this.rebalancer.resetAssignments(group, error);
        this.rebalancer.prepareRebalance(group, 'the assignment did not reach the in-sync replicas');
        return;
      }
      this.stabilize(group);
    });
  }

  private stabilize(group: ClassicGroup): void {
    group.transitionTo('Stable', this.ctx.timer.now());
    this.ctx.logger.info({ group: group.groupId, generation: group.generationId }, 'group is stable');
    for (const m of group.members.values()) {
      m.completeSync({
        errorCode: ErrorCode.NONE,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        assignment: m.assignment,
      });
    }
  }

  heartbeat(group: ClassicGroup, who: MemberIdentity, generationId: number): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const error = this.memberError(group, who);
    if (error !== ErrorCode.NONE) return error;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    const member = group.get(who.memberId) as ClassicMember;
    switch (group.state) {
      case 'Empty':
        return ErrorCode.UNKNOWN_MEMBER_ID;
      case 'PreparingRebalance':
        this.rebalancer.touch(group, member);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      default:
        this.rebalancer.touch(group, member);
        return ErrorCode.NONE;
    }
  }

  /** One leaving member; v3+ batches many (static members leave by instance id with an empty member id). */
  leave(group: ClassicGroup, who: MemberIdentity): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    let memberId = who.memberId;
    if (memberId === '' && who.groupInstanceId !== null) {
      const id = group.staticMemberId(who.groupInstanceId);
      if (id === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      memberId = id;
    } else if (group.pendingMembers.has(memberId)) {
      this.rebalancer.removePendingMember(group, memberId);
      return ErrorCode.NONE;
    }
    const error = this.memberError(group, { memberId, groupInstanceId: who.groupInstanceId });
    if (error !== ErrorCode.NONE) return error;
    this.rebalancer.removeMemberAndUpdateGroup(group, group.get(memberId) as ClassicMember, `${memberId} left`);
    return ErrorCode.NONE;
  }
}
