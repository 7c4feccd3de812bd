/**
 * Creates __consumer_offsets at start-up when it is missing, as Kafka's first FindCoordinator would:
 * offsets.topic.num.partitions partitions, replication factor min(offsets.topic.replication.factor,
 * live brokers), compacted, with offsets.topic.segment.bytes segments. Once it exists its partition
 * count is never changed (that would move every group to another partition).
 */
import type { BrokerConfig } from '../../config/index.js';
import { ensureInternalTopic } from '../../metadata/internal-topic.js';
import type { MetadataCache } from '../../metadata/metadata-cache.js';
import type { TopicManager } from '../../metadata/topic-manager.js';
import { OFFSETS_TOPIC } from './group-partition.js';

export function ensureOffsetsTopic(
  topics: TopicManager,
  metadata: MetadataCache,
  config: BrokerConfig,
  liveBrokers: number,
): Promise<number> {
  return ensureInternalTopic(
    topics,
    metadata,
    {
      name: OFFSETS_TOPIC,
      partitions: config.offsetsTopicNumPartitions,
      replicationFactor: config.offsetsTopicReplicationFactor,
      configs: {
        'cleanup.policy': 'compact',
        'segment.bytes': String(config.offsetsTopicSegmentBytes),
        'compression.type': 'producer',
      },
    },
    liveBrokers,
  );
}
