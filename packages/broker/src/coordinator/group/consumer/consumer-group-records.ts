/**
 * KIP-848 consumer-group records of __consumer_offsets, in Kafka's formats (key version = record
 * type; keys are non-flexible, values are version 0, flexible, with tagged fields skipped):
 *   3 ConsumerGroupMetadata          key [group]            value epoch, tagged metadataHash
 *   5 ConsumerGroupMemberMetadata    key [group, member]    value instanceId, rackId, clientId,
 *                                                          clientHost, subscribedTopicNames, regex,
 *                                                          rebalanceTimeoutMs, serverAssignor
 *   6 ConsumerGroupTargetAssignmentMetadata key [group]     value assignmentEpoch
 *   7 ConsumerGroupTargetAssignmentMember   key [group, member] value topicPartitions
 *   8 ConsumerGroupCurrentMemberAssignment  key [group, member] value memberEpoch,
 *                                                          previousMemberEpoch, state, assigned,
 *                                                          partitionsPendingRevocation
 * A null value is a tombstone. Type 4 (partition metadata, pre-4.1) is read and ignored.
 */
import { type Reader, Writer } from '@samsa/protocol';
import { type Assignment, assignmentOf, toTopicPartitions } from './assignment.js';
import type { MemberState } from './reconcile.js';

export interface MemberMetadata {
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  rebalanceTimeoutMs: number;
  serverAssignor: string | null;
}

export interface CurrentAssignment {
  memberEpoch: number;
  previousMemberEpoch: number;
  state: MemberState;
  assigned: Assignment;
  pendingRevocation: Assignment;
}

export type ConsumerGroupRecord =
  | { type: 3; group: string; value: { epoch: number; metadataHash: bigint } | null }
  | { type: 5; group: string; member: string; value: MemberMetadata | null }
  | { type: 6; group: string; value: { assignmentEpoch: number } | null }
  | { type: 7; group: string; member: string; value: Assignment | null }
  | { type: 8; group: string; member: string; value: CurrentAssignment | null };

export const CONSUMER_GROUP_RECORD_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 6, 7, 8]);

export function encodeConsumerGroupKey(r: ConsumerGroupRecord): Buffer {
  const w = new Writer(64);
  w.int16(r.type);
  w.string(r.group);
  if (r.type === 5 || r.type === 7 || r.type === 8) w.string(r.member);
  return Buffer.from(w.toBuffer());
}

function writePartitions(w: Writer, a: Assignment): void {
  const tps = toTopicPartitions(a);
  w.arrayLength(tps.length, true);
  for (const tp of tps) {
    w.uuid(tp.topicId);
    w.arrayLength(tp.partitions.length, true);
    for (const p of tp.partitions) w.int32(p);
    w.uvarint(0);
  }
}

function readPartitions(r: Reader): Assignment {
  const n = r.uvarint() - 1;
  const out: Array<{ topicId: string; partitions: number[] }> = [];
  for (let i = 0; i < n; i++) {
    const topicId = r.uuid();
    const k = r.uvarint() - 1;
    const partitions: number[] = [];
    for (let j = 0; j < k; j++) partitions.push(r.int32());
    r.taggedFields();
    out.push({ topicId, partitions });
  }
  return assignmentOf(out);
}

export function encodeConsumerGroupValue(r: ConsumerGroupRecord): Buffer | null {
  if (r.value === null) return null;
  const w = new Writer(128);
  w.int16(0);
  switch (r.type) {
    case 3:
      w.int32(r.value.epoch);
      // Tagged field 0: MetadataHash (Kafka 4.1).
      w.uvarint(1);
      w.uvarint(0);
      w.uvarint(8);
      w.int64(r.value.metadataHash);
      return Buffer.from(w.toBuffer());
    case 5: {
      const v = r.value;
      w.compactNullableString(v.instanceId);
      w.compactNullableString(v.rackId);
      w.compactString(v.clientId);
      w.compactString(v.clientHost);
      w.arrayLength(v.subscribedTopicNames.length, true);
      for (const t of v.subscribedTopicNames) w.compactString(t);
      w.compactNullableString(v.subscribedTopicRegex);
      w.int32(v.rebalanceTimeoutMs);
      w.compactNullableString(v.serverAssignor);
      break;
    }
    case 6:
      w.int32(r.value.assignmentEpoch);
      break;
    case 7:
      writePartitions(w, r.value);
      break;
    case 8:
      w.int32(r.value.memberEpoch);
      w.int32(r.value.previousMemberEpoch);
      w.int8(r.value.state);
      writePartitions(w, r.value.assigned);
      writePartitions(w, r.value.pendingRevocation);
      break;
  }
  w.uvarint(0);
  return Buffer.from(w.toBuffer());
}

/** `key` is positioned after its int16 type; returns null for type 4, which Samsa does not keep. */
export function decodeConsumerGroupRecord(type: number, key: Reader, value: Reader | null): ConsumerGroupRecord | null {
  const group = key.string();
  if (type === 4) return null;
  if (type === 3 || type === 6) {
    if (value) value.int16();
    if (type === 3) {
      if (!value) return { type, group, value: null };
      const epoch = value.int32();
      let metadataHash = 0n;
      value.taggedFields((tag, _size, r) => {
        if (tag !== 0) return false;
        metadataHash = r.int64();
        return true;
      });
      return { type, group, value: { epoch, metadataHash } };
    }
    return { type, group, value: value ? { assignmentEpoch: value.int32() } : null };
  }
  const member = key.string();
  value?.int16();
  switch (type) {
    case 5: {
      if (!value) return { type, group, member, value: null };
      const instanceId = value.compactNullableString();
      const rackId = value.compactNullableString();
      const clientId = value.compactString();
      const clientHost = value.compactString();
      const n = value.uvarint() - 1;
      const subscribedTopicNames: string[] = [];
      for (let i = 0; i < n; i++) subscribedTopicNames.push(value.compactString());
      const subscribedTopicRegex = value.compactNullableString();
      const rebalanceTimeoutMs = value.int32();
      const serverAssignor = value.compactNullableString();
      const v = { instanceId, rackId, clientId, clientHost, subscribedTopicNames, subscribedTopicRegex };
      return { type, group, member, value: { ...v, rebalanceTimeoutMs, serverAssignor } };
    }
    case 7:
      return { type, group, member, value: value ? readPartitions(value) : null };
    case 8: {
      if (!value) return { type, group, member, value: null };
      const memberEpoch = value.int32();
      const previousMemberEpoch = value.int32();
      const state = value.int8() as MemberState;
      const assigned = readPartitions(value);
      const pendingRevocation = readPartitions(value);
      return { type, group, member, value: { memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation } };
    }
    default:
      return null;
  }
}
