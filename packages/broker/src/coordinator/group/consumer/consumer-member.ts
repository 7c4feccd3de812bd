/**
 * One member of a consumer (KIP-848) group, owned by its ConsumerGroup: what it subscribes to
 * (persisted as record 5), where its reconciliation stands (record 8), and its session and
 * revocation timers (memory only; a loaded member gets a fresh session).
 */
import type { TimerTask } from '../timer.js';
import { EMPTY_ASSIGNMENT } from './assignment.js';
import type { MemberMetadata } from './consumer-group-records.js';
import { type MemberAssignmentState, MemberState } from './reconcile.js';

/** A static member that left with epoch -2: it keeps its assignment until its session expires. */
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;
export const LEAVE_GROUP_MEMBER_EPOCH = -1;

export class ConsumerMember {
  metadata: MemberMetadata;
  assignment: MemberAssignmentState = {
    state: MemberState.STABLE,
    memberEpoch: 0,
    previousMemberEpoch: -1,
    assigned: EMPTY_ASSIGNMENT,
    pendingRevocation: EMPTY_ASSIGNMENT,
  };
  sessionTask: TimerTask | null = null;
  /** Runs while the member owes a revocation; fences it when the rebalance timeout passes. */
  revocationTask: TimerTask | null = null;

  constructor(
    public memberId: string,
    metadata: MemberMetadata,
  ) {
    this.metadata = metadata;
  }

  get memberEpoch(): number {
    return this.assignment.memberEpoch;
  }

  get instanceId(): string | null {
    return this.metadata.instanceId;
  }

  /** A static member that announced a temporary leave (epoch -2). */
  get isAway(): boolean {
    return this.assignment.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH;
  }

  cancelTimers(): void {
    this.sessionTask?.cancel();
    this.sessionTask = null;
    this.revocationTask?.cancel();
    this.revocationTask = null;
  }
}
