/**
 * Appends transaction markers as the leader of the partitions (what WriteTxnMarkers does on the
 * receiving broker, and what the coordinator does for partitions it leads itself), with acks=all:
 * the answer comes once the markers are in the ISR, as Kafka appends them with acks=-1.
 *
 * A commit marker for a __consumer_offsets partition first makes the transaction's offsets visible:
 * the offsets its TxnOffsetCommits appended there as transactional records are read back and
 * written as ordinary commits, then the marker closes those records. A crash in between leaves the
 * transaction open in that partition, so the coordinator's retry finds the same offsets again.
 *
 * Stateless apart from its collaborators; each call's partitions are handled one after another.
 */
import type { Logger } from '@samsa/common';
import { ControlRecordType, ErrorCode, encodeEndTxnMarkerBatch } from '@samsa/protocol';
import type { AppendedPartition, ReplicaManager } from '../../replica/replica-manager.js';
import { OFFSETS_TOPIC } from '../group/group-partition.js';
import type { TxnPartition } from './txn-metadata.js';
import type { TxnOffsetLog } from './txn-offset-log.js';
import type { TxnOffsetGroups } from './txn-offsets.js';

export interface MarkerRequest {
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
  commit: boolean;
}

export interface TxnMarkerAppenderOptions {
  replicas: ReplicaManager;
  groups: Pick<TxnOffsetGroups, 'commit'>;
  offsetLog: Pick<TxnOffsetLog, 'readOpen'>;
  /** How long to wait for the ISR (request.timeout.ms). */
  replicationTimeoutMs: number;
  logger: Logger;
}

export class TxnMarkerAppender {
  constructor(private readonly opts: TxnMarkerAppenderOptions) {}

  /** Kafka's error code per partition, aligned with `partitions`; UNKNOWN_TOPIC_OR_PARTITION if not hosted here. */
  async append(marker: MarkerRequest, partitions: readonly TxnPartition[], now: number): Promise<number[]> {
    const { replicas } = this.opts;
    const appended: AppendedPartition[] = [];
    const codes: number[] = [];
    for (const { topic, partition } of partitions) {
      let code = this.fencing(marker, topic, partition);
      if (code === ErrorCode.NONE && marker.commit && topic === OFFSETS_TOPIC) {
        code = await this.publishOffsets(partition, marker.producerId);
      }
      if (code === ErrorCode.NONE) {
        const batch = encodeEndTxnMarkerBatch({
          type: marker.commit ? ControlRecordType.Commit : ControlRecordType.Abort,
          producerId: BigInt(marker.producerId),
          producerEpoch: marker.producerEpoch,
          coordinatorEpoch: marker.coordinatorEpoch,
          timestamp: now,
        });
        const result = replicas.appendRecords({
          topic,
          partition,
          records: batch,
          acks: -1,
          now,
          origin: 'coordinator',
        });
        code = result.errorCode;
        if (code === ErrorCode.NONE) appended.push({ topic, partition, result });
      }
      codes.push(code);
    }
    if (appended.length > 0) {
      const replicated = await replicas.awaitReplication(appended, this.opts.replicationTimeoutMs);
      for (const [i, r] of replicated.entries()) {
        const at = partitions.findIndex(
          (p) => p.topic === appended[i]?.topic && p.partition === appended[i]?.partition,
        );
        codes[at] = r.errorCode;
      }
    }
    for (const [i, code] of codes.entries()) {
      if (code === ErrorCode.NONE || code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) continue;
      this.opts.logger.warn(
        { ...partitions[i], errorCode: code, producerId: marker.producerId, commit: marker.commit },
        'marker write failed',
      );
    }
    return codes;
  }

  /**
   * The checks the log makes when the marker is appended, made before offsets are published: a
   * zombie coordinator (older coordinator epoch) or an older producer epoch must not publish.
   */
  private fencing(marker: MarkerRequest, topic: string, partition: number): number {
    const p = this.opts.replicas.getPartition(topic, partition);
    if (!p) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (!p.isLeader(this.opts.replicas.brokerId)) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
    const entry = p.log.producerState.get(marker.producerId);
    if (!entry) return ErrorCode.NONE;
    if (marker.producerEpoch < entry.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (marker.coordinatorEpoch < entry.coordinatorEpoch) return ErrorCode.TRANSACTION_COORDINATOR_FENCED;
    return ErrorCode.NONE;
  }

  /** Writes the producer's open transactional offsets in this partition as ordinary commits. */
  private async publishOffsets(partition: number, producerId: number): Promise<number> {
    for (const { groupId, offsets } of this.opts.offsetLog.readOpen(partition, producerId)) {
      const results = await this.opts.groups.commit(groupId, offsets);
      const failed = results.find((c) => c !== ErrorCode.NONE);
      if (failed !== undefined) {
        this.opts.logger.warn(
          { groupId, partition, producerId, errorCode: failed },
          'transactional offsets not written',
        );
        return failed;
      }
    }
    return ErrorCode.NONE;
  }
}
