/**
 * Builds the broker's transaction coordinator: makes sure __transaction_state exists, wires the
 * coordinator to the replica manager (its log and the markers) and to the group coordinator
 * (transactional offsets), and loads what this broker leads.
 */
import type { BrokerConfig } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import type { MetadataCache } from '../../metadata/metadata-cache.js';
import type { TopicManager } from '../../metadata/topic-manager.js';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import type { GroupCoordinator } from '../group/group-coordinator.js';
import { type CoordinatorTimer, systemTimer } from '../group/timer.js';
import type { ProducerIdSource } from './producer-id-manager.js';
import { TransactionCoordinator } from './transaction-coordinator.js';
import { txnCoordinatorConfig } from './txn-coordinator-config.js';
import { LocalTxnMarkerWriter } from './txn-marker-writer.js';
import { ReplicaTxnOffsetLog } from './txn-offset-log.js';
import type { TxnOffsetGroups } from './txn-offsets.js';
import { ReplicaTxnStateLog } from './txn-state-log.js';
import { ensureTransactionStateTopic, TRANSACTION_STATE_TOPIC } from './txn-topic.js';

export interface TxnCoordinatorDeps {
  config: BrokerConfig;
  brokerId: number;
  topics: TopicManager;
  metadata: MetadataCache;
  replicas: ReplicaManager;
  groups: GroupCoordinator;
  producerIds: ProducerIdSource;
  logger: Logger;
  timer?: CoordinatorTimer;
}

/** The group coordinator seen through the small interface the transaction coordinator needs. */
export function txnOffsetGroups(groups: GroupCoordinator): TxnOffsetGroups {
  return {
    partitionFor: (groupId) => groups.partitionFor(groupId),
    validate: (req) => groups.validateTxnOffsetCommit(req),
    commit: (groupId, offsets) => groups.commitTransactionalOffsets(groupId, offsets),
  };
}

/**
 * Loads __transaction_state at once when it exists (in-flight transactions are recovered);
 * otherwise the topic is created by the first transactional request, as in Kafka.
 */
export function startTransactionCoordinator(deps: TxnCoordinatorDeps): TransactionCoordinator {
  const { config, metadata } = deps;
  const existing = metadata.topic(TRANSACTION_STATE_TOPIC);
  const coordinator = new TransactionCoordinator({
    config: {
      ...txnCoordinatorConfig(config),
      numPartitions: existing?.partitions.length ?? config.transactionStateLogNumPartitions,
    },
    log: new ReplicaTxnStateLog(deps.replicas, deps.brokerId),
    markers: new LocalTxnMarkerWriter(deps.replicas, deps.logger),
    producerIds: deps.producerIds,
    groups: txnOffsetGroups(deps.groups),
    offsetLog: new ReplicaTxnOffsetLog(deps.replicas),
    partitionExists: (topic, partition) => {
      const t = metadata.topic(topic);
      return t !== undefined && partition >= 0 && partition < t.partitions.length;
    },
    timer: deps.timer ?? systemTimer,
    logger: deps.logger,
    createTopic: () => ensureTransactionStateTopic(deps.topics, metadata, config, 1),
  });
  if (existing) coordinator.start();
  return coordinator;
}
