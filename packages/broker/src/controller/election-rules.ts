/**
 * The controller's decisions as pure functions of what it has read from ZooKeeper, so they can
 * be tested without a cluster (Kafka's `PartitionLeaderElectionAlgorithms`). The controller reads,
 * calls one of these, then writes the result with a conditional write.
 */

/** What a broker should do after /controller changed (or at start-up). */
export type ControllerAction = 'elect' | 'resign' | 'follow';

export function controllerAction(input: {
  brokerId: number;
  isActive: boolean;
  /** The broker id in /controller, or null when the znode is absent. */
  activeControllerId: number | null;
}): ControllerAction {
  if (input.activeControllerId === null) return 'elect';
  if (input.isActive && input.activeControllerId !== input.brokerId) return 'resign';
  return 'follow';
}

/** The epoch a new controller writes over the current one (0 when /controller_epoch is new). */
export function nextControllerEpoch(current: number): number {
  return current + 1;
}

/**
 * A leader for a partition whose leader is gone (Kafka's offline-partition election): the first
 * replica, in assignment order, that is alive and in the ISR; with unclean election allowed, else
 * the first live replica. Null when no replica qualifies (the partition stays offline).
 */
export function electPartitionLeader(
  assignment: readonly number[],
  isr: readonly number[],
  live: ReadonlySet<number>,
  uncleanAllowed: boolean,
): { leader: number; unclean: boolean } | null {
  const clean = assignment.find((r) => live.has(r) && isr.includes(r));
  if (clean !== undefined) return { leader: clean, unclean: false };
  if (!uncleanAllowed) return null;
  const any = assignment.find((r) => live.has(r));
  return any === undefined ? null : { leader: any, unclean: true };
}
