import type { TimestampType } from './batch-layout.js';
import type { CompressionType } from './compression/compression-type.js';

/**
 * Shapes shared by the v2 and legacy decoders. Offsets and producer ids are bigint (they are int64
 * and do exceed 2^53 in long-lived logs' arithmetic); timestamps are numbers of milliseconds since
 * the epoch (int64 on the wire, always within 2^53 in practice; see int64.ts).
 */

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  offset: bigint;
  /** For LogAppendTime batches this is the batch's maxTimestamp, as in Kafka. -1 when absent. */
  timestamp: number;
  /** Views into the input (uncompressed batches) or into the decompressed buffer: copy to retain. */
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface RecordBatchHeader {
  baseOffset: bigint;
  /** Bytes after the batchLength field (for legacy entries: the message size). */
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  /** Stored checksum, unsigned: CRC-32C for magic 2, CRC-32 for magic 0 and 1. */
  crc: number;
  attributes: number;
  compression: CompressionType;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  hasDeleteHorizon: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface RecordBatch extends RecordBatchHeader {
  records: DecodedRecord[];
}
