/**
 * The client's view of the "consumer" embedded protocol inside JoinGroup/SyncGroup: a member's
 * subscription (topics, owned partitions, generation) and the leader's assignment as topic
 * partitions. The bytes (an int16 version, then the schema's fields) are protocol's.
 */
import {
  readConsumerProtocolAssignment,
  readConsumerProtocolSubscription,
  writeConsumerProtocolAssignment,
  writeConsumerProtocolSubscription,
} from '@samsa/protocol';
import type { TopicPartition } from '../subscription-state.js';

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
  return writeConsumerProtocolSubscription({
    topics: [...topics].sort(),
    userData: null,
    ownedPartitions: groupByTopic(owned),
    generationId,
    rackId,
  });
}

export function decodeSubscription(buf: Buffer): {
  topics: string[];
  ownedPartitions: TopicPartition[];
  generationId: number;
} {
  const { version, subscription: s } = readConsumerProtocolSubscription(buf);
  return {
    topics: s.topics,
    ownedPartitions: flatten(s.ownedPartitions),
    generationId: version >= 2 ? s.generationId : -1,
  };
}

export function encodeAssignment(partitions: TopicPartition[]): Buffer {
  return writeConsumerProtocolAssignment({ assignedPartitions: groupByTopic(partitions), userData: null });
}

export function decodeAssignment(buf: Buffer): TopicPartition[] {
  if (buf.length === 0) return [];
  return flatten(readConsumerProtocolAssignment(buf).assignedPartitions);
}
