/**
 * Creates __consumer_offsets at start-up when it is missing, as Kafka's first FindCoordinator would:
 * offsets.topic.num.partitions partitions, replication factor min(offsets.topic.replication.factor,
 * live brokers), compacted, with offsets.topic.segment.bytes segments. Once it exists its partition
 * count is never changed (that would move every group to another partition).
 */
import type { BrokerConfig } from '../../config/index.js';
import type { MetadataCache } from '../../metadata/metadata-cache.js';
import type { TopicManager } from '../../metadata/topic-manager.js';
import { OFFSETS_TOPIC } from './group-partition.js';

export async function ensureOffsetsTopic(
  topics: TopicManager,
  metadata: MetadataCache,
  config: BrokerConfig,
  liveBrokers: number,
): Promise<number> {
  const existing = metadata.topic(OFFSETS_TOPIC);
  if (existing) return existing.partitions.length;
  await topics.create(
    {
      name: OFFSETS_TOPIC,
      numPartitions: config.offsetsTopicNumPartitions,
      replicationFactor: Math.min(config.offsetsTopicReplicationFactor, liveBrokers),
      assignments: [],
      configs: {
        'cleanup.policy': 'compact',
        'segment.bytes': String(config.offsetsTopicSegmentBytes),
        'compression.type': 'producer',
      },
    },
    false,
  );
  return config.offsetsTopicNumPartitions;
}
