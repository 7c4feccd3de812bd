import {
  ATTRIBUTES_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  BATCH_LENGTH_OFFSET,
  CONTROL_MASK,
  CRC_OFFSET,
  crc32c,
  LAST_OFFSET_DELTA_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  RECORD_COUNT_OFFSET,
  RECORDS_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
} from '@samsa/protocol';

/*
 * Number-valued reads of magic-2 batch header fields at `pos` in a buffer, for the storage hot paths
 * (append validation, index building, read positioning). The records library's RecordBatchView
 * returns offsets as bigint; the log keeps offsets and positions as JS numbers, exact up to 2^53
 * (9 * 10^15 offsets: ~285 years at a million records per second), so no BigInt is allocated here.
 * int64 fields are read and written as two 32-bit halves.
 */

/** Bytes of the fixed header, up to and including recordCount (the records start here). */
export const BATCH_HEADER_SIZE = RECORDS_OFFSET;
export { LOG_OVERHEAD };

const TWO_32 = 0x1_0000_0000;

export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

export function writeInt64(buf: Buffer, at: number, v: number): void {
  buf.writeInt32BE(Math.floor(v / TWO_32), at);
  buf.writeUInt32BE(v >>> 0, at + 4);
}

/** Whole batch size: the 12-byte offset/length prefix plus batchLength. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH_OFFSET);
}

export function baseOffsetAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos);
}

export function lastOffsetDeltaAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
}

export function lastOffsetAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos) + buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET);
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
  return readInt64(buf, pos + BASE_TIMESTAMP_OFFSET);
}

export function maxTimestampAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos + MAX_TIMESTAMP_OFFSET);
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
