/**
 * Creates an internal topic (__consumer_offsets, __transaction_state) at start-up when it is
 * missing, with the coordinator's partition count, a replication factor capped at the live
 * brokers, and its configs. An existing topic keeps its partition count: changing it would move
 * every group or transactional id to another partition. Returns the partition count in force.
 */
import type { MetadataCache } from './metadata-cache.js';
import type { TopicManager } from './topic-manager.js';

export interface InternalTopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

export async function ensureInternalTopic(
  topics: TopicManager,
  metadata: MetadataCache,
  spec: InternalTopicSpec,
  liveBrokers: number,
): Promise<number> {
  const existing = metadata.topic(spec.name);
  if (existing) return existing.partitions.length;
  await topics.create(
    {
      name: spec.name,
      numPartitions: spec.partitions,
      replicationFactor: Math.min(spec.replicationFactor, liveBrokers),
      assignments: [],
      configs: spec.configs,
    },
    false,
  );
  return spec.partitions;
}
