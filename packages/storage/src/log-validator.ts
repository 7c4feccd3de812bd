import {
  ATTRIBUTES_OFFSET,
  attributesAt,
  baseOffsetAt,
  baseTimestampAt,
  batchSizeAt,
  COMPRESSION_CODEC_MASK,
  CompressionType,
  crcMatches,
  isControlAt,
  LOG_OVERHEAD,
  lastOffsetAt,
  lastOffsetDeltaAt,
  MAGIC_V2,
  MAX_TIMESTAMP_OFFSET,
  MIN_BATCH_LENGTH,
  magicAt,
  maxTimestampAt,
  PARTITION_LEADER_EPOCH_OFFSET,
  RECORD_BATCH_OVERHEAD,
  recordCountAt,
  TIMESTAMP_TYPE_MASK,
  writeCrc,
  writeInt64At,
} from '@samsa/protocol';
import { StorageError } from './errors.js';
import { isCompacted, type LogConfig, timestampAfterMaxMs, timestampBeforeMaxMs } from './log-config.js';
import { walkRecords } from './record-walk.js';

/** What an append added to the log (Kafka's LogAppendInfo, as far as storage knows it). */
export interface ValidatedRecords {
  firstOffset: number;
  lastOffset: number;
  /** Largest timestamp appended (the append time for LogAppendTime), -1 if none. */
  maxTimestamp: number;
  /** Offset Kafka indexes the max timestamp under: the last offset of the batch that holds it. */
  offsetOfMaxTimestamp: number;
  recordCount: number;
  validBytes: number;
}

export interface LeaderAppendContext {
  nextOffset: number;
  leaderEpoch: number;
  now: number;
  config: LogConfig;
}

/**
 * Checks one batch's framing and returns its end. Only magic 2 is stored: the broker converts
 * legacy v0/v1 message sets before appending.
 */
function checkFraming(buf: Buffer, pos: number): number {
  if (buf.length - pos < RECORD_BATCH_OVERHEAD) {
    throw new StorageError('CORRUPT_MESSAGE', `record set ends inside a batch header at byte ${pos}`);
  }
  const magic = magicAt(buf, pos);
  if (magic === 0 || magic === 1) {
    throw new StorageError(
      'UNSUPPORTED_FOR_MESSAGE_FORMAT',
      `batch at byte ${pos} has magic ${magic}; only v2 is stored`,
    );
  }
  if (magic !== MAGIC_V2) throw new StorageError('CORRUPT_MESSAGE', `batch at byte ${pos} has unknown magic ${magic}`);
  const size = batchSizeAt(buf, pos);
  if (size < LOG_OVERHEAD + MIN_BATCH_LENGTH || pos + size > buf.length) {
    throw new StorageError(
      'CORRUPT_MESSAGE',
      `batch at byte ${pos} has length ${size - LOG_OVERHEAD}, ${buf.length - pos} bytes left`,
    );
  }
  return pos + size;
}

function checkBatch(buf: Buffer, pos: number, end: number, maxMessageBytes: number): void {
  if (end - pos > maxMessageBytes) {
    throw new StorageError(
      'MESSAGE_TOO_LARGE',
      `batch of ${end - pos} bytes exceeds max.message.bytes ${maxMessageBytes}`,
    );
  }
  if (!crcMatches(buf, pos, end)) throw new StorageError('CORRUPT_MESSAGE', `batch at byte ${pos} fails its CRC check`);
  const codec = attributesAt(buf, pos) & COMPRESSION_CODEC_MASK;
  if (codec > CompressionType.Zstd)
    throw new StorageError('CORRUPT_MESSAGE', `batch at byte ${pos} has unknown codec ${codec}`);
  const count = recordCountAt(buf, pos);
  const delta = lastOffsetDeltaAt(buf, pos);
  if (count < 0 || delta < 0 || count > delta + 1) {
    throw new StorageError('INVALID_RECORD', `batch at byte ${pos} has ${count} records and lastOffsetDelta ${delta}`);
  }
}

function checkTimestamp(ts: number, now: number, beforeMax: number, afterMax: number): void {
  if (ts === -1) return;
  if (now - ts > beforeMax || ts - now > afterMax) {
    throw new StorageError(
      'INVALID_TIMESTAMP',
      `timestamp ${ts} is out of range for broker time ${now} (before.max.ms ${beforeMax}, after.max.ms ${afterMax})`,
    );
  }
}

function checkKeys(buf: Buffer, pos: number, end: number): void {
  walkRecords(buf, pos, end, (r) => {
    if (r.keyLength < 0) throw new StorageError('INVALID_RECORD', 'compacted topic cannot accept a record without key');
    return true;
  });
}

/**
 * Kafka's LogValidator for appends as leader, without decoding records: validates every batch, then
 * rewrites in place the fields the broker owns — baseOffset and partitionLeaderEpoch (outside the
 * CRC), and for LogAppendTime topics the timestamp-type bit and maxTimestamp (inside it, so the CRC is
 * recomputed). Records are only walked for compacted topics, where every record needs a key.
 *
 * CreateTime bounds are checked on each batch's baseTimestamp and maxTimestamp rather than on every
 * record (the header holds no minimum timestamp), which keeps this path free of per-record work.
 */
export function validateAndAssignOffsets(records: Buffer, ctx: LeaderAppendContext): ValidatedRecords {
  const { config, now } = ctx;
  if (records.length > config['segment.bytes']) {
    throw new StorageError(
      'RECORD_LIST_TOO_LARGE',
      `record set of ${records.length} bytes exceeds segment.bytes ${config['segment.bytes']}`,
    );
  }
  const createTime = config['message.timestamp.type'] === 'CreateTime';
  const beforeMax = timestampBeforeMaxMs(config);
  const afterMax = timestampAfterMaxMs(config);
  const compacted = isCompacted(config);
  for (let pos = 0; pos < records.length; ) {
    const end = checkFraming(records, pos);
    checkBatch(records, pos, end, config['max.message.bytes']);
    if (createTime) {
      checkTimestamp(baseTimestampAt(records, pos), now, beforeMax, afterMax);
      checkTimestamp(maxTimestampAt(records, pos), now, beforeMax, afterMax);
    }
    if (compacted && !isControlAt(records, pos)) checkKeys(records, pos, end);
    pos = end;
  }

  const result: ValidatedRecords = {
    firstOffset: ctx.nextOffset,
    lastOffset: ctx.nextOffset - 1,
    maxTimestamp: -1,
    offsetOfMaxTimestamp: -1,
    recordCount: 0,
    validBytes: records.length,
  };
  for (let pos = 0; pos < records.length; ) {
    const end = pos + batchSizeAt(records, pos);
    writeInt64At(records, pos, result.lastOffset + 1);
    records.writeInt32BE(ctx.leaderEpoch, pos + PARTITION_LEADER_EPOCH_OFFSET);
    if (!createTime) {
      records.writeInt16BE(records.readInt16BE(pos + ATTRIBUTES_OFFSET) | TIMESTAMP_TYPE_MASK, pos + ATTRIBUTES_OFFSET);
      writeInt64At(records, pos + MAX_TIMESTAMP_OFFSET, now);
      writeCrc(records, pos, end);
    }
    result.lastOffset = lastOffsetAt(records, pos);
    result.recordCount += recordCountAt(records, pos);
    const ts = maxTimestampAt(records, pos);
    if (ts > result.maxTimestamp) {
      result.maxTimestamp = ts;
      result.offsetOfMaxTimestamp = result.lastOffset;
    }
    pos = end;
  }
  return result;
}

/**
 * Validation for appends as follower (replication): batches keep the offsets the leader gave them,
 * which must start at or after the log end offset and increase.
 */
export function validateFollowerRecords(records: Buffer, logEndOffset: number, config: LogConfig): ValidatedRecords {
  const result: ValidatedRecords = {
    firstOffset: -1,
    lastOffset: -1,
    maxTimestamp: -1,
    offsetOfMaxTimestamp: -1,
    recordCount: 0,
    validBytes: records.length,
  };
  let nextAllowed = logEndOffset;
  for (let pos = 0; pos < records.length; ) {
    const end = checkFraming(records, pos);
    // Followers must store what the leader accepted, whatever this replica's max.message.bytes.
    checkBatch(records, pos, end, Number.POSITIVE_INFINITY);
    const base = baseOffsetAt(records, pos);
    if (base < nextAllowed) {
      throw new StorageError(
        'UNKNOWN_SERVER_ERROR',
        `batch at offset ${base} is below the expected offset ${nextAllowed}`,
      );
    }
    if (result.firstOffset < 0) result.firstOffset = base;
    result.lastOffset = lastOffsetAt(records, pos);
    nextAllowed = result.lastOffset + 1;
    result.recordCount += recordCountAt(records, pos);
    const ts = maxTimestampAt(records, pos);
    if (ts > result.maxTimestamp) {
      result.maxTimestamp = ts;
      result.offsetOfMaxTimestamp = result.lastOffset;
    }
    pos = end;
  }
  if (records.length > config['segment.bytes']) {
    throw new StorageError('RECORD_LIST_TOO_LARGE', `record set of ${records.length} bytes exceeds segment.bytes`);
  }
  return result;
}
