/**
 * Builds the broker's transaction coordinator: wires it to the replica manager (its log, local
 * markers), to the leaders of other brokers' partitions in cluster mode (WriteTxnMarkers), and to
 * the group coordinator (transactional offsets), and loads what this broker leads.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import type { BrokerConfig } from '../../config/index.js';
import type { MetadataCache } from '../../metadata/metadata-cache.js';
import type { TopicManager } from '../../metadata/topic-manager.js';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import type { GroupCoordinator } from '../group/group-coordinator.js';
import { type CoordinatorTimer, systemTimer } from '../group/timer.js';
import type { ProducerIdSource } from './producer-id-manager.js';
import { RemoteTxnMarkerWriter } from './remote-txn-marker-writer.js';
import { TransactionCoordinator } from './transaction-coordinator.js';
import { txnCoordinatorConfig } from './txn-coordinator-config.js';
import { TxnMarkerAppender } from './txn-marker-appender.js';
import { LocalTxnMarkerWriter, type TxnMarkerWriter } from './txn-marker-writer.js';
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
  /** Cluster mode: how many brokers are alive (the topic waits for its replication factor). */
  cluster?: { liveBrokers: () => number };
}

/** The group coordinator seen through the small interface the transaction coordinator needs. */
export function txnOffsetGroups(groups: GroupCoordinator): TxnOffsetGroups {
  return {
    partitionFor: (groupId) => groups.partitionFor(groupId),
    validate: (req) => groups.validateTxnOffsetCommit(req),
    commit: (groupId, offsets) => groups.commitTransactionalOffsets(groupId, offsets),
  };
}

/** Appends markers as the partitions' leader (the coordinator's own partitions, and WriteTxnMarkers). */
export function txnMarkerAppender(deps: {
  config: BrokerConfig;
  replicas: ReplicaManager;
  groups: GroupCoordinator;
  logger: Logger;
}): TxnMarkerAppender {
  return new TxnMarkerAppender({
    replicas: deps.replicas,
    groups: txnOffsetGroups(deps.groups),
    offsetLog: new ReplicaTxnOffsetLog(deps.replicas),
    replicationTimeoutMs: deps.config.requestTimeoutMs,
    logger: deps.logger,
  });
}

/**
 * Cluster mode: __transaction_state with its full replication factor, refused (retriable
 * COORDINATOR_NOT_AVAILABLE) while fewer brokers than transaction.state.log.replication.factor are
 * alive, as Kafka refuses it.
 */
function createInCluster(deps: TxnCoordinatorDeps, liveBrokers: () => number): Promise<number> {
  const existing = deps.metadata.topic(TRANSACTION_STATE_TOPIC);
  if (existing) return Promise.resolve(existing.partitions.length);
  const live = liveBrokers();
  const required = deps.config.transactionStateLogReplicationFactor;
  if (live < required) {
    return Promise.reject(
      new KafkaError(
        ErrorCode.COORDINATOR_NOT_AVAILABLE,
        `${live} live brokers, transaction.state.log.replication.factor is ${required}`,
      ),
    );
  }
  return ensureTransactionStateTopic(deps.topics, deps.metadata, deps.config, live);
}

/**
 * Loads __transaction_state at once when it exists (in-flight transactions are recovered; in a
 * cluster, partitions load as leadership arrives); otherwise the topic is created by the first
 * transactional request, as in Kafka.
 */
export function startTransactionCoordinator(deps: TxnCoordinatorDeps): TransactionCoordinator {
  const { config, metadata } = deps;
  const existing = metadata.topic(TRANSACTION_STATE_TOPIC);
  const appender = txnMarkerAppender(deps);
  const markers: TxnMarkerWriter = deps.cluster
    ? new RemoteTxnMarkerWriter({
        brokerId: deps.brokerId,
        metadata,
        listener: config.interBrokerListenerName,
        requestTimeoutMs: config.requestTimeoutMs,
        local: appender,
        logger: deps.logger,
      })
    : new LocalTxnMarkerWriter(appender);
  const cluster = deps.cluster;
  const coordinator = new TransactionCoordinator({
    config: {
      ...txnCoordinatorConfig(config),
      numPartitions: existing?.partitions.length ?? config.transactionStateLogNumPartitions,
    },
    log: new ReplicaTxnStateLog(deps.replicas, deps.brokerId, config.requestTimeoutMs),
    markers,
    producerIds: deps.producerIds,
    groups: txnOffsetGroups(deps.groups),
    offsetLog: new ReplicaTxnOffsetLog(deps.replicas),
    followsLeadership: cluster !== undefined,
    partitionExists: (topic, partition) => {
      const t = metadata.topic(topic);
      return t !== undefined && partition >= 0 && partition < t.partitions.length;
    },
    timer: deps.timer ?? systemTimer,
    logger: deps.logger,
    createTopic: () =>
      cluster
        ? createInCluster(deps, cluster.liveBrokers)
        : ensureTransactionStateTopic(deps.topics, metadata, config, 1),
  });
  if (existing) coordinator.start();
  return coordinator;
}
