/**
 * The controller's view of topics and partitions, as read from ZooKeeper: each topic's replica
 * assignment and each partition's leader/epoch/ISR with the znode version that fences the next
 * write (Kafka's partition epoch in AlterPartition).
 */
import type { LeaderAndIsr } from '../zk/znodes.js';

export interface ControllerTopic {
  topicId: string;
  /** partition → replicas, preferred leader first (target and original replicas while reassigning) */
  assignment: Map<number, number[]>;
  /** Partitions being reassigned: the replicas joining and leaving (KIP-455). */
  adding: Map<number, number[]>;
  removing: Map<number, number[]>;
}

export interface ControllerPartition extends LeaderAndIsr {
  /** Version of the state znode: what a conditional write must match. */
  zkVersion: number;
}

/** Kafka's LeaderAndIsr.NoLeader. */
export const NO_LEADER = -1;

export interface PartitionRef {
  topic: string;
  partition: number;
}

export function refKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** The state a partition moves to when some of its replicas are gone (shutdown or failure). */
export function withoutReplicas(
  state: LeaderAndIsr,
  gone: ReadonlySet<number>,
  newLeader: number,
  controllerEpoch: number,
): LeaderAndIsr {
  const kept = state.isr.filter((r) => !gone.has(r));
  // The last in-sync replica stays in the ISR even when it is gone, so that only it can lead again
  // without data loss (Kafka keeps it for the same reason).
  const last = state.isr.includes(state.leader) ? state.leader : (state.isr[0] as number);
  const isr = kept.length > 0 ? kept : [last];
  return { leader: newLeader, leaderEpoch: state.leaderEpoch + 1, isr, controllerEpoch };
}
