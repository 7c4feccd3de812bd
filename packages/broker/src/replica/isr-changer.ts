/**
 * ISR changes, proposed by the leader and decided by the controller (KIP-497's AlterPartition, which
 * in ZooKeeper mode the controller applies with a conditional write of the partition state znode).
 *
 * At most one change per partition is outstanding. While an expansion is pending the high watermark
 * already waits for the joining follower (the maximal ISR); while a shrink is pending it still waits
 * for the leaving one. On success the leader adopts the controller's ISR and znode version; on
 * INVALID_UPDATE_VERSION or FENCED_LEADER_EPOCH its view is stale, so it proposes nothing until the
 * next LeaderAndIsr brings the truth; any other failure is forgotten and retried by the next check.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import type { Partition, PendingIsrChange } from './partition.js';

export interface AlterPartitionRequest {
  topic: string;
  topicId: string;
  partition: number;
  leaderId: number;
  leaderEpoch: number;
  newIsr: number[];
  partitionEpoch: number;
}

export interface AlterPartitionResponse {
  errorCode: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
}

/** Sends one ISR change to the controller (the broker implements it with AlterPartition, key 56). */
export type AlterPartitionSender = (request: AlterPartitionRequest) => Promise<AlterPartitionResponse>;

export class IsrChanger {
  constructor(
    private readonly brokerId: number,
    private readonly send: AlterPartitionSender,
    private readonly logger: Logger,
    /** Called after the ISR changed, so the high watermark and waiting produces are re-checked. */
    private readonly onIsrChanged: (p: Partition, kind: PendingIsrChange['kind']) => void,
  ) {}

  /** Proposes `newIsr` unless a change is already in flight or changes are blocked. Returns whether it sent. */
  propose(p: Partition, kind: 'expand' | 'shrink', newIsr: number[]): boolean {
    if (p.pendingIsr || p.isrChangesBlocked) return false;
    const pending = { kind, isr: newIsr };
    p.pendingIsr = pending;
    const epoch = p.leaderEpoch;
    const request: AlterPartitionRequest = {
      topic: p.topic,
      topicId: p.topicId,
      partition: p.partition,
      leaderId: this.brokerId,
      leaderEpoch: epoch,
      newIsr,
      partitionEpoch: p.partitionEpoch,
    };
    this.logger.info({ partition: p.key, isr: p.isr, newIsr, kind }, 'proposing ISR change');
    this.send(request).then(
      (response) => this.onResponse(p, pending, epoch, response),
      (err) => this.onFailure(p, pending, err),
    );
    return true;
  }

  private onResponse(p: Partition, pending: PendingIsrChange, epoch: number, r: AlterPartitionResponse): void {
    // A LeaderAndIsr since we sent replaced the state this answer is about.
    if (p.pendingIsr !== pending || p.leaderEpoch !== epoch) return;
    p.pendingIsr = null;
    if (r.errorCode === ErrorCode.NONE) {
      if (r.leaderEpoch !== p.leaderEpoch || r.partitionEpoch < p.partitionEpoch) return;
      p.isr = [...r.isr];
      p.partitionEpoch = r.partitionEpoch;
      this.logger.info({ partition: p.key, isr: p.isr, partitionEpoch: p.partitionEpoch }, 'ISR changed');
      this.onIsrChanged(p, pending.kind);
      return;
    }
    if (r.errorCode === ErrorCode.INVALID_UPDATE_VERSION || r.errorCode === ErrorCode.FENCED_LEADER_EPOCH) {
      p.isrChangesBlocked = true;
    }
    this.logger.warn({ partition: p.key, errorCode: r.errorCode }, 'ISR change rejected');
  }

  private onFailure(p: Partition, pending: object, err: unknown): void {
    if (p.pendingIsr === pending) p.pendingIsr = null;
    this.logger.warn({ partition: p.key, err: String(err) }, 'ISR change not sent');
  }
}
