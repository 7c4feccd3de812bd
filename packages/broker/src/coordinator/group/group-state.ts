/**
 * The classic protocol's group states and the transitions Kafka allows between them
 * (ClassicGroupState.validPreviousStates). A transition from any other state is a coordinator bug.
 *
 *   Empty ──join──▶ PreparingRebalance ──all joined / timeout──▶ CompletingRebalance ──leader sync──▶ Stable
 *     ▲                     ▲    │ (no members left)                       │                             │
 *     └─────────────────────┼────┘                                         └──── member change ──────────┤
 *                           └────────────────── join / leave / session expiry ──────────────────────────┘
 *   Dead: deleted or expired; never left.
 */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

const VALID_PREVIOUS: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export class IllegalStateTransition extends Error {
  readonly code = 'ILLEGAL_STATE_TRANSITION' as const;
}

export function assertTransition(groupId: string, from: GroupState, to: GroupState): void {
  if (!VALID_PREVIOUS[to].includes(from)) {
    throw new IllegalStateTransition(`group ${groupId}: ${from} → ${to} is not a valid transition`);
  }
}
