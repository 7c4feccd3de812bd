import { crc32 } from '@node-rs/crc32';
import { ProtocolError } from '../errors/protocol-error.js';
import { Reader } from '../io/reader.js';
import { logEntryEnd } from './batch-header.js';
import {
  LOG_OVERHEAD,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  TIMESTAMP_TYPE_MASK,
  TimestampType,
} from './batch-layout.js';
import { CompressionType, compressionFromAttributes, decompress } from './compression/index.js';
import { readInt64Number } from './int64.js';
import type { DecodedRecord, RecordBatch } from './types.js';

/*
 * Legacy message sets, magic 0 and 1 (Kafka < 0.11). Each entry:
 *   offset int64 | messageSize int32 | crc uint32 | magic int8 | attributes int8 |
 *   [timestamp int64, magic 1 only] | key int32-length bytes | value int32-length bytes
 * The CRC is plain CRC-32 over magic..end. Compression wraps a whole inner message set into the
 * value of one wrapper message. In magic 1 the inner offsets are relative (0..n-1) and the wrapper
 * carries the absolute offset of the last inner message; in magic 0 inner offsets are absolute.
 */

export const LEGACY_CRC_OFFSET = 12;
export const LEGACY_MAGIC_OFFSET = 16;
export const LEGACY_ATTRIBUTES_OFFSET = 17;
export const LEGACY_TIMESTAMP_OFFSET = 18;
/** Smallest messageSize: crc, magic, attributes, key length, value length (+8 timestamp for v1). */
export const LEGACY_MIN_MESSAGE_SIZE = 14;
const MIN_MESSAGE_SIZE_V1 = 22;

export interface LegacyMessage {
  offset: bigint;
  magic: 0 | 1;
  attributes: number;
  crc: number;
  /** -1 for magic 0. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  /** Position after the message in its buffer. */
  end: number;
}

function corrupt(message: string): ProtocolError {
  return new ProtocolError('CORRUPT_RECORD', message);
}

/** Decodes (and by default CRC-checks) the single legacy message at `pos`, without decompressing. */
export function decodeLegacyMessage(buf: Buffer, pos = 0, verifyCrc = true): LegacyMessage {
  const end = logEntryEnd(buf, pos, LEGACY_MIN_MESSAGE_SIZE);
  const magic = buf.readInt8(pos + LEGACY_MAGIC_OFFSET);
  if (magic !== 0 && magic !== 1) throw corrupt(`message at offset ${pos} has magic ${magic}, expected 0 or 1`);
  const size = end - pos - LOG_OVERHEAD;
  if (magic === 1 && size < MIN_MESSAGE_SIZE_V1) throw corrupt(`magic 1 message at offset ${pos} has size ${size}`);
  const crc = buf.readUInt32BE(pos + LEGACY_CRC_OFFSET);
  if (verifyCrc) {
    const computed = crc32(buf.subarray(pos + LEGACY_MAGIC_OFFSET, end)) >>> 0;
    if (computed !== crc) {
      throw corrupt(`message at offset ${pos} has CRC ${crc.toString(16)}, computed ${computed.toString(16)}`);
    }
  }
  const r = new Reader(buf, pos + LEGACY_TIMESTAMP_OFFSET, end);
  let timestamp = NO_TIMESTAMP;
  if (magic === 1) {
    timestamp = readInt64Number(buf, r.pos, 'message timestamp');
    r.pos += 8;
  }
  const key = r.nullableBytes();
  const value = r.nullableBytes();
  if (r.pos !== end) throw corrupt(`message at offset ${pos} has ${end - r.pos} bytes after its value`);
  return {
    offset: buf.readBigInt64BE(pos),
    magic,
    attributes: buf.readInt8(pos + LEGACY_ATTRIBUTES_OFFSET),
    crc,
    timestamp,
    key,
    value,
    end,
  };
}

function timestampTypeOf(m: LegacyMessage): TimestampType {
  if (m.magic === 0) return TimestampType.NoTimestamp;
  return m.attributes & TIMESTAMP_TYPE_MASK ? TimestampType.LogAppendTime : TimestampType.CreateTime;
}

function innerRecords(wrapper: LegacyMessage, compression: CompressionType, maxBytes?: number): DecodedRecord[] {
  if (compression === CompressionType.Zstd) {
    throw new ProtocolError('UNSUPPORTED_COMPRESSION', 'zstd is not allowed in magic 0/1 messages');
  }
  if (wrapper.value === null) throw corrupt(`compressed message at offset ${wrapper.offset} has a null value`);
  const inner = decompress(compression, wrapper.value, { maxOutputBytes: maxBytes, kafkaV0Lz4: wrapper.magic === 0 });
  const messages: LegacyMessage[] = [];
  for (let p = 0; p < inner.length; ) {
    const m = decodeLegacyMessage(inner, p);
    if (m.magic !== wrapper.magic) {
      throw corrupt(`inner message magic ${m.magic} does not match wrapper magic ${wrapper.magic}`);
    }
    if (compressionFromAttributes(m.attributes) !== CompressionType.None) throw corrupt('nested compressed message');
    messages.push(m);
    p = m.end;
  }
  const last = messages[messages.length - 1];
  if (last === undefined) throw corrupt(`compressed message at offset ${wrapper.offset} has no inner messages`);
  const shift = wrapper.magic === 0 ? 0n : wrapper.offset - last.offset;
  const logAppend = timestampTypeOf(wrapper) === TimestampType.LogAppendTime;
  return messages.map((m) => ({
    offset: m.offset + shift,
    timestamp: logAppend ? wrapper.timestamp : m.timestamp,
    key: m.key,
    value: m.value,
    headers: [],
  }));
}

/**
 * Decodes the top-level legacy message at `pos` as a batch-shaped entry (so v2 and legacy data
 * read alike): one record, or the inner records of a compressed wrapper. Producer fields are -1.
 */
export function decodeLegacyEntry(
  buf: Buffer,
  pos = 0,
  options: { verifyCrc?: boolean; maxDecompressedBytes?: number } = {},
): RecordBatch {
  const m = decodeLegacyMessage(buf, pos, options.verifyCrc !== false);
  const compression = compressionFromAttributes(m.attributes);
  const records =
    compression === CompressionType.None
      ? [{ offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value, headers: [] }]
      : innerRecords(m, compression, options.maxDecompressedBytes);
  const first = records[0] as DecodedRecord;
  const last = records[records.length - 1] as DecodedRecord;
  return {
    baseOffset: first.offset,
    batchLength: m.end - pos - LOG_OVERHEAD,
    partitionLeaderEpoch: NO_PARTITION_LEADER_EPOCH,
    magic: m.magic,
    crc: m.crc,
    attributes: m.attributes,
    compression,
    timestampType: timestampTypeOf(m),
    isTransactional: false,
    isControl: false,
    hasDeleteHorizon: false,
    lastOffsetDelta: Number(last.offset - first.offset),
    baseTimestamp: first.timestamp,
    maxTimestamp: m.timestamp,
    producerId: NO_PRODUCER_ID,
    producerEpoch: NO_PRODUCER_EPOCH,
    baseSequence: NO_SEQUENCE,
    recordCount: records.length,
    records,
  };
}
