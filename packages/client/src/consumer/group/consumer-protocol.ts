/**
 * The "consumer" embedded protocol inside JoinGroup/SyncGroup: a member's subscription (topics,
 * owned partitions, generation) and the leader's assignment, each an int16 version followed by the
 * schema's fields. Newer versions only append fields, so a newer peer's bytes decode at our version
 * with the tail ignored, as Kafka's ConsumerProtocol does.
 */
import {
  type ConsumerProtocolAssignment,
  type ConsumerProtocolSubscription,
  decodeConsumerProtocolAssignment,
  decodeConsumerProtocolSubscription,
  encodeConsumerProtocolAssignment,
  encodeConsumerProtocolSubscription,
  Reader,
  Writer,
} from '@samsa/protocol';
import type { TopicPartition } from '../subscription-state.js';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';
const SUBSCRIPTION_VERSION = 3;
const ASSIGNMENT_VERSION = 3;

export function groupByTopic(tps: readonly TopicPartition[]): Array<{ topic: string; partitions: number[] }> {
  const m = new Map<string, number[]>();
  for (const tp of tps) {
    const list = m.get(tp.topic);
    if (list) list.push(tp.partition);
    else m.set(tp.topic, [tp.partition]);
  }
  return [...m]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}

function flatten(list: Array<{ topic: string; partitions: number[] }>): TopicPartition[] {
  return list.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
}

export function encodeSubscription(
  topics: string[],
  owned: TopicPartition[],
  generationId: number,
  rackId: string | null,
): Buffer {
  const w = new Writer(256);
  w.int16(SUBSCRIPTION_VERSION);
  const s: ConsumerProtocolSubscription = {
    topics: [...topics].sort(),
    userData: null,
    ownedPartitions: groupByTopic(owned),
    generationId,
    rackId,
  };
  encodeConsumerProtocolSubscription(w, s, SUBSCRIPTION_VERSION);
  return w.toBuffer();
}

export function decodeSubscription(buf: Buffer): {
  topics: string[];
  ownedPartitions: TopicPartition[];
  generationId: number;
} {
  const r = new Reader(buf);
  const version = Math.min(r.int16(), SUBSCRIPTION_VERSION);
  const s = decodeConsumerProtocolSubscription(r, version);
  return {
    topics: s.topics,
    ownedPartitions: flatten(s.ownedPartitions),
    generationId: version >= 2 ? s.generationId : -1,
  };
}

export function encodeAssignment(partitions: TopicPartition[]): Buffer {
  const w = new Writer(256);
  w.int16(ASSIGNMENT_VERSION);
  const a: ConsumerProtocolAssignment = { assignedPartitions: groupByTopic(partitions), userData: null };
  encodeConsumerProtocolAssignment(w, a, ASSIGNMENT_VERSION);
  return w.toBuffer();
}

export function decodeAssignment(buf: Buffer): TopicPartition[] {
  if (buf.length === 0) return [];
  const r = new Reader(buf);
  const version = Math.min(r.int16(), ASSIGNMENT_VERSION);
  return flatten(decodeConsumerProtocolAssignment(r, version).assignedPartitions);
}
