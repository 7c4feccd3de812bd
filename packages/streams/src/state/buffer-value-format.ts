/**
 * The changelog value of Kafka's suppression buffer (InMemoryTimeOrderedKeyValueChangeBuffer,
 * format version 3, marked by the record header `v` = 0x03), so a buffer restores from a changelog
 * either side wrote:
 *   record context: timestamp int64, offset int64, topic (int32 length + UTF-8), partition int32,
 *                   header count int32, each header: key (int32 length + UTF-8), value (int32 length or -1 + bytes)
 *   prior value, old value, new value: int32 length (-1: null; the old value alone may be -2: same as prior) + bytes
 *   buffer time int64
 */
import type { RecordHeader } from '@samsa/protocol';
import { StreamsError } from '../errors.js';

export const BUFFER_CHANGELOG_HEADERS: RecordHeader[] = [{ key: 'v', value: Buffer.from([3]) }];

export interface BufferRecordContext {
  timestamp: number;
  offset: bigint;
  topic: string;
  partition: number;
  headers: RecordHeader[];
}

export interface BufferedValue {
  context: BufferRecordContext;
  prior: Buffer | null;
  old: Buffer | null;
  new: Buffer | null;
  time: number;
}

const int = (n: number) => {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n, 0);
  return b;
};
const long = (n: number | bigint) => {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(BigInt(n), 0);
  return b;
};
const sized = (b: Buffer | null) => (b === null ? [int(-1)] : [int(b.length), b]);

export function serializeBufferValue(v: BufferedValue): Buffer {
  const topic = Buffer.from(v.context.topic, 'utf8');
  const parts: Buffer[] = [
    long(v.context.timestamp),
    long(v.context.offset),
    int(topic.length),
    topic,
    int(v.context.partition),
  ];
  parts.push(int(v.context.headers.length));
  for (const h of v.context.headers) {
    const k = Buffer.from(h.key, 'utf8');
    parts.push(int(k.length), k, ...sized(h.value ?? null));
  }
  parts.push(...sized(v.prior));
  if (v.old !== null && v.prior !== null && v.old.equals(v.prior)) parts.push(int(-2));
  else parts.push(...sized(v.old));
  parts.push(...sized(v.new), long(v.time));
  return Buffer.concat(parts);
}

export function deserializeBufferValue(b: Buffer): BufferedValue {
  let at = 0;
  const take = (n: number): number => {
    if (at + n > b.length) throw new StreamsError('SERIALIZATION', 'truncated suppression buffer changelog value');
    at += n;
    return at - n;
  };
  const i32 = () => b.readInt32BE(take(4));
  const i64 = () => b.readBigInt64BE(take(8));
  const bytes = (n: number) => {
    const from = take(n);
    return Buffer.from(b.subarray(from, from + n));
  };
  const value = (len = i32()) => (len < 0 ? null : bytes(len));
  const timestamp = Number(i64());
  const offset = i64();
  const topic = bytes(i32()).toString('utf8');
  const partition = i32();
  const headers: RecordHeader[] = [];
  for (let n = i32(); n > 0; n--) headers.push({ key: bytes(i32()).toString('utf8'), value: value() });
  const prior = value();
  const oldLen = i32();
  const old = oldLen === -2 ? prior : value(oldLen);
  const next = value();
  const time = Number(i64());
  return { context: { timestamp, offset, topic, partition, headers }, prior, old, new: next, time };
}
