/**
 * A partition this broker hosts: its log plus the leadership state the controller decides (leader,
 * leader epoch, replicas, ISR, the state znode's version) and, while this broker leads, what it
 * knows of each follower. In single-node mode this broker always leads with epoch 0 and is the
 * whole ISR.
 *
 * Owned by the ReplicaManager; every method is synchronous, so a leadership change, a follower's
 * fetch and an append never interleave.
 */
import type { PartitionLog } from '@samsa/storage';
import { FollowerReplica } from './follower-replica.js';
import type { PartitionState } from './partition-state.js';

/** An ISR change sent to the controller and not answered yet (KIP-497: at most one per partition). */
export interface PendingIsrChange {
  kind: 'expand' | 'shrink';
  isr: number[];
}

export class Partition {
  partitionEpoch = 0;
  addingReplicas: number[] = [];
  removingReplicas: number[] = [];
  /** Whether the controller has spoken about this partition (LeaderAndIsr), as opposed to single-node mode. */
  controlled = false;
  /** The log end offset when this broker became leader: followers below it are not in sync yet. */
  leaderEpochStartOffset = 0;
  pendingIsr: PendingIsrChange | null = null;
  /** Set after INVALID_UPDATE_VERSION / FENCED_LEADER_EPOCH: no ISR change until the next LeaderAndIsr. */
  isrChangesBlocked = false;
  private readonly followers = new Map<number, FollowerReplica>();

  readonly topic: string;
  readonly partition: number;
  readonly topicId: string;
  readonly log: PartitionLog;
  leaderId: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];

  constructor(o: {
    topic: string;
    partition: number;
    topicId: string;
    log: PartitionLog;
    leaderId: number;
    leaderEpoch: number;
    replicas: number[];
    isr: number[];
  }) {
    this.topic = o.topic;
    this.partition = o.partition;
    this.topicId = o.topicId;
    this.log = o.log;
    this.leaderId = o.leaderId;
    this.leaderEpoch = o.leaderEpoch;
    this.replicas = o.replicas;
    this.isr = o.isr;
  }

  get key(): string {
    return partitionKey(this.topic, this.partition);
  }

  isLeader(brokerId: number): boolean {
    return this.leaderId === brokerId;
  }

  /** The ISR the high watermark must respect: a pending expansion counts already, a pending shrink not yet. */
  get maximalIsr(): number[] {
    const p = this.pendingIsr;
    return p?.kind === 'expand' ? p.isr : this.isr;
  }

  follower(brokerId: number): FollowerReplica | undefined {
    return this.followers.get(brokerId);
  }

  /** Adopts the controller's state; `localId` is this broker, never a follower of itself. */
  applyState(state: PartitionState, localId: number, now: number): void {
    this.leaderId = state.leader;
    this.leaderEpoch = state.leaderEpoch;
    this.replicas = [...state.replicas];
    this.isr = [...state.isr];
    this.partitionEpoch = state.partitionEpoch;
    this.addingReplicas = [...state.addingReplicas];
    this.removingReplicas = [...state.removingReplicas];
    this.controlled = true;
    this.pendingIsr = null;
    this.isrChangesBlocked = false;
    this.followers.clear();
    if (state.leader !== localId) return;
    for (const id of state.replicas) {
      if (id === localId) continue;
      const f = new FollowerReplica(id);
      f.reset(now, state.isr.includes(id));
      this.followers.set(id, f);
    }
  }

  /**
   * Raises the high watermark to the smallest log end offset in the maximal ISR, never lowering it.
   * A follower whose offset is still unknown holds it where it is. Returns whether it moved.
   */
  maybeIncrementHighWatermark(localId: number): boolean {
    let hw = this.log.logEndOffset;
    for (const id of this.maximalIsr) {
      if (id === localId) continue;
      const leo = this.followers.get(id)?.logEndOffset ?? -1;
      if (leo < hw) hw = leo;
    }
    if (hw <= this.log.highWatermark) return false;
    this.log.highWatermark = hw;
    return true;
  }

  /** Followers of the ISR (never the leader) that have not caught up within `maxLagMs`. */
  outOfSyncReplicas(localId: number, now: number, maxLagMs: number): number[] {
    const leo = this.log.logEndOffset;
    return this.isr.filter((id) => {
      if (id === localId) return false;
      const f = this.followers.get(id);
      return !f || !f.isCaughtUp(leo, now, maxLagMs);
    });
  }

  /** Kafka's expansion rule: caught up to the high watermark and into this leader's epoch. */
  canJoinIsr(brokerId: number): boolean {
    if (this.maximalIsr.includes(brokerId)) return false;
    const f = this.followers.get(brokerId);
    if (!f || !this.replicas.includes(brokerId)) return false;
    return f.logEndOffset >= this.log.highWatermark && f.logEndOffset >= this.leaderEpochStartOffset;
  }
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
