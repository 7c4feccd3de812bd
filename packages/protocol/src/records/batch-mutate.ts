import { batchEnd, writeCrc } from './batch-header.js';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  LAST_OFFSET_DELTA_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TimestampType,
} from './batch-layout.js';
import { readInt64Number, writeInt64Number } from './int64.js';

/*
 * In-place rewrites the broker applies to validated batches before appending them. baseOffset and
 * partitionLeaderEpoch lie outside the CRC, so rewriting them is a plain store; the timestamp
 * rewrite touches CRC-covered bytes and recomputes the CRC, as Kafka's setMaxTimestamp does.
 */

export function setBaseOffset(buf: Buffer, pos: number, baseOffset: bigint): void {
  batchEnd(buf, pos);
  buf.writeBigInt64BE(baseOffset, pos + BASE_OFFSET_OFFSET);
}

export function setPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  batchEnd(buf, pos);
  buf.writeInt32BE(epoch, pos + PARTITION_LEADER_EPOCH_OFFSET);
}

/** Recomputes and stores the CRC of the batch at `pos` (after changing CRC-covered bytes). */
export function updateCrc(buf: Buffer, pos: number): void {
  writeCrc(buf, pos, batchEnd(buf, pos));
}

/**
 * Sets the timestamp type bit and maxTimestamp; baseTimestamp and the record deltas are left alone
 * (readers of a LogAppendTime batch report maxTimestamp for every record). No-op when unchanged.
 */
export function setMaxTimestamp(buf: Buffer, pos: number, type: TimestampType, maxTimestamp: number): void {
  if (type !== TimestampType.CreateTime && type !== TimestampType.LogAppendTime) {
    throw new RangeError(`a v2 batch cannot have timestamp type ${type}`);
  }
  batchEnd(buf, pos);
  const attributes = buf.readInt16BE(pos + ATTRIBUTES_OFFSET);
  const currentType = attributes & TIMESTAMP_TYPE_MASK ? TimestampType.LogAppendTime : TimestampType.CreateTime;
  if (currentType === type && readInt64Number(buf, pos + MAX_TIMESTAMP_OFFSET, 'maxTimestamp') === maxTimestamp) {
    return;
  }
  const next =
    type === TimestampType.LogAppendTime ? attributes | TIMESTAMP_TYPE_MASK : attributes & ~TIMESTAMP_TYPE_MASK;
  buf.writeInt16BE(next, pos + ATTRIBUTES_OFFSET);
  writeInt64Number(buf, pos + MAX_TIMESTAMP_OFFSET, maxTimestamp);
  updateCrc(buf, pos);
}

/** The broker's log.message.timestamp.type=LogAppendTime rewrite. */
export function setMaxTimestampLogAppendTime(buf: Buffer, pos: number, logAppendTime: number): void {
  setMaxTimestamp(buf, pos, TimestampType.LogAppendTime, logAppendTime);
}

/**
 * Gives every batch of a (validated) record set consecutive offsets starting at `firstOffset` and
 * returns the next free offset. Each batch occupies lastOffsetDelta + 1 offsets.
 */
export function assignOffsets(buf: Buffer, firstOffset: bigint): bigint {
  let next = firstOffset;
  let pos = 0;
  while (pos < buf.length) {
    const end = batchEnd(buf, pos);
    buf.writeBigInt64BE(next, pos + BASE_OFFSET_OFFSET);
    next += BigInt(buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET) + 1);
    pos = end;
  }
  return next;
}
