import { ProtocolError } from '../errors/protocol-error.js';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_LENGTH_OFFSET,
  CONTROL_MASK,
  CRC_OFFSET,
  DELETE_HORIZON_MASK,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAGIC_V2,
  MAX_TIMESTAMP_OFFSET,
  MIN_BATCH_LENGTH,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORD_COUNT_OFFSET,
  RECORDS_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TimestampType,
  TRANSACTIONAL_MASK,
} from './batch-layout.js';
import { type CompressionType, compressionFromAttributes } from './compression/compression-type.js';
import { crc32c } from './crc32c.js';
import { int64At, readInt64Number } from './int64.js';
import type { RecordBatchHeader } from './types.js';

/**
 * Checks the framing of the log entry at `pos` (enough bytes for offset + length, length not
 * negative, entry within `buf`) and returns its end. Shared by v2 batches and legacy messages.
 * Truncation is reported as TRUNCATED so fetch-response readers can ignore a partial last entry.
 */
export function logEntryEnd(buf: Buffer, pos: number, minLength: number): number {
  if (pos + LOG_OVERHEAD > buf.length) {
    throw new ProtocolError('TRUNCATED', `record set ends inside the log entry header at offset ${pos}`);
  }
  const length = buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
  if (length < minLength) {
    throw new ProtocolError('CORRUPT_RECORD', `log entry at offset ${pos} has length ${length}, below ${minLength}`);
  }
  const end = pos + LOG_OVERHEAD + length;
  if (end > buf.length) {
    throw new ProtocolError(
      'TRUNCATED',
      `log entry at offset ${pos} needs ${length} bytes, ${buf.length - pos - LOG_OVERHEAD} left`,
    );
  }
  return end;
}

/** Framing plus magic check for a v2 batch at `pos`; returns its end. Does not check the CRC. */
export function batchEnd(buf: Buffer, pos: number): number {
  const end = logEntryEnd(buf, pos, MIN_BATCH_LENGTH);
  const magic = buf.readInt8(pos + MAGIC_OFFSET);
  if (magic !== MAGIC_V2) {
    throw new ProtocolError('CORRUPT_RECORD', `batch at offset ${pos} has magic ${magic}, expected ${MAGIC_V2}`);
  }
  return end;
}

/**
 * Zero-copy view of one v2 batch header: every getter reads the underlying bytes, so a broker can
 * validate and rewrite batches without materialising them. Construction checks the framing only.
 */
export class RecordBatchView {
  readonly end: number;

  constructor(
    readonly buf: Buffer,
    readonly pos = 0,
  ) {
    this.end = batchEnd(buf, pos);
  }

  /** Whole batch bytes, including the 12-byte offset/length prefix. */
  get size(): number {
    return this.end - this.pos;
  }
  get baseOffset(): bigint {
    return this.buf.readBigInt64BE(this.pos + BASE_OFFSET_OFFSET);
  }
  get lastOffset(): bigint {
    return this.baseOffset + BigInt(this.lastOffsetDelta);
  }
  get batchLength(): number {
    return this.buf.readInt32BE(this.pos + BATCH_LENGTH_OFFSET);
  }
  get partitionLeaderEpoch(): number {
    return this.buf.readInt32BE(this.pos + PARTITION_LEADER_EPOCH_OFFSET);
  }
  get magic(): number {
    return this.buf.readInt8(this.pos + MAGIC_OFFSET);
  }
  get crc(): number {
    return this.buf.readUInt32BE(this.pos + CRC_OFFSET);
  }
  get attributes(): number {
    return this.buf.readInt16BE(this.pos + ATTRIBUTES_OFFSET);
  }
  get compression(): CompressionType {
    return compressionFromAttributes(this.attributes);
  }
  get timestampType(): TimestampType {
    return this.attributes & TIMESTAMP_TYPE_MASK ? TimestampType.LogAppendTime : TimestampType.CreateTime;
  }
  get isTransactional(): boolean {
    return (this.attributes & TRANSACTIONAL_MASK) !== 0;
  }
  get isControl(): boolean {
    return (this.attributes & CONTROL_MASK) !== 0;
  }
  get hasDeleteHorizon(): boolean {
    return (this.attributes & DELETE_HORIZON_MASK) !== 0;
  }
  get lastOffsetDelta(): number {
    return this.buf.readInt32BE(this.pos + LAST_OFFSET_DELTA_OFFSET);
  }
  get baseTimestamp(): number {
    return readInt64Number(this.buf, this.pos + BASE_TIMESTAMP_OFFSET, 'baseTimestamp');
  }
  get maxTimestamp(): number {
    return readInt64Number(this.buf, this.pos + MAX_TIMESTAMP_OFFSET, 'maxTimestamp');
  }
  get producerId(): bigint {
    return this.buf.readBigInt64BE(this.pos + PRODUCER_ID_OFFSET);
  }
  get producerEpoch(): number {
    return this.buf.readInt16BE(this.pos + PRODUCER_EPOCH_OFFSET);
  }
  get baseSequence(): number {
    return this.buf.readInt32BE(this.pos + BASE_SEQUENCE_OFFSET);
  }
  get recordCount(): number {
    return this.buf.readInt32BE(this.pos + RECORD_COUNT_OFFSET);
  }
  /** The records section: raw records, or the compressed stream when compression is not None. */
  get recordsData(): Buffer {
    return this.buf.subarray(this.pos + RECORDS_OFFSET, this.end);
  }

  /** A plain-object snapshot of the header. */
  toHeader(): RecordBatchHeader {
    const attributes = this.attributes;
    return {
      baseOffset: this.baseOffset,
      batchLength: this.batchLength,
      partitionLeaderEpoch: this.partitionLeaderEpoch,
      magic: this.magic,
      crc: this.crc,
      attributes,
      compression: compressionFromAttributes(attributes),
      timestampType: attributes & TIMESTAMP_TYPE_MASK ? TimestampType.LogAppendTime : TimestampType.CreateTime,
      isTransactional: (attributes & TRANSACTIONAL_MASK) !== 0,
      isControl: (attributes & CONTROL_MASK) !== 0,
      hasDeleteHorizon: (attributes & DELETE_HORIZON_MASK) !== 0,
      lastOffsetDelta: this.lastOffsetDelta,
      baseTimestamp: this.baseTimestamp,
      maxTimestamp: this.maxTimestamp,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: this.baseSequence,
      recordCount: this.recordCount,
    };
  }
}

/** Reads the header of the v2 batch at `pos` (framing and magic checked, CRC not: see validateBatch). */
export function readBatchHeader(buf: Buffer, pos = 0): RecordBatchHeader {
  return new RecordBatchView(buf, pos).toHeader();
}

/*
 * Number-valued reads of the header fields of the v2 batch at `pos`, for the log's hot paths
 * (append validation, index building, read positioning, recovery): no view object, no BigInt, no
 * framing check (the caller has one). Offsets are JS numbers, exact up to 2^53 (see int64At).
 */

/** Whole batch size: the 12-byte offset/length prefix plus batchLength. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
}

export function baseOffsetAt(buf: Buffer, pos: number): number {
  return int64At(buf, pos + BASE_OFFSET_OFFSET);
}

export function lastOffsetDeltaAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
}

export function lastOffsetAt(buf: Buffer, pos: number): number {
  return baseOffsetAt(buf, pos) + lastOffsetDeltaAt(buf, pos);
}

export function magicAt(buf: Buffer, pos: number): number {
  return buf.readInt8(pos + MAGIC_OFFSET);
}

export function attributesAt(buf: Buffer, pos: number): number {
  return buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
}

export function isControlAt(buf: Buffer, pos: number): boolean {
  return (attributesAt(buf, pos) & CONTROL_MASK) !== 0;
}

export function isTransactionalAt(buf: Buffer, pos: number): boolean {
  return (attributesAt(buf, pos) & TRANSACTIONAL_MASK) !== 0;
}

export function isLogAppendTimeAt(buf: Buffer, pos: number): boolean {
  return (attributesAt(buf, pos) & TIMESTAMP_TYPE_MASK) !== 0;
}

export function leaderEpochAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + PARTITION_LEADER_EPOCH_OFFSET);
}

export function baseTimestampAt(buf: Buffer, pos: number): number {
  return int64At(buf, pos + BASE_TIMESTAMP_OFFSET);
}

export function maxTimestampAt(buf: Buffer, pos: number): number {
  return int64At(buf, pos + MAX_TIMESTAMP_OFFSET);
}

/** The producer id as a number (-1 when the batch has none). */
export function producerIdAt(buf: Buffer, pos: number): number {
  return int64At(buf, pos + PRODUCER_ID_OFFSET);
}

export function recordCountAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + RECORD_COUNT_OFFSET);
}

/** CRC-32C over attributes..end, as stored in the header. */
export function computeCrc(buf: Buffer, pos: number, end: number): number {
  return crc32c(buf.subarray(pos + ATTRIBUTES_OFFSET, end));
}

export function crcMatches(buf: Buffer, pos: number, end: number): boolean {
  return buf.readUInt32BE(pos + CRC_OFFSET) === computeCrc(buf, pos, end);
}

export function writeCrc(buf: Buffer, pos: number, end: number): void {
  buf.writeUInt32BE(computeCrc(buf, pos, end), pos + CRC_OFFSET);
}
