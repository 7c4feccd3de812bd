import { ProtocolError } from '../errors/protocol-error.js';
import { batchEnd, RecordBatchView } from './batch-header.js';
import {
  ATTRIBUTES_OFFSET,
  CRC_OFFSET,
  LAST_OFFSET_DELTA_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  MIN_RECORD_SIZE,
  NO_TIMESTAMP,
  RECORD_COUNT_OFFSET,
  RECORDS_OFFSET,
} from './batch-layout.js';
import { CompressionType, compressionFromAttributes } from './compression/compression-type.js';
import { crc32c } from './crc32c.js';
import { readInt64Number } from './int64.js';

export interface ValidateBatchOptions {
  /** Default true. Off only for bytes that were already verified (e.g. re-reading our own log). */
  verifyCrc?: boolean;
  /**
   * Kafka's extra rule for batches from producers: at least one record and recordCount ===
   * lastOffsetDelta + 1. Batches rewritten by compaction legitimately have gaps, so it is opt-in.
   */
  requireContiguousOffsets?: boolean;
}

/**
 * Validates the v2 batch at `pos` without decoding its records and returns the position after it:
 * framing and magic, CRC-32C over attributes..end, a known codec, and a record count consistent
 * with lastOffsetDelta and (uncompressed) with the bytes present. Throws ProtocolError otherwise.
 */
export function validateBatch(buf: Buffer, pos = 0, options: ValidateBatchOptions = {}): number {
  const end = batchEnd(buf, pos);
  if (options.verifyCrc !== false) {
    const stored = buf.readUInt32BE(pos + CRC_OFFSET);
    const computed = crc32c(buf.subarray(pos + ATTRIBUTES_OFFSET, end));
    if (stored !== computed) {
      throw new ProtocolError(
        'CORRUPT_RECORD',
        `batch at offset ${pos} has CRC ${hex(stored)}, computed ${hex(computed)} over its ${end - pos - ATTRIBUTES_OFFSET} bytes`,
      );
    }
  }
  const compression = compressionFromAttributes(buf.readInt16BE(pos + ATTRIBUTES_OFFSET));
  const count = buf.readInt32BE(pos + RECORD_COUNT_OFFSET);
  const lastOffsetDelta = buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
  if (count < 0) throw new ProtocolError('CORRUPT_RECORD', `batch at offset ${pos} has record count ${count}`);
  if (lastOffsetDelta < 0) {
    throw new ProtocolError('CORRUPT_RECORD', `batch at offset ${pos} has lastOffsetDelta ${lastOffsetDelta}`);
  }
  // Each record has a distinct offsetDelta in [0, lastOffsetDelta].
  if (count > lastOffsetDelta + 1) {
    throw new ProtocolError(
      'CORRUPT_RECORD',
      `batch at offset ${pos} claims ${count} records within ${lastOffsetDelta + 1} offsets`,
    );
  }
  if (compression === CompressionType.None && count * MIN_RECORD_SIZE > end - pos - RECORDS_OFFSET) {
    throw new ProtocolError(
      'CORRUPT_RECORD',
      `batch at offset ${pos} claims ${count} records in ${end - pos - RECORDS_OFFSET} bytes`,
    );
  }
  if (options.requireContiguousOffsets && (count === 0 || count !== lastOffsetDelta + 1)) {
    throw new ProtocolError(
      'CORRUPT_RECORD',
      `batch at offset ${pos} has ${count} records but lastOffsetDelta ${lastOffsetDelta}`,
    );
  }
  return end;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export interface IterateBatchesOptions extends ValidateBatchOptions {
  /** Default true: validate each batch (validateBatch) before yielding it; false checks framing only. */
  validate?: boolean;
  /**
   * Stop quietly at a truncated last batch instead of throwing. Fetch responses may end with a
   * partial batch (the broker cuts at the byte limit); produce requests may not.
   */
  allowTruncatedTail?: boolean;
}

/** Yields a header view per v2 batch of a record set. Only one small object per batch is created. */
export function* iterateBatches(buf: Buffer, options: IterateBatchesOptions = {}): Generator<RecordBatchView> {
  let pos = 0;
  while (pos < buf.length) {
    let end: number;
    try {
      end = options.validate === false ? batchEnd(buf, pos) : validateBatch(buf, pos, options);
    } catch (err) {
      if (options.allowTruncatedTail && err instanceof ProtocolError && err.code === 'TRUNCATED') return;
      throw err;
    }
    yield new RecordBatchView(buf, pos);
    pos = end;
  }
}

export interface RecordSetSummary {
  batchCount: number;
  recordCount: number;
  /** Offsets the set occupies: the sum of lastOffsetDelta + 1, what the broker must assign. */
  offsetCount: number;
  /** Largest maxTimestamp of any batch, -1 if none has one. */
  maxTimestamp: number;
  sizeInBytes: number;
}

/**
 * Validates every batch of a record set (a produce request's records field) without decoding a
 * single record and without allocating per batch. Throws on the first invalid batch.
 */
export function validateRecordSet(buf: Buffer, options: ValidateBatchOptions = {}): RecordSetSummary {
  let batchCount = 0;
  let recordCount = 0;
  let offsetCount = 0;
  let maxTimestamp = NO_TIMESTAMP;
  let pos = 0;
  while (pos < buf.length) {
    const end = validateBatch(buf, pos, options);
    batchCount++;
    recordCount += buf.readInt32BE(pos + RECORD_COUNT_OFFSET);
    offsetCount += buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET) + 1;
    const ts = readInt64Number(buf, pos + MAX_TIMESTAMP_OFFSET, 'maxTimestamp');
    if (ts > maxTimestamp) maxTimestamp = ts;
    pos = end;
  }
  return { batchCount, recordCount, offsetCount, maxTimestamp, sizeInBytes: buf.length };
}
