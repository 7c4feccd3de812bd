/**
 * Writes transaction markers (control batches) to the partitions of a transaction — Kafka's
 * TransactionMarkerChannelManager sends WriteTxnMarkers to each partition leader; on a single
 * node every leader is this broker, so the markers are appended locally and synchronously.
 * Partitions that no longer exist (deleted topics) are skipped, as Kafka does.
 */
import { ControlRecordType, ErrorCode, encodeEndTxnMarkerBatch } from '@samsa/protocol';
import type { Logger } from '../../logger.js';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import type { TxnPartition } from './txn-metadata.js';

export interface MarkerRequest {
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
  commit: boolean;
}

export interface TxnMarkerWriter {
  /** Per-partition error codes, aligned with `partitions`. */
  write(marker: MarkerRequest, partitions: readonly TxnPartition[], now: number): number[];
}

export class LocalTxnMarkerWriter implements TxnMarkerWriter {
  constructor(
    private readonly replicas: ReplicaManager,
    private readonly logger: Logger,
  ) {}

  write(marker: MarkerRequest, partitions: readonly TxnPartition[], now: number): number[] {
    return partitions.map(({ topic, partition }) => {
      const batch = encodeEndTxnMarkerBatch({
        type: marker.commit ? ControlRecordType.Commit : ControlRecordType.Abort,
        producerId: BigInt(marker.producerId),
        producerEpoch: marker.producerEpoch,
        coordinatorEpoch: marker.coordinatorEpoch,
        timestamp: now,
      });
      const r = this.replicas.appendRecords(topic, partition, batch, -1, now, 'coordinator');
      if (r.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) return ErrorCode.NONE;
      if (r.errorCode !== ErrorCode.NONE) {
        this.logger.warn(
          { topic, partition, errorCode: r.errorCode, producerId: marker.producerId },
          'marker write failed',
        );
      }
      return r.errorCode;
    });
  }
}
