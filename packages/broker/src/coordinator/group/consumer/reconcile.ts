/**
 * The reconciliation of one member towards the group's target assignment (Kafka's
 * CurrentAssignmentBuilder), as a pure function. The rules that keep two members from consuming
 * one partition at once:
 * - Revoke before assign: while the member still holds partitions the target takes away, it gets
 *   no new ones and keeps its epoch (UNREVOKED_PARTITIONS) until a heartbeat shows they are gone.
 * - A partition another member still holds (assigned or pending revocation) is not given out until
 *   that member released it (UNRELEASED_PARTITIONS); the member is told the rest meanwhile.
 * - The member epoch moves to the target epoch only once nothing is left to revoke.
 */
import { type Assignment, EMPTY_ASSIGNMENT, has, intersect, isEmpty, minus, only, size, union } from './assignment.js';

/** Kafka's MemberState, with its record values. */
export const MemberState = {
  STABLE: 1,
  UNREVOKED_PARTITIONS: 2,
  UNRELEASED_PARTITIONS: 3,
} as const;
export type MemberState = (typeof MemberState)[keyof typeof MemberState];

export interface MemberAssignmentState {
  state: MemberState;
  memberEpoch: number;
  previousMemberEpoch: number;
  assigned: Assignment;
  pendingRevocation: Assignment;
}

export interface ReconcileInput {
  member: MemberAssignmentState;
  targetEpoch: number;
  target: Assignment;
  /** What the client says it owns in this heartbeat; null when it did not say (unchanged). */
  owned: Assignment | null;
  /** Whether another member still holds the partition (assigned or pending revocation). */
  heldByOther: (topicId: string, partition: number) => boolean;
}

export function reconcile(input: ReconcileInput): MemberAssignmentState {
  const { member, targetEpoch, owned } = input;
  switch (member.state) {
    case MemberState.STABLE:
      return member.memberEpoch === targetEpoch ? member : next(input, member.memberEpoch);
    case MemberState.UNREVOKED_PARTITIONS: {
      const revoked = owned !== null && size(intersect(owned, member.pendingRevocation)) === 0;
      if (revoked)
        return next({ ...input, member: { ...member, pendingRevocation: EMPTY_ASSIGNMENT } }, member.memberEpoch);
      // A newer target may change what is to be revoked; the epoch still waits for the revocation.
      if (member.memberEpoch !== targetEpoch) return next(input, member.memberEpoch);
      return member;
    }
    case MemberState.UNRELEASED_PARTITIONS:
      return next(input, member.memberEpoch);
  }
}

function next(input: ReconcileInput, memberEpoch: number): MemberAssignmentState {
  const { member, target, targetEpoch, owned, heldByOther } = input;
  const current = union(member.assigned, member.pendingRevocation);
  const kept = intersect(member.assigned, target);
  let revoking = minus(current, target);
  // What the client already gave up needs no revocation round trip.
  if (owned !== null) revoking = only(revoking, (t, p) => has(owned, t, p));
  if (!isEmpty(revoking)) {
    return {
      state: MemberState.UNREVOKED_PARTITIONS,
      memberEpoch,
      previousMemberEpoch: member.previousMemberEpoch,
      assigned: kept,
      pendingRevocation: revoking,
    };
  }
  const wanted = minus(target, kept);
  const free = only(wanted, (t, p) => !heldByOther(t, p));
  const unreleased = size(free) < size(wanted);
  const epochChanges = memberEpoch !== targetEpoch;
  return {
    state: unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
    memberEpoch: targetEpoch,
    previousMemberEpoch: epochChanges ? memberEpoch : member.previousMemberEpoch,
    assigned: union(kept, free),
    pendingRevocation: EMPTY_ASSIGNMENT,
  };
}
