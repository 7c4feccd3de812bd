/**
 * A consumer group of the KIP-848 protocol: the group epoch (bumped whenever membership,
 * subscriptions or the subscribed topics' partitions change), the target assignment computed for
 * an assignment epoch, and the members reconciling towards it. Owned by the ConsumerGroups store
 * of the coordinator; changed on the event loop only. Its committed offsets live with the classic
 * store's entry of the same id (offsets do not depend on the protocol).
 */
import { type Assignment, EMPTY_ASSIGNMENT } from './assignment.js';
import type { ConsumerMember } from './consumer-member.js';
import { MemberState } from './reconcile.js';

/** Kafka's ConsumerGroupState names. */
export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable' | 'Dead';

export class ConsumerGroup {
  groupEpoch = 0;
  /** Hash of the subscribed topics' ids and partition counts the current group epoch was computed with. */
  metadataHash = 0n;
  assignmentEpoch = 0;
  readonly members = new Map<string, ConsumerMember>();
  readonly targetAssignment = new Map<string, Assignment>();
  readonly staticMembers = new Map<string, string>();

  constructor(
    readonly groupId: string,
    readonly partition: number,
  ) {}

  get state(): ConsumerGroupState {
    if (this.members.size === 0) return 'Empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
    for (const m of this.members.values()) {
      if (m.isAway) continue;
      if (m.memberEpoch !== this.assignmentEpoch || m.assignment.state !== MemberState.STABLE) return 'Reconciling';
    }
    return 'Stable';
  }

  targetOf(memberId: string): Assignment {
    return this.targetAssignment.get(memberId) ?? EMPTY_ASSIGNMENT;
  }

  add(member: ConsumerMember): void {
    this.members.set(member.memberId, member);
    if (member.instanceId !== null) this.staticMembers.set(member.instanceId, member.memberId);
  }

  remove(memberId: string): ConsumerMember | undefined {
    const m = this.members.get(memberId);
    if (!m) return undefined;
    m.cancelTimers();
    this.members.delete(memberId);
    this.targetAssignment.delete(memberId);
    if (m.instanceId !== null && this.staticMembers.get(m.instanceId) === memberId) {
      this.staticMembers.delete(m.instanceId);
    }
    return m;
  }

  memberByInstanceId(instanceId: string): ConsumerMember | undefined {
    const id = this.staticMembers.get(instanceId);
    return id === undefined ? undefined : this.members.get(id);
  }

  /**
   * Whether a member other than `memberId` still holds the partition: assigned to it, or pending its
   * revocation (a static member that is away keeps holding what it had).
   */
  heldByOther(memberId: string, topicId: string, partition: number): boolean {
    for (const m of this.members.values()) {
      if (m.memberId === memberId) continue;
      const a = m.assignment;
      if (a.assigned.get(topicId)?.has(partition) || a.pendingRevocation.get(topicId)?.has(partition)) return true;
    }
    return false;
  }

  /** The server assignor the members ask for most (ties: the first named), else null for the default. */
  preferredAssignor(): string | null {
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const a = m.metadata.serverAssignor;
      if (a !== null) votes.set(a, (votes.get(a) ?? 0) + 1);
    }
    let best: string | null = null;
    let n = 0;
    for (const [a, v] of votes) {
      if (v > n) {
        best = a;
        n = v;
      }
    }
    return best;
  }

  /**
   * Everything a heartbeat may change, put back by the returned function when the heartbeat's
   * records could not be written (members' metadata and assignments are replaced, never mutated).
   */
  snapshot(): () => void {
    const epochs = {
      groupEpoch: this.groupEpoch,
      metadataHash: this.metadataHash,
      assignmentEpoch: this.assignmentEpoch,
    };
    const members = [...this.members.values()].map((m) => ({ m, metadata: m.metadata, assignment: m.assignment }));
    const target = new Map(this.targetAssignment);
    const statics = new Map(this.staticMembers);
    return () => {
      Object.assign(this, epochs);
      this.members.clear();
      for (const { m, metadata, assignment } of members) {
        m.metadata = metadata;
        m.assignment = assignment;
        this.members.set(m.memberId, m);
      }
      this.targetAssignment.clear();
      for (const [k, v] of target) this.targetAssignment.set(k, v);
      this.staticMembers.clear();
      for (const [k, v] of statics) this.staticMembers.set(k, v);
    };
  }

  cancelTimers(): void {
    for (const m of this.members.values()) m.cancelTimers();
  }
}
