import { Writer } from '../io/writer.js';
import {
  CONTROL_MASK,
  DELETE_HORIZON_MASK,
  LOG_OVERHEAD,
  MAGIC_V2,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  TIMESTAMP_TYPE_MASK,
  TimestampType,
  TRANSACTIONAL_MASK,
} from './batch-layout.js';
import { CompressionType, type CompressOptions, compress } from './compression/index.js';
import { crc32c } from './crc32c.js';
import { checkSafe, writeInt64NumberTo } from './int64.js';
import { type RecordInput, writeRecord } from './record.js';

export interface RecordBatchInput {
  /** Default 0: producers send 0 and the broker assigns the real offset. */
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  compression?: CompressionType;
  compressionOptions?: CompressOptions;
  timestampType?: TimestampType.CreateTime | TimestampType.LogAppendTime;
  isTransactional?: boolean;
  isControl?: boolean;
  /** Marks baseTimestamp as the delete horizon (set by log compaction, KIP-534). */
  hasDeleteHorizon?: boolean;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  /** Default: the first record's timestamp, or Date.now() if it has none; -1 for an empty batch. */
  baseTimestamp?: number;
  /** Default: the largest record timestamp (for LogAppendTime, pass the append time). */
  maxTimestamp?: number;
  /** Default: the last record's offsetDelta (0 for an empty batch); larger after compaction. */
  lastOffsetDelta?: number;
  records: RecordInput[];
}

const INT32_MAX = 0x7fffffff;

function attributesOf(input: RecordBatchInput): number {
  return (
    (input.compression ?? CompressionType.None) |
    (input.timestampType === TimestampType.LogAppendTime ? TIMESTAMP_TYPE_MASK : 0) |
    (input.isTransactional ? TRANSACTIONAL_MASK : 0) |
    (input.isControl ? CONTROL_MASK : 0) |
    (input.hasDeleteHorizon ? DELETE_HORIZON_MASK : 0)
  );
}

// Records of compressed batches are staged here before compression; reused across calls (all
// encoding is synchronous), and dropped after an unusually large batch so memory is not pinned.
let staging = new Writer(64 * 1024);
const STAGING_KEEP_LIMIT = 8 * 1024 * 1024;

/**
 * Appends one v2 record batch to `w`, computing offset and timestamp deltas, lastOffsetDelta,
 * maxTimestamp, batchLength and the CRC-32C. Invalid input (offsetDeltas not increasing, unsafe
 * timestamps) throws RangeError: it is a caller bug, not bad wire data.
 */
export function writeRecordBatch(w: Writer, input: RecordBatchInput): void {
  const records = input.records;
  const n = records.length;
  const now = n > 0 && records[0]?.timestamp === undefined ? Date.now() : NO_TIMESTAMP;
  const baseTimestamp = input.baseTimestamp ?? (n > 0 ? (records[0]?.timestamp ?? now) : NO_TIMESTAMP);
  checkSafe(baseTimestamp, 'baseTimestamp');

  // First pass: deltas and the header fields derived from them.
  let maxTimestamp = NO_TIMESTAMP;
  let lastDelta = -1;
  for (let i = 0; i < n; i++) {
    const r = records[i] as RecordInput;
    const delta = r.offsetDelta ?? i;
    if (!Number.isInteger(delta) || delta <= lastDelta || delta > INT32_MAX) {
      throw new RangeError(`record ${i} has offsetDelta ${delta}; deltas must increase from 0 within int32`);
    }
    lastDelta = delta;
    const ts = r.timestamp ?? baseTimestamp;
    checkSafe(ts, `record ${i} timestamp`);
    checkSafe(ts - baseTimestamp, `record ${i} timestamp delta`);
    if (ts > maxTimestamp) maxTimestamp = ts;
  }
  const lastOffsetDelta = input.lastOffsetDelta ?? Math.max(lastDelta, 0);
  if (lastOffsetDelta < lastDelta || lastOffsetDelta > INT32_MAX) {
    throw new RangeError(`lastOffsetDelta ${lastOffsetDelta} is below the last record's offsetDelta ${lastDelta}`);
  }

  const start = w.pos;
  w.int64(input.baseOffset ?? 0n);
  const lengthAt = w.reserveInt32();
  w.int32(input.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH);
  w.int8(MAGIC_V2);
  const crcAt = w.reserveInt32();
  const crcStart = w.pos;
  w.int16(attributesOf(input));
  w.int32(lastOffsetDelta);
  writeInt64NumberTo(w, baseTimestamp);
  writeInt64NumberTo(w, input.maxTimestamp ?? maxTimestamp);
  w.int64(input.producerId ?? NO_PRODUCER_ID);
  w.int16(input.producerEpoch ?? NO_PRODUCER_EPOCH);
  w.int32(input.baseSequence ?? NO_SEQUENCE);
  w.int32(n);

  const compression = input.compression ?? CompressionType.None;
  const target = compression === CompressionType.None ? w : staging.reset();
  for (let i = 0; i < n; i++) {
    const r = records[i] as RecordInput;
    writeRecord(target, r, r.offsetDelta ?? i, (r.timestamp ?? baseTimestamp) - baseTimestamp);
  }
  if (target !== w) {
    w.copy(compress(compression, staging.view(0), input.compressionOptions));
    if (staging.pos > STAGING_KEEP_LIMIT) staging = new Writer(64 * 1024);
  }

  w.patchInt32(lengthAt, w.pos - start - LOG_OVERHEAD);
  w.patchInt32(crcAt, crc32c(w.view(crcStart)) | 0);
}

let output = new Writer(64 * 1024);

/** Encodes one v2 record batch into a new Buffer of exactly its size. */
export function encodeRecordBatch(input: RecordBatchInput): Buffer {
  writeRecordBatch(output.reset(), input);
  const out = output.toBuffer();
  if (output.pos > STAGING_KEEP_LIMIT) output = new Writer(64 * 1024);
  return out;
}
