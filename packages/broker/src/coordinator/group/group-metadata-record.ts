/**
 * The record of a group's membership in __consumer_offsets, in Kafka's formats:
 *   key   (version 2): [int16 2][string group]
 *   value (version 3): [int16 3][string protocolType][int32 generation][nullable string protocol]
 *                      [nullable string leader][int64 currentStateTimestamp]
 *                      [int32 n]{[string memberId][nullable string groupInstanceId][string clientId]
 *                      [string clientHost][int32 rebalanceTimeout][int32 sessionTimeout]
 *                      [bytes subscription][bytes assignment]}*n
 * Values of versions 0-4 are read (fields appear by version as in GroupMetadataValue.json, v4 is
 * flexible); a null value is a tombstone: the group was deleted or expired.
 */
import { Reader, Writer } from '@samsa/protocol';

export const GROUP_METADATA_KEY_VERSION = 2;
const VALUE_VERSION = 3;

export interface MemberMetadataValue {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeout: number;
  sessionTimeout: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: number;
  members: MemberMetadataValue[];
}

export function encodeGroupMetadataKey(group: string): Buffer {
  const w = new Writer(32);
  w.int16(GROUP_METADATA_KEY_VERSION);
  w.string(group);
  return Buffer.from(w.toBuffer());
}

export function encodeGroupMetadataValue(v: GroupMetadataValue): Buffer {
  const w = new Writer(256);
  w.int16(VALUE_VERSION);
  w.string(v.protocolType);
  w.int32(v.generation);
  w.nullableString(v.protocol);
  w.nullableString(v.leader);
  w.int64(BigInt(v.currentStateTimestamp));
  w.int32(v.members.length);
  for (const m of v.members) {
    w.string(m.memberId);
    w.nullableString(m.groupInstanceId);
    w.string(m.clientId);
    w.string(m.clientHost);
    w.int32(m.rebalanceTimeout);
    w.int32(m.sessionTimeout);
    w.bytes(m.subscription);
    w.bytes(m.assignment);
  }
  return Buffer.from(w.toBuffer());
}

/** Reads one version-dependent field set; `flexible` switches to compact strings and tagged fields. */
class VersionedReader {
  constructor(
    readonly r: Reader,
    readonly version: number,
  ) {}
  get flexible(): boolean {
    return this.version >= 4;
  }
  string(): string {
    return this.flexible ? this.r.compactString() : this.r.string();
  }
  nullableString(): string | null {
    return this.flexible ? this.r.compactNullableString() : this.r.nullableString();
  }
  bytes(): Buffer {
    return Buffer.from(this.flexible ? this.r.compactBytes() : this.r.bytes());
  }
  arrayLength(): number {
    return this.flexible ? this.r.uvarint() - 1 : this.r.int32();
  }
}

export function decodeGroupMetadataValue(buf: Buffer): GroupMetadataValue {
  const r = new VersionedReader(new Reader(buf), 0);
  const v = new VersionedReader(r.r, r.r.int16());
  const protocolType = v.string();
  const generation = v.r.int32();
  const protocol = v.nullableString();
  const leader = v.nullableString();
  const currentStateTimestamp = v.version >= 2 ? Number(v.r.int64()) : -1;
  const n = v.arrayLength();
  const members: MemberMetadataValue[] = [];
  for (let i = 0; i < n; i++) {
    const memberId = v.string();
    const groupInstanceId = v.version >= 3 ? v.nullableString() : null;
    const clientId = v.string();
    const clientHost = v.string();
    const sessionOrRebalance = v.r.int32();
    const rebalanceTimeout = v.version >= 1 ? sessionOrRebalance : -1;
    const sessionTimeout = v.version >= 1 ? v.r.int32() : sessionOrRebalance;
    const subscription = v.bytes();
    const assignment = v.bytes();
    if (v.flexible) v.r.taggedFields();
    members.push({
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      rebalanceTimeout: rebalanceTimeout < 0 ? sessionTimeout : rebalanceTimeout,
      sessionTimeout,
      subscription,
      assignment,
    });
  }
  if (v.flexible) v.r.taggedFields();
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
