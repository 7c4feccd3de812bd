/**
 * The binary layouts of windowed keys, as Kafka writes them (WindowKeySchema, SessionKeySchema),
 * so changelogs and output topics read the same from Java:
 * - window store key (changelog): key bytes + window start (int64 BE) + sequence number (int32 BE);
 *   the sequence number is 0 unless a store keeps duplicates (a stream-stream join's: 1, 2, ...).
 * - time-windowed key (TimeWindowedSerializer): key bytes + window start (int64 BE).
 * - session key (changelog and SessionWindowedSerializer): key bytes + end (int64 BE) + start (int64 BE).
 */
import { StreamsError } from '../errors.js';

const TS = 8;
const SEQ = 4;

export function toStoreKeyBinary(key: Buffer, windowStart: number, seqnum = 0): Buffer {
  const out = Buffer.allocUnsafe(key.length + TS + SEQ);
  key.copy(out, 0);
  out.writeBigInt64BE(BigInt(windowStart), key.length);
  out.writeInt32BE(seqnum, key.length + TS);
  return out;
}

export function fromStoreKeyBinary(bytes: Buffer): { key: Buffer; windowStart: number } {
  if (bytes.length < TS + SEQ)
    throw new StreamsError('SERIALIZATION', `window store key of ${bytes.length} bytes is too short`);
  const k = bytes.length - TS - SEQ;
  return { key: bytes.subarray(0, k), windowStart: Number(bytes.readBigInt64BE(k)) };
}

export function toTimeWindowedBinary(key: Buffer, windowStart: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + TS);
  key.copy(out, 0);
  out.writeBigInt64BE(BigInt(windowStart), key.length);
  return out;
}

export function fromTimeWindowedBinary(bytes: Buffer): { key: Buffer; windowStart: number } {
  if (bytes.length < TS)
    throw new StreamsError('SERIALIZATION', `time-windowed key of ${bytes.length} bytes is too short`);
  const k = bytes.length - TS;
  return { key: bytes.subarray(0, k), windowStart: Number(bytes.readBigInt64BE(k)) };
}

export function toSessionBinary(key: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + 2 * TS);
  key.copy(out, 0);
  out.writeBigInt64BE(BigInt(end), key.length);
  out.writeBigInt64BE(BigInt(start), key.length + TS);
  return out;
}

export function fromSessionBinary(bytes: Buffer): { key: Buffer; start: number; end: number } {
  if (bytes.length < 2 * TS)
    throw new StreamsError('SERIALIZATION', `session key of ${bytes.length} bytes is too short`);
  const k = bytes.length - 2 * TS;
  return {
    key: bytes.subarray(0, k),
    end: Number(bytes.readBigInt64BE(k)),
    start: Number(bytes.readBigInt64BE(k + TS)),
  };
}

/** Kafka's ValueAndTimestampSerializer layout: timestamp (int64 BE) + value bytes. */
export function withTimestamp(value: Buffer, timestamp: number): Buffer {
  const out = Buffer.allocUnsafe(TS + value.length);
  out.writeBigInt64BE(BigInt(timestamp), 0);
  value.copy(out, TS);
  return out;
}

export function splitTimestamp(bytes: Buffer): { value: Buffer; timestamp: number } {
  return { timestamp: Number(bytes.readBigInt64BE(0)), value: bytes.subarray(TS) };
}
