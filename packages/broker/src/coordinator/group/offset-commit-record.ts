/**
 * The records of committed offsets in __consumer_offsets, in Kafka's formats:
 *   key   (version 0 or 1): [int16 version][string group][string topic][int32 partition]
 *   value (version 3):      [int16 3][int64 offset][int32 leaderEpoch][string metadata][int64 commitTimestamp]
 * Values of versions 0-4 are read (v1 carries an expireTimestamp, v4 is the flexible encoding);
 * a null value is a tombstone: the offset was deleted or expired.
 */
import { Reader, Writer } from '@samsa/protocol';

export const OFFSET_COMMIT_KEY_VERSION = 1;
const VALUE_VERSION = 3;

export interface OffsetCommitKey {
  group: string;
  topic: string;
  partition: number;
}

export interface OffsetCommitValue {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** Only in version 1 values; -1 otherwise. Kafka 2.1+ ignores it, as we do. */
  expireTimestamp: number;
}

export function encodeOffsetCommitKey(k: OffsetCommitKey): Buffer {
  const w = new Writer(64);
  w.int16(OFFSET_COMMIT_KEY_VERSION);
  w.string(k.group);
  w.string(k.topic);
  w.int32(k.partition);
  return Buffer.from(w.toBuffer());
}

/** Reads the key after its version field. */
export function readOffsetCommitKey(r: Reader): OffsetCommitKey {
  const group = r.string();
  const topic = r.string();
  const partition = r.int32();
  return { group, topic, partition };
}

export function encodeOffsetCommitValue(v: OffsetCommitValue): Buffer {
  const w = new Writer(64 + v.metadata.length * 3);
  w.int16(VALUE_VERSION);
  w.int64(v.offset);
  w.int32(v.leaderEpoch);
  w.string(v.metadata);
  w.int64(BigInt(v.commitTimestamp));
  return Buffer.from(w.toBuffer());
}

export function decodeOffsetCommitValue(buf: Buffer): OffsetCommitValue {
  const r = new Reader(buf);
  const version = r.int16();
  const flexible = version >= 4;
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : -1;
  const metadata = flexible ? r.compactString() : r.string();
  const commitTimestamp = Number(r.int64());
  const expireTimestamp = version === 1 ? Number(r.int64()) : -1;
  if (flexible) r.taggedFields();
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}
