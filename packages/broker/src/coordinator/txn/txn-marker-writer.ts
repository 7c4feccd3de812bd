/**
 * How the transaction coordinator gets its COMMIT/ABORT markers written to the partitions of a
 * transaction. On a single node every partition is led here, so the markers are appended locally
 * (LocalTxnMarkerWriter); in a cluster each goes to its partition's leader with WriteTxnMarkers
 * (RemoteTxnMarkerWriter, Kafka's TransactionMarkerChannelManager).
 */
import { ErrorCode } from '@samsa/protocol';
import type { MarkerRequest, TxnMarkerAppender } from './txn-marker-appender.js';
import type { TxnPartition } from './txn-metadata.js';

export type { MarkerRequest } from './txn-marker-appender.js';

export interface TxnMarkerWriter {
  /**
   * Per-partition error codes, aligned with `partitions`. A writer may keep retrying while
   * `stillWanted()` holds (the coordinator still owns the transaction in the same state).
   */
  write(
    marker: MarkerRequest,
    partitions: readonly TxnPartition[],
    now: number,
    stillWanted: () => boolean,
  ): Promise<number[]>;
  close?(): void;
}

/** Single node: appends here. Partitions that no longer exist (deleted topics) are skipped, as Kafka does. */
export class LocalTxnMarkerWriter implements TxnMarkerWriter {
  constructor(private readonly appender: TxnMarkerAppender) {}

  async write(marker: MarkerRequest, partitions: readonly TxnPartition[], now: number): Promise<number[]> {
    const codes = await this.appender.append(marker, partitions, now);
    return codes.map((c) => (c === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ? ErrorCode.NONE : c));
  }
}
