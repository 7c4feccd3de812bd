/**
 * The KIP-848 consumer protocol's heartbeat: joining, leaving, static membership, group epoch
 * bumps, target assignment by the server assignor and each member's reconciliation. Everything
 * for one heartbeat happens in one synchronous call (no await between the decision and the write),
 * and the records it produces go to the group's __consumer_offsets partition in one append.
 *
 * Epochs: the group epoch counts changes to what the group wants (members, subscriptions, topic
 * partitions); the assignment epoch is the group epoch the target assignment was computed for; a
 * member epoch reaches the assignment epoch once the member has revoked what it must.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@samsa/protocol';
import type { CoordinatorRecord } from '../coordinator-record.js';
import type { GroupContext } from '../group-context.js';
import { assignmentOf, EMPTY_ASSIGNMENT, equal, minus, size, toTopicPartitions } from './assignment.js';
import type { ConsumerGroupConfig } from './consumer-config.js';
import type { ConsumerGroup } from './consumer-group.js';
import type { ConsumerGroupRecord, MemberMetadata } from './consumer-group-records.js';
import { ConsumerMember, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH } from './consumer-member.js';
import { type ConsumerHeartbeatRequest, type ConsumerHeartbeatResult, heartbeatError } from './heartbeat-types.js';
import { MemberState, reconcile } from './reconcile.js';
import { metadataHash, type TopicLookup } from './subscriptions.js';
import { targetAssignment } from './target-assignment.js';
import { validateHeartbeat } from './validate-heartbeat.js';

export interface ConsumerCoordinatorOptions {
  ctx: GroupContext;
  config: ConsumerGroupConfig;
  topics: TopicLookup;
  partitionFor(groupId: string): number;
}

/** Kafka's member ids: a random UUID in its base64url form. */
function newMemberId(): string {
  return randomBytes(16).toString('base64url');
}

export class ConsumerGroupCoordinator {
  constructor(private readonly opts: ConsumerCoordinatorOptions) {}

  get config(): ConsumerGroupConfig {
    return this.opts.config;
  }

  heartbeat(req: ConsumerHeartbeatRequest): ConsumerHeartbeatResult {
    const invalid = validateHeartbeat(req, this.opts.config.assignors);
    if (invalid) return invalid;
    const { groups } = this.opts.ctx;
    let group = groups.consumer.get(req.groupId);
    if (req.memberEpoch < 0) return this.leave(group, req);
    if (!group) {
      const classic = groups.get(req.groupId);
      // An empty classic group (offsets only) is upgraded; one with members is not ours to take.
      if (classic && (!classic.isEmptyOfMembers || !classic.is('Empty'))) {
        return heartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${req.groupId} is not a consumer group.`);
      }
      if (req.memberEpoch !== 0) {
        return heartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group ${req.groupId} not found.`);
      }
      group = groups.consumer.getOrCreate(req.groupId, this.opts.partitionFor(req.groupId));
    }
    const created = group.groupEpoch === 0 && group.members.size === 0;
    const restore = group.snapshot();
    const records: ConsumerGroupRecord[] = [];
    const epochBefore = group.groupEpoch;
    const joined = this.memberFor(group, req, records);
    if ('errorCode' in joined) {
      if (group.members.size === 0 && group.groupEpoch === 0) groups.consumer.remove(group);
      return joined;
    }
    const member = joined;
    const before = member.assignment;
    const owned = req.topicPartitions === null ? null : assignmentOf(req.topicPartitions);
    this.maybeBumpEpoch(group, records, epochBefore);
    this.maybeComputeTarget(group, records);
    member.assignment = reconcile({
      member: member.assignment,
      targetEpoch: group.assignmentEpoch,
      target: group.targetOf(member.memberId),
      owned,
      heldByOther: (t, p) => group.heldByOther(member.memberId, t, p),
    });
    const after = member.assignment;
    if (after !== before || req.memberEpoch === 0) records.push(this.currentAssignmentRecord(group, member));
    const code = this.write(group, records);
    if (code !== ErrorCode.NONE) {
      // Nothing was written: the group is as it was before this heartbeat.
      restore();
      if (created) groups.consumer.remove(group);
      else for (const m of group.members.values()) if (m.sessionTask === null) this.scheduleTimers(group, m);
      return heartbeatError(code);
    }
    this.scheduleTimers(group, member);
    const changed = after.memberEpoch !== before.memberEpoch || !equal(after.assigned, before.assigned);
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId: member.memberId,
      memberEpoch: after.memberEpoch,
      heartbeatIntervalMs: this.opts.config.heartbeatIntervalMs,
      assignment: changed || req.memberEpoch === 0 || owned !== null ? toTopicPartitions(after.assigned) : null,
    };
  }

  /** The member this heartbeat is from, created or replaced when joining; an error result otherwise. */
  private memberFor(
    group: ConsumerGroup,
    req: ConsumerHeartbeatRequest,
    records: ConsumerGroupRecord[],
  ): ConsumerMember | ConsumerHeartbeatResult {
    const existing = req.memberId === '' ? undefined : group.members.get(req.memberId);
    if (req.memberEpoch > 0) {
      if (!existing)
        return heartbeatError(
          ErrorCode.UNKNOWN_MEMBER_ID,
          `Member ${req.memberId} is not a member of group ${req.groupId}.`,
        );
      if (req.instanceId !== null && existing.instanceId !== req.instanceId) {
        return heartbeatError(ErrorCode.FENCED_INSTANCE_ID);
      }
      const e = existing.assignment;
      const owned = req.topicPartitions === null ? null : assignmentOf(req.topicPartitions);
      // A member that missed the response bumping its epoch may retry once with the previous one.
      const retry =
        req.memberEpoch === e.previousMemberEpoch && (owned === null || size(minus(owned, e.assigned)) === 0);
      if (req.memberEpoch > e.memberEpoch || (req.memberEpoch < e.memberEpoch && !retry)) {
        return heartbeatError(
          ErrorCode.FENCED_MEMBER_EPOCH,
          `The consumer group member has a smaller or larger member epoch (${req.memberEpoch}) than the one known by the group coordinator (${e.memberEpoch}).`,
        );
      }
      this.updateMetadata(group, existing, req, records);
      return existing;
    }
    // memberEpoch 0: joining (or rejoining after being fenced).
    if (req.instanceId !== null) {
      const holder = group.memberByInstanceId(req.instanceId);
      if (holder && !holder.isAway && holder.memberId !== req.memberId) {
        return heartbeatError(
          ErrorCode.UNRELEASED_INSTANCE_ID,
          `Static member ${holder.memberId} with instance id ${req.instanceId} is not released yet.`,
        );
      }
      if (holder && holder.memberId !== req.memberId) return this.replaceStatic(group, holder, req, records);
    }
    if (existing) {
      // It lost everything it had: its partitions are free for others (and for itself again).
      existing.assignment = {
        ...existing.assignment,
        state: MemberState.STABLE,
        memberEpoch: 0,
        assigned: EMPTY_ASSIGNMENT,
        pendingRevocation: EMPTY_ASSIGNMENT,
      };
      this.updateMetadata(group, existing, req, records);
      return existing;
    }
    if (group.members.size >= this.opts.config.maxSize) {
      return heartbeatError(
        ErrorCode.GROUP_MAX_SIZE_REACHED,
        `The consumer group has reached its maximum capacity of ${this.opts.config.maxSize} members.`,
      );
    }
    const member = new ConsumerMember(req.memberId === '' ? newMemberId() : req.memberId, this.metadataOf(null, req));
    group.add(member);
    records.push({ type: 5, group: group.groupId, member: member.memberId, value: member.metadata });
    group.groupEpoch++;
    return member;
  }

  /** A static member restarted: the new member id takes over the old one's place and partitions. */
  private replaceStatic(
    group: ConsumerGroup,
    old: ConsumerMember,
    req: ConsumerHeartbeatRequest,
    records: ConsumerGroupRecord[],
  ): ConsumerMember {
    const id = req.memberId === '' ? newMemberId() : req.memberId;
    const member = new ConsumerMember(id, this.metadataOf(old.metadata, req));
    const target = group.targetOf(old.memberId);
    member.assignment = {
      ...old.assignment,
      state: MemberState.STABLE,
      memberEpoch: 0,
      pendingRevocation: EMPTY_ASSIGNMENT,
    };
    group.remove(old.memberId);
    records.push(...this.tombstones(group, old.memberId));
    group.add(member);
    group.targetAssignment.set(id, target);
    records.push({ type: 5, group: group.groupId, member: id, value: member.metadata });
    records.push({ type: 7, group: group.groupId, member: id, value: target });
    if (this.subscriptionChanged(old.metadata, member.metadata)) group.groupEpoch++;
    return member;
  }

  private metadataOf(prev: MemberMetadata | null, req: ConsumerHeartbeatRequest): MemberMetadata {
    return {
      instanceId: req.instanceId ?? prev?.instanceId ?? null,
      rackId: req.rackId ?? prev?.rackId ?? null,
      clientId: req.clientId,
      clientHost: req.clientHost,
      subscribedTopicNames: req.subscribedTopicNames ?? prev?.subscribedTopicNames ?? [],
      subscribedTopicRegex: req.subscribedTopicRegex ?? prev?.subscribedTopicRegex ?? null,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs >= 0 ? req.rebalanceTimeoutMs : (prev?.rebalanceTimeoutMs ?? 300000),
      serverAssignor: req.serverAssignor ?? prev?.serverAssignor ?? null,
    };
  }

  private subscriptionChanged(a: MemberMetadata, b: MemberMetadata): boolean {
    const names = (m: MemberMetadata) => [...m.subscribedTopicNames].sort().join('\u0000');
    return (
      names(a) !== names(b) ||
      a.subscribedTopicRegex !== b.subscribedTopicRegex ||
      a.serverAssignor !== b.serverAssignor ||
      a.rackId !== b.rackId
    );
  }

  private updateMetadata(
    group: ConsumerGroup,
    member: ConsumerMember,
    req: ConsumerHeartbeatRequest,
    records: ConsumerGroupRecord[],
  ): void {
    const next = this.metadataOf(member.metadata, req);
    const bump = this.subscriptionChanged(member.metadata, next);
    const other =
      next.clientId !== member.metadata.clientId ||
      next.clientHost !== member.metadata.clientHost ||
      next.rebalanceTimeoutMs !== member.metadata.rebalanceTimeoutMs ||
      next.instanceId !== member.metadata.instanceId;
    if (!bump && !other) return;
    member.metadata = next;
    records.push({ type: 5, group: group.groupId, member: member.memberId, value: next });
    if (bump) group.groupEpoch++;
  }

  /** New partitions or topics of the subscription also bump the epoch (checked on each heartbeat). */
  private maybeBumpEpoch(group: ConsumerGroup, records: ConsumerGroupRecord[], epochBefore: number): void {
    const hash = metadataHash(group, this.opts.topics);
    if (hash !== group.metadataHash) {
      group.metadataHash = hash;
      // One bump per heartbeat is enough, whatever changed.
      if (group.groupEpoch === epochBefore) group.groupEpoch = Math.max(group.groupEpoch, group.assignmentEpoch) + 1;
    }
    if (group.groupEpoch !== epochBefore || group.groupEpoch > group.assignmentEpoch) {
      records.push({
        type: 3,
        group: group.groupId,
        value: { epoch: group.groupEpoch, metadataHash: group.metadataHash },
      });
    }
  }

  private maybeComputeTarget(group: ConsumerGroup, records: ConsumerGroupRecord[]): void {
    if (group.groupEpoch <= group.assignmentEpoch) return;
    const defaultAssignor = this.opts.config.assignors[0] ?? 'uniform';
    for (const [memberId, next] of targetAssignment(group, this.opts.topics, defaultAssignor)) {
      group.targetAssignment.set(memberId, next);
      records.push({ type: 7, group: group.groupId, member: memberId, value: next });
    }
    group.assignmentEpoch = group.groupEpoch;
    records.push({ type: 6, group: group.groupId, value: { assignmentEpoch: group.assignmentEpoch } });
  }

  private currentAssignmentRecord(group: ConsumerGroup, m: ConsumerMember): ConsumerGroupRecord {
    return { type: 8, group: group.groupId, member: m.memberId, value: m.assignment };
  }

  private tombstones(group: ConsumerGroup, memberId: string): ConsumerGroupRecord[] {
    return [
      { type: 8, group: group.groupId, member: memberId, value: null },
      { type: 7, group: group.groupId, member: memberId, value: null },
      { type: 5, group: group.groupId, member: memberId, value: null },
    ];
  }

  private leave(group: ConsumerGroup | undefined, req: ConsumerHeartbeatRequest): ConsumerHeartbeatResult {
    const member = group?.members.get(req.memberId);
    if (!group || !member) {
      if (!group) return heartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group ${req.groupId} not found.`);
      return heartbeatError(
        ErrorCode.UNKNOWN_MEMBER_ID,
        `Member ${req.memberId} is not a member of group ${req.groupId}.`,
      );
    }
    let code: number;
    if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH && member.instanceId !== null) {
      // Leaves for a restart: keeps its partitions (nobody else gets them) until its session ends.
      member.revocationTask?.cancel();
      member.revocationTask = null;
      member.assignment = { ...member.assignment, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH };
      code = this.write(group, [this.currentAssignmentRecord(group, member)]);
      this.scheduleTimers(group, member);
    } else {
      code = this.removeMember(group, member, 'left the group');
    }
    if (code !== ErrorCode.NONE) return heartbeatError(code);
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId: req.memberId,
      memberEpoch: req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH ? req.memberEpoch : LEAVE_GROUP_MEMBER_EPOCH,
      heartbeatIntervalMs: 0,
      assignment: null,
    };
  }

  /** Removes a member (left, session expired, revocation timed out): its partitions go to the others. */
  removeMember(group: ConsumerGroup, member: ConsumerMember, why: string): number {
    group.remove(member.memberId);
    group.groupEpoch = Math.max(group.groupEpoch, group.assignmentEpoch) + 1;
    const records = this.tombstones(group, member.memberId);
    records.push({
      type: 3,
      group: group.groupId,
      value: { epoch: group.groupEpoch, metadataHash: group.metadataHash },
    });
    this.opts.ctx.logger.info({ group: group.groupId, member: member.memberId, why }, 'consumer group member removed');
    return this.write(group, records);
  }

  private scheduleTimers(group: ConsumerGroup, member: ConsumerMember): void {
    const { timer } = this.opts.ctx;
    member.sessionTask?.cancel();
    member.sessionTask = timer.schedule(this.opts.config.sessionTimeoutMs, () => {
      if (group.members.get(member.memberId) === member) this.removeMember(group, member, 'session timed out');
    });
    if (member.assignment.state !== MemberState.UNREVOKED_PARTITIONS) {
      member.revocationTask?.cancel();
      member.revocationTask = null;
    } else if (member.revocationTask === null) {
      member.revocationTask = timer.schedule(member.metadata.rebalanceTimeoutMs, () => {
        member.revocationTask = null;
        if (group.members.get(member.memberId) !== member) return;
        if (member.assignment.state === MemberState.UNREVOKED_PARTITIONS) {
          this.removeMember(group, member, 'did not revoke its partitions within the rebalance timeout');
        }
      });
    }
  }

  /** A loaded member must heartbeat within a session from now. */
  touch(group: ConsumerGroup, member: ConsumerMember): void {
    this.scheduleTimers(group, member);
  }

  private write(group: ConsumerGroup, records: ConsumerGroupRecord[]): number {
    if (records.length === 0) return ErrorCode.NONE;
    const wrapped: CoordinatorRecord[] = records.map((record) => ({ kind: 'consumer', record }));
    return this.opts.ctx.append(group.partition, wrapped);
  }
}
