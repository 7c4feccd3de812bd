import { crc32 } from '@node-rs/crc32';
import { Writer } from '../io/writer.js';
import { LOG_OVERHEAD, TIMESTAMP_TYPE_MASK, TimestampType } from './batch-layout.js';
import { CompressionType, type CompressOptions, compress, lz4WithKafkaV0Checksum } from './compression/index.js';
import { checkSafe, writeInt64NumberTo } from './int64.js';

/*
 * Encoder for magic 0/1 message sets (layout in legacy-message-set.ts). Samsa stores only v2; this
 * exists for tests and for down-converting fetch responses to clients that speak only old formats.
 */

export interface LegacyMessageInput {
  key?: Buffer | null;
  value?: Buffer | null;
  /** Magic 1 only; defaults to Date.now(). */
  timestamp?: number;
}

export interface LegacyMessageSetInput {
  magic: 0 | 1;
  /** Offset of the first message (default 0); the others follow consecutively. */
  baseOffset?: bigint;
  /** None, Gzip, Snappy or Lz4: zstd needs magic 2. Compressed sets become one wrapper message. */
  compression?: CompressionType;
  compressionOptions?: CompressOptions;
  /** Magic 1 only. For LogAppendTime the wrapper carries `logAppendTime`. */
  timestampType?: TimestampType.CreateTime | TimestampType.LogAppendTime;
  logAppendTime?: number;
  messages: LegacyMessageInput[];
}

function writeBytes(w: Writer, b: Buffer | null | undefined): void {
  if (b == null) {
    w.int32(-1);
  } else {
    w.int32(b.length);
    w.copy(b);
  }
}

function writeMessage(
  w: Writer,
  offset: bigint,
  magic: 0 | 1,
  attributes: number,
  timestamp: number,
  key: Buffer | null | undefined,
  value: Buffer | null | undefined,
): void {
  const start = w.pos;
  w.int64(offset);
  const sizeAt = w.reserveInt32();
  const crcAt = w.reserveInt32();
  const crcStart = w.pos;
  w.int8(magic);
  w.int8(attributes);
  if (magic === 1) writeInt64NumberTo(w, timestamp);
  writeBytes(w, key);
  writeBytes(w, value);
  w.patchInt32(sizeAt, w.pos - start - LOG_OVERHEAD);
  w.patchInt32(crcAt, crc32(w.view(crcStart)) | 0);
}

export function encodeLegacyMessageSet(input: LegacyMessageSetInput): Buffer {
  const { magic, messages } = input;
  const base = input.baseOffset ?? 0n;
  const compression = input.compression ?? CompressionType.None;
  if (compression === CompressionType.Zstd) throw new RangeError('zstd requires magic 2');
  const logAppend = magic === 1 && input.timestampType === TimestampType.LogAppendTime;
  const now = Date.now();
  const timestamps = messages.map((m) => (magic === 1 ? (m.timestamp ?? now) : -1));
  for (const t of timestamps) checkSafe(t, 'timestamp');

  const w = new Writer(1024);
  if (compression === CompressionType.None) {
    const attributes = logAppend ? TIMESTAMP_TYPE_MASK : 0;
    messages.forEach((m, i) => {
      const ts = logAppend ? (input.logAppendTime ?? now) : (timestamps[i] as number);
      writeMessage(w, base + BigInt(i), magic, attributes, ts, m.key, m.value);
    });
    return w.toBuffer();
  }
  if (messages.length === 0) throw new RangeError('a compressed message set needs at least one message');

  // Inner offsets: relative for magic 1, absolute for magic 0 (as a broker stores them).
  const inner = new Writer(1024);
  messages.forEach((m, i) => {
    writeMessage(inner, magic === 1 ? BigInt(i) : base + BigInt(i), magic, 0, timestamps[i] as number, m.key, m.value);
  });
  let value = compress(compression, inner.view(0), input.compressionOptions);
  if (magic === 0 && compression === CompressionType.Lz4) value = lz4WithKafkaV0Checksum(value);
  const wrapperTs = logAppend ? (input.logAppendTime ?? now) : timestamps.reduce((a, b) => Math.max(a, b), -1);
  const attributes = compression | (logAppend ? TIMESTAMP_TYPE_MASK : 0);
  writeMessage(w, base + BigInt(messages.length - 1), magic, attributes, wrapperTs, null, value);
  return w.toBuffer();
}
