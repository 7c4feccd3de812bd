/**
 * __transaction_state: where each transactional id's state lives, in partition
 * Utils.abs(transactionalId.hashCode()) % partitions (as Kafka computes it). Created at start-up
 * when missing: transaction.state.log.num.partitions partitions, replication factor
 * min(transaction.state.log.replication.factor, live brokers), compacted, with
 * transaction.state.log.segment.bytes segments. Its partition count never changes afterwards.
 */
import type { BrokerConfig } from '../../config/index.js';
import { ensureInternalTopic } from '../../metadata/internal-topic.js';
import type { MetadataCache } from '../../metadata/metadata-cache.js';
import type { TopicManager } from '../../metadata/topic-manager.js';
import { partitionForGroup } from '../group/group-partition.js';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';

export function partitionForTxn(transactionalId: string, numPartitions: number): number {
  return partitionForGroup(transactionalId, numPartitions);
}

export function ensureTransactionStateTopic(
  topics: TopicManager,
  metadata: MetadataCache,
  config: BrokerConfig,
  liveBrokers: number,
): Promise<number> {
  return ensureInternalTopic(
    topics,
    metadata,
    {
      name: TRANSACTION_STATE_TOPIC,
      partitions: config.transactionStateLogNumPartitions,
      replicationFactor: config.transactionStateLogReplicationFactor,
      configs: {
        'cleanup.policy': 'compact',
        'segment.bytes': String(config.transactionStateLogSegmentBytes),
        'min.insync.replicas': String(Math.min(config.transactionStateLogMinIsr, liveBrokers)),
        'unclean.leader.election.enable': 'false',
        'compression.type': 'uncompressed',
      },
    },
    liveBrokers,
  );
}
