/**
 * Builds the broker's group coordinator: makes sure __consumer_offsets exists, then loads the
 * partitions this broker leads. Kept apart from broker.ts so the composition root stays one line.
 */
import type { Logger } from '@samsa/common';
import type { CompressionType } from '@samsa/protocol';
import type { BrokerConfig } from '../../config/index.js';
import type { MetadataCache } from '../../metadata/metadata-cache.js';
import type { TopicManager } from '../../metadata/topic-manager.js';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import { consumerGroupConfig, groupCoordinatorConfig } from './coordinator-config.js';
import { ReplicaCoordinatorLog } from './coordinator-log.js';
import { GroupCoordinator } from './group-coordinator.js';
import { ensureOffsetsTopic } from './offsets-topic.js';
import { type CoordinatorTimer, systemTimer } from './timer.js';

export interface GroupCoordinatorDeps {
  config: BrokerConfig;
  brokerId: number;
  topics: TopicManager;
  metadata: MetadataCache;
  replicas: ReplicaManager;
  logger: Logger;
  timer?: CoordinatorTimer;
  /**
   * Cluster mode: __consumer_offsets is created by the first FindCoordinator (when enough brokers
   * are up for its replication factor) and partitions load as leadership arrives; this is its
   * partition count if it exists already.
   */
  cluster?: { existingPartitions: number | undefined };
}

export async function startGroupCoordinator(deps: GroupCoordinatorDeps): Promise<GroupCoordinator> {
  const { config, metadata } = deps;
  // The topic's real partition count decides where groups live, whatever the config says now.
  const numPartitions = deps.cluster
    ? (deps.cluster.existingPartitions ?? config.offsetsTopicNumPartitions)
    : await ensureOffsetsTopic(deps.topics, metadata, config, 1);
  const coordinator = new GroupCoordinator({
    config: { ...groupCoordinatorConfig(config), numPartitions },
    log: new ReplicaCoordinatorLog(
      deps.replicas,
      deps.brokerId,
      () => config.offsetsTopicCompressionCodec as CompressionType,
      config.offsetsCommitTimeoutMs,
    ),
    timer: deps.timer ?? systemTimer,
    logger: deps.logger,
    consumer: consumerGroupConfig(config),
    topics: {
      idOf: (name) => metadata.topic(name)?.topicId,
      nameOf: (id) => metadata.topicNameById(id),
      partitionCount: (name) => metadata.topic(name)?.partitions.length,
      names: () => [...metadata.topics()].map((t) => t.name),
      isInternal: (name) => metadata.topic(name)?.isInternal ?? false,
    },
    partitionExists: (topic, partition) => {
      const t = metadata.topic(topic);
      return t !== undefined && partition >= 0 && partition < t.partitions.length;
    },
  });
  await coordinator.start();
  return coordinator;
}
