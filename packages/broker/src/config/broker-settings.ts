/**
 * The typed, camelCase view of the configuration that broker code reads (config.numPartitions
 * rather than config.get('num.partitions')). Values that Kafka derives from several keys are
 * derived here once, with Kafka's precedence: log.retention.ms > minutes > hours (negative means
 * unlimited, reported as -1), log.roll.ms > hours, log.dirs > log.dir, advertised.listeners >
 * listeners, and so on.
 *
 * Durations of Long.MAX_VALUE (9.2e18, Kafka's "never") do not fit a Node timer, which would fire
 * after 1 ms instead: clamp them before setTimeout/setInterval.
 */
import type { Listener, SecurityProtocol } from './listeners.js';

export interface BrokerSettings {
  // Identity
  readonly brokerId: number;
  readonly nodeId: number;
  readonly brokerRack: string | null;
  /** Same as brokerRack. */
  readonly rack: string | null;

  // Listeners and sockets
  readonly listeners: readonly Listener[];
  /** advertised.listeners, or listeners when it is not set. */
  readonly advertisedListeners: readonly Listener[];
  readonly listenerSecurityProtocolMap: ReadonlyMap<string, SecurityProtocol>;
  readonly interBrokerListenerName: string;
  readonly interBrokerSecurityProtocol: SecurityProtocol;
  /** control.plane.listener.name (upper case), or null: the controller then uses the inter-broker listener. */
  readonly controlPlaneListenerName: string | null;
  readonly socketSendBufferBytes: number;
  readonly socketReceiveBufferBytes: number;
  readonly socketRequestMaxBytes: number;
  readonly socketListenBacklogSize: number;
  readonly connectionsMaxIdleMs: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
  /** max.connection.creation.rate, broker-wide. */
  readonly maxConnectionCreationRate: number;
  /** max.connections.per.ip.overrides as host → limit. */
  readonly maxConnectionsPerIpOverrides: ReadonlyMap<string, number>;
  readonly numNetworkThreads: number;
  readonly numIoThreads: number;
  readonly backgroundThreads: number;
  readonly queuedMaxRequests: number;
  readonly queuedMaxRequestBytes: number;
  readonly requestTimeoutMs: number;
  /** max.request.partition.size.limit: partitions per DescribeTopicPartitions response. */
  readonly maxRequestPartitionSizeLimit: number;

  // Topics and logs
  readonly logDirs: readonly string[];
  readonly numPartitions: number;
  readonly defaultReplicationFactor: number;
  readonly autoCreateTopicsEnable: boolean;
  readonly deleteTopicEnable: boolean;
  readonly messageMaxBytes: number;
  readonly compressionType: string;
  readonly minInsyncReplicas: number;
  readonly uncleanLeaderElectionEnable: boolean;
  readonly logSegmentBytes: number;
  /** log.roll.ms, else log.roll.hours in ms. */
  readonly logRollMs: number;
  /** log.roll.jitter.ms, else log.roll.jitter.hours in ms. */
  readonly logRollJitterMs: number;
  /** log.retention.ms, else minutes, else hours, in ms; -1 means unlimited. */
  readonly logRetentionMs: number;
  /** -1 means unlimited. */
  readonly logRetentionBytes: number;
  readonly logRetentionCheckIntervalMs: number;
  readonly logCleanupPolicy: readonly string[];
  readonly logSegmentDeleteDelayMs: number;
  readonly logIndexIntervalBytes: number;
  readonly logIndexSizeMaxBytes: number;
  readonly logFlushIntervalMessages: number;
  /** log.flush.interval.ms, else log.flush.scheduler.interval.ms. */
  readonly logFlushIntervalMs: number;
  readonly logFlushSchedulerIntervalMs: number;
  readonly logFlushOffsetCheckpointIntervalMs: number;
  readonly logFlushStartOffsetCheckpointIntervalMs: number;
  readonly logPreallocate: boolean;
  readonly logMessageTimestampType: 'CreateTime' | 'LogAppendTime';
  /** log.message.timestamp.before.max.ms, or the deprecated difference.max.ms while it is at its default. */
  readonly logMessageTimestampBeforeMaxMs: number;
  /** log.message.timestamp.after.max.ms, or the deprecated difference.max.ms while it is at its default. */
  readonly logMessageTimestampAfterMaxMs: number;
  readonly numRecoveryThreadsPerDataDir: number;

  // Log cleaner
  readonly logCleanerEnable: boolean;
  readonly logCleanerThreads: number;
  readonly logCleanerBackoffMs: number;
  readonly logCleanerMinCleanableRatio: number;
  readonly logCleanerDeleteRetentionMs: number;
  readonly logCleanerMinCompactionLagMs: number;
  readonly logCleanerMaxCompactionLagMs: number;
  readonly logCleanerDedupeBufferSize: number;
  readonly logCleanerIoBufferSize: number;
  readonly logCleanerIoBufferLoadFactor: number;
  readonly logCleanerIoMaxBytesPerSecond: number;

  // Replication and leadership
  readonly replicaLagTimeMaxMs: number;
  readonly replicaFetchMaxBytes: number;
  readonly replicaFetchWaitMaxMs: number;
  readonly replicaFetchMinBytes: number;
  readonly replicaFetchBackoffMs: number;
  readonly replicaFetchResponseMaxBytes: number;
  readonly replicaSocketTimeoutMs: number;
  readonly replicaSocketReceiveBufferBytes: number;
  readonly replicaHighWatermarkCheckpointIntervalMs: number;
  readonly numReplicaFetchers: number;
  readonly autoLeaderRebalanceEnable: boolean;
  readonly leaderImbalancePerBrokerPercentage: number;
  readonly leaderImbalanceCheckIntervalSeconds: number;
  readonly controlledShutdownEnable: boolean;
  readonly controlledShutdownMaxRetries: number;
  readonly controlledShutdownRetryBackoffMs: number;
  readonly controllerSocketTimeoutMs: number;
  readonly fetchPurgatoryPurgeIntervalRequests: number;
  readonly producerPurgatoryPurgeIntervalRequests: number;
  readonly deleteRecordsPurgatoryPurgeIntervalRequests: number;

  // Fetch sessions and quotas
  readonly fetchMaxBytes: number;
  readonly maxIncrementalFetchSessionCacheSlots: number;
  readonly quotaWindowNum: number;
  readonly quotaWindowSizeSeconds: number;
  /** controller.quota.window.num and .size.seconds: the controller mutation quota's burst (KIP-599). */
  readonly controllerQuotaWindowNum: number;
  readonly controllerQuotaWindowSizeSeconds: number;

  // Group coordinator and offsets
  readonly groupMinSessionTimeoutMs: number;
  readonly groupMaxSessionTimeoutMs: number;
  readonly groupInitialRebalanceDelayMs: number;
  readonly groupMaxSize: number;
  readonly groupCoordinatorRebalanceProtocols: readonly string[];
  readonly groupConsumerSessionTimeoutMs: number;
  readonly groupConsumerHeartbeatIntervalMs: number;
  readonly groupConsumerMaxSize: number;
  readonly groupConsumerAssignors: readonly string[];
  readonly offsetMetadataMaxBytes: number;
  readonly offsetsLoadBufferSize: number;
  readonly offsetsTopicNumPartitions: number;
  readonly offsetsTopicReplicationFactor: number;
  readonly offsetsTopicSegmentBytes: number;
  readonly offsetsTopicCompressionCodec: number;
  readonly offsetsRetentionMinutes: number;
  /** offsets.retention.minutes in ms. */
  readonly offsetsRetentionMs: number;
  readonly offsetsRetentionCheckIntervalMs: number;
  readonly offsetsCommitTimeoutMs: number;

  // Transactions and producer ids
  readonly transactionStateLogNumPartitions: number;
  readonly transactionStateLogReplicationFactor: number;
  readonly transactionStateLogMinIsr: number;
  readonly transactionStateLogSegmentBytes: number;
  readonly transactionStateLogLoadBufferSize: number;
  readonly transactionalIdExpirationMs: number;
  readonly transactionMaxTimeoutMs: number;
  readonly transactionAbortTimedOutTransactionCleanupIntervalMs: number;
  readonly transactionRemoveExpiredTransactionCleanupIntervalMs: number;
  readonly transactionPartitionVerificationEnable: boolean;
  readonly producerIdExpirationMs: number;
  readonly producerIdExpirationCheckIntervalMs: number;

  // ZooKeeper
  /** null: a standalone broker without ZooKeeper. */
  readonly zookeeperConnect: string | null;
  readonly zookeeperSessionTimeoutMs: number;
  /** zookeeper.connection.timeout.ms, else zookeeper.session.timeout.ms. */
  readonly zookeeperConnectionTimeoutMs: number;
  readonly zookeeperSetAcl: boolean;
  /** java.security.auth.login.config: the JAAS file holding the ZooKeeper credentials. */
  readonly zookeeperJaasFile: string | null;
  /** zookeeper.sasl.clientconfig: its section (Client). */
  readonly zookeeperJaasSection: string;
  readonly zookeeperMaxInFlightRequests: number;

  // Security
  readonly authorizerClassName: string;
  /** super.users split on ';' (principals such as User:admin). */
  readonly superUsers: readonly string[];
  readonly allowEveryoneIfNoAclFound: boolean;
  readonly saslEnabledMechanisms: readonly string[];
  readonly saslMechanismInterBrokerProtocol: string;
  readonly sslClientAuth: 'required' | 'requested' | 'none';

  // Admin HTTP listener and metrics
  /** admin.listeners as URLs (http://host:port), each checked; empty: no HTTP listener. */
  readonly adminListeners: readonly string[];
  /** schema.registry.listeners: at most one http://host:port URL; empty: no embedded registry. */
  readonly schemaRegistryListeners: readonly string[];
  /** rest.proxy.listeners: at most one http://host:port URL; empty: no embedded REST proxy. */
  readonly restProxyListeners: readonly string[];
  readonly metricsPartitionSeriesEnable: boolean;
  /** console.listeners as URLs, each checked; empty: no embedded web console. */
  readonly consoleListeners: readonly string[];
  readonly consoleReadOnly: boolean;
}
