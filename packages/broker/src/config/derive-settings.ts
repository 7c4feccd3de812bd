/**
 * Builds BrokerSettings from resolved keys: plain keys are copied, and the values Kafka derives
 * from several keys (retention, roll, flush, log dirs, listeners, inter-broker listener, ZooKeeper
 * connection timeout, timestamp bounds) are computed with KafkaConfig's rules. Throws ConfigError
 * for values that parse but cannot be used (a malformed listener, an unknown listener name).
 */

import { ConfigError } from '@samsa/common';
import { parseHttpListener } from '@samsa/common/http';
import type { BrokerSettings } from './broker-settings.js';
import { logRetentionMs, logRollJitterMs, logRollMs, timestampBound } from './derived-values.js';
import { parseListeners, parseSecurityProtocolMap, type SecurityProtocol } from './listeners.js';
import type { ResolvedConfig } from './resolved-config.js';

const MINUTE_MS = 60_000;

export function deriveSettings(r: ResolvedConfig): BrokerSettings {
  const n = (name: string) => r.number(name);
  const b = (name: string) => r.boolean(name);
  const protocols = parseSecurityProtocolMap(
    'listener.security.protocol.map',
    r.string('listener.security.protocol.map'),
  );
  const listeners = parseListeners(r.string('listeners'), { key: 'listeners', protocols, requireDistinctPorts: true });
  const advertised = r.stringOrNull('advertised.listeners');
  const interBroker = interBrokerListener(r, protocols);
  const rack = r.stringOrNull('broker.rack');
  return {
    brokerId: n('broker.id'),
    nodeId: n('node.id'),
    brokerRack: rack,
    rack,

    listeners,
    advertisedListeners:
      advertised === null
        ? listeners
        : parseListeners(advertised, { key: 'advertised.listeners', protocols, requireDistinctPorts: false }),
    listenerSecurityProtocolMap: protocols,
    interBrokerListenerName: interBroker.name,
    interBrokerSecurityProtocol: interBroker.protocol,
    controlPlaneListenerName: r.stringOrNull('control.plane.listener.name')?.toUpperCase() ?? null,
    socketSendBufferBytes: n('socket.send.buffer.bytes'),
    socketReceiveBufferBytes: n('socket.receive.buffer.bytes'),
    socketRequestMaxBytes: n('socket.request.max.bytes'),
    socketListenBacklogSize: n('socket.listen.backlog.size'),
    connectionsMaxIdleMs: n('connections.max.idle.ms'),
    maxConnections: n('max.connections'),
    maxConnectionsPerIp: n('max.connections.per.ip'),
    maxConnectionCreationRate: n('max.connection.creation.rate'),
    maxConnectionsPerIpOverrides: connectionOverrides(r.string('max.connections.per.ip.overrides')),
    numNetworkThreads: n('num.network.threads'),
    numIoThreads: n('num.io.threads'),
    backgroundThreads: n('background.threads'),
    queuedMaxRequests: n('queued.max.requests'),
    queuedMaxRequestBytes: n('queued.max.request.bytes'),
    requestTimeoutMs: n('request.timeout.ms'),
    maxRequestPartitionSizeLimit: n('max.request.partition.size.limit'),

    logDirs: logDirs(r),
    numPartitions: n('num.partitions'),
    defaultReplicationFactor: n('default.replication.factor'),
    autoCreateTopicsEnable: b('auto.create.topics.enable'),
    deleteTopicEnable: b('delete.topic.enable'),
    messageMaxBytes: n('message.max.bytes'),
    compressionType: r.string('compression.type'),
    minInsyncReplicas: n('min.insync.replicas'),
    uncleanLeaderElectionEnable: b('unclean.leader.election.enable'),
    logSegmentBytes: n('log.segment.bytes'),
    logRollMs: logRollMs(r).value,
    logRollJitterMs: logRollJitterMs(r).value,
    logRetentionMs: logRetentionMs(r).value,
    logRetentionBytes: n('log.retention.bytes'),
    logRetentionCheckIntervalMs: n('log.retention.check.interval.ms'),
    logCleanupPolicy: r.list('log.cleanup.policy'),
    logSegmentDeleteDelayMs: n('log.segment.delete.delay.ms'),
    logIndexIntervalBytes: n('log.index.interval.bytes'),
    logIndexSizeMaxBytes: n('log.index.size.max.bytes'),
    logFlushIntervalMessages: n('log.flush.interval.messages'),
    logFlushIntervalMs: r.numberOrNull('log.flush.interval.ms') ?? n('log.flush.scheduler.interval.ms'),
    logFlushSchedulerIntervalMs: n('log.flush.scheduler.interval.ms'),
    logFlushOffsetCheckpointIntervalMs: n('log.flush.offset.checkpoint.interval.ms'),
    logFlushStartOffsetCheckpointIntervalMs: n('log.flush.start.offset.checkpoint.interval.ms'),
    logPreallocate: b('log.preallocate'),
    logMessageTimestampType: r.string('log.message.timestamp.type') as 'CreateTime' | 'LogAppendTime',
    logMessageTimestampBeforeMaxMs: timestampBound(r, 'log.message.timestamp.before.max.ms').value,
    logMessageTimestampAfterMaxMs: timestampBound(r, 'log.message.timestamp.after.max.ms').value,
    numRecoveryThreadsPerDataDir: n('num.recovery.threads.per.data.dir'),

    logCleanerEnable: b('log.cleaner.enable'),
    logCleanerThreads: n('log.cleaner.threads'),
    logCleanerBackoffMs: n('log.cleaner.backoff.ms'),
    logCleanerMinCleanableRatio: n('log.cleaner.min.cleanable.ratio'),
    logCleanerDeleteRetentionMs: n('log.cleaner.delete.retention.ms'),
    logCleanerMinCompactionLagMs: n('log.cleaner.min.compaction.lag.ms'),
    logCleanerMaxCompactionLagMs: n('log.cleaner.max.compaction.lag.ms'),
    logCleanerDedupeBufferSize: n('log.cleaner.dedupe.buffer.size'),
    logCleanerIoBufferSize: n('log.cleaner.io.buffer.size'),
    logCleanerIoBufferLoadFactor: n('log.cleaner.io.buffer.load.factor'),
    logCleanerIoMaxBytesPerSecond: n('log.cleaner.io.max.bytes.per.second'),

    replicaLagTimeMaxMs: n('replica.lag.time.max.ms'),
    replicaFetchMaxBytes: n('replica.fetch.max.bytes'),
    replicaFetchWaitMaxMs: n('replica.fetch.wait.max.ms'),
    replicaFetchMinBytes: n('replica.fetch.min.bytes'),
    replicaFetchBackoffMs: n('replica.fetch.backoff.ms'),
    replicaFetchResponseMaxBytes: n('replica.fetch.response.max.bytes'),
    replicaSocketTimeoutMs: n('replica.socket.timeout.ms'),
    replicaSocketReceiveBufferBytes: n('replica.socket.receive.buffer.bytes'),
    replicaHighWatermarkCheckpointIntervalMs: n('replica.high.watermark.checkpoint.interval.ms'),
    numReplicaFetchers: n('num.replica.fetchers'),
    autoLeaderRebalanceEnable: b('auto.leader.rebalance.enable'),
    leaderImbalancePerBrokerPercentage: n('leader.imbalance.per.broker.percentage'),
    leaderImbalanceCheckIntervalSeconds: n('leader.imbalance.check.interval.seconds'),
    controlledShutdownEnable: b('controlled.shutdown.enable'),
    controlledShutdownMaxRetries: n('controlled.shutdown.max.retries'),
    controlledShutdownRetryBackoffMs: n('controlled.shutdown.retry.backoff.ms'),
    controllerSocketTimeoutMs: n('controller.socket.timeout.ms'),
    fetchPurgatoryPurgeIntervalRequests: n('fetch.purgatory.purge.interval.requests'),
    producerPurgatoryPurgeIntervalRequests: n('producer.purgatory.purge.interval.requests'),
    deleteRecordsPurgatoryPurgeIntervalRequests: n('delete.records.purgatory.purge.interval.requests'),

    fetchMaxBytes: n('fetch.max.bytes'),
    maxIncrementalFetchSessionCacheSlots: n('max.incremental.fetch.session.cache.slots'),
    quotaWindowNum: n('quota.window.num'),
    quotaWindowSizeSeconds: n('quota.window.size.seconds'),
    controllerQuotaWindowNum: n('controller.quota.window.num'),
    controllerQuotaWindowSizeSeconds: n('controller.quota.window.size.seconds'),

    groupMinSessionTimeoutMs: n('group.min.session.timeout.ms'),
    groupMaxSessionTimeoutMs: n('group.max.session.timeout.ms'),
    groupInitialRebalanceDelayMs: n('group.initial.rebalance.delay.ms'),
    groupMaxSize: n('group.max.size'),
    groupCoordinatorRebalanceProtocols: r.list('group.coordinator.rebalance.protocols'),
    groupConsumerSessionTimeoutMs: n('group.consumer.session.timeout.ms'),
    groupConsumerHeartbeatIntervalMs: n('group.consumer.heartbeat.interval.ms'),
    groupConsumerMaxSize: n('group.consumer.max.size'),
    groupConsumerAssignors: r.list('group.consumer.assignors'),
    offsetMetadataMaxBytes: n('offset.metadata.max.bytes'),
    offsetsLoadBufferSize: n('offsets.load.buffer.size'),
    offsetsTopicNumPartitions: n('offsets.topic.num.partitions'),
    offsetsTopicReplicationFactor: n('offsets.topic.replication.factor'),
    offsetsTopicSegmentBytes: n('offsets.topic.segment.bytes'),
    offsetsTopicCompressionCodec: n('offsets.topic.compression.codec'),
    offsetsRetentionMinutes: n('offsets.retention.minutes'),
    offsetsRetentionMs: n('offsets.retention.minutes') * MINUTE_MS,
    offsetsRetentionCheckIntervalMs: n('offsets.retention.check.interval.ms'),
    offsetsCommitTimeoutMs: n('offsets.commit.timeout.ms'),

    transactionStateLogNumPartitions: n('transaction.state.log.num.partitions'),
    transactionStateLogReplicationFactor: n('transaction.state.log.replication.factor'),
    transactionStateLogMinIsr: n('transaction.state.log.min.isr'),
    transactionStateLogSegmentBytes: n('transaction.state.log.segment.bytes'),
    transactionStateLogLoadBufferSize: n('transaction.state.log.load.buffer.size'),
    transactionalIdExpirationMs: n('transactional.id.expiration.ms'),
    transactionMaxTimeoutMs: n('transaction.max.timeout.ms'),
    transactionAbortTimedOutTransactionCleanupIntervalMs: n(
      'transaction.abort.timed.out.transaction.cleanup.interval.ms',
    ),
    transactionRemoveExpiredTransactionCleanupIntervalMs: n(
      'transaction.remove.expired.transaction.cleanup.interval.ms',
    ),
    transactionPartitionVerificationEnable: b('transaction.partition.verification.enable'),
    producerIdExpirationMs: n('producer.id.expiration.ms'),
    producerIdExpirationCheckIntervalMs: n('producer.id.expiration.check.interval.ms'),

    zookeeperConnect: r.stringOrNull('zookeeper.connect'),
    zookeeperSessionTimeoutMs: n('zookeeper.session.timeout.ms'),
    zookeeperConnectionTimeoutMs:
      r.numberOrNull('zookeeper.connection.timeout.ms') ?? n('zookeeper.session.timeout.ms'),
    zookeeperSetAcl: b('zookeeper.set.acl'),
    zookeeperJaasFile: r.stringOrNull('java.security.auth.login.config'),
    zookeeperJaasSection: r.string('zookeeper.sasl.clientconfig'),
    zookeeperMaxInFlightRequests: n('zookeeper.max.in.flight.requests'),

    authorizerClassName: r.string('authorizer.class.name'),
    superUsers: (r.stringOrNull('super.users') ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    allowEveryoneIfNoAclFound: b('allow.everyone.if.no.acl.found'),
    saslEnabledMechanisms: r.list('sasl.enabled.mechanisms'),
    saslMechanismInterBrokerProtocol: r.string('sasl.mechanism.inter.broker.protocol'),
    sslClientAuth: r.string('ssl.client.auth') as 'required' | 'requested' | 'none',

    adminListeners: httpListeners('admin.listeners', r.stringOrNull('admin.listeners')),
    schemaRegistryListeners: httpListeners('schema.registry.listeners', r.stringOrNull('schema.registry.listeners'), 1),
    restProxyListeners: httpListeners('rest.proxy.listeners', r.stringOrNull('rest.proxy.listeners'), 1),
    metricsPartitionSeriesEnable: b('metrics.partition.series.enable'),
    consoleListeners: httpListeners('console.listeners', r.stringOrNull('console.listeners')),
    consoleReadOnly: b('console.read.only'),
  };
}

/** An HTTP listeners key split on commas; each must be an http://host:port URL. */
function httpListeners(key: string, text: string | null, max = Number.POSITIVE_INFINITY): readonly string[] {
  const urls = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (urls.length > max) throw ConfigError.invalidValue(key, text, `at most ${max} URL(s)`);
  for (const url of urls) {
    try {
      parseHttpListener(url);
    } catch (err) {
      throw ConfigError.invalidValue(key, text, (err as Error).message);
    }
  }
  return urls;
}

/** log.dirs when set, else log.dir, split on commas. */
function logDirs(r: ResolvedConfig): readonly string[] {
  const dirs = r.stringOrNull('log.dirs') ?? r.string('log.dir');
  return dirs.split(/\s*,\s*/).filter((d) => d !== '');
}

function interBrokerListener(
  r: ResolvedConfig,
  protocols: ReadonlyMap<string, SecurityProtocol>,
): { name: string; protocol: SecurityProtocol } {
  const configured = r.stringOrNull('inter.broker.listener.name');
  if (configured === null) {
    const protocol = r.string('security.inter.broker.protocol') as SecurityProtocol;
    return { name: protocol, protocol };
  }
  if (r.layers.staticConfigs.has('security.inter.broker.protocol')) {
    throw new ConfigError(
      'INVALID_VALUE',
      'inter.broker.listener.name',
      'Only one of inter.broker.listener.name and security.inter.broker.protocol should be set.',
    );
  }
  const name = configured.toUpperCase();
  const protocol = protocols.get(name);
  if (!protocol) {
    throw ConfigError.invalidValue(
      'inter.broker.listener.name',
      configured,
      'Listener with this name not found in listener.security.protocol.map',
    );
  }
  return { name, protocol };
}

function connectionOverrides(value: string): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  if (value.trim() === '') return map;
  for (const entry of value.trim().split(/\s*,\s*/)) {
    const colon = entry.lastIndexOf(':');
    const limit =
      colon > 0 && /^\d+$/.test(entry.slice(colon + 1).trim()) ? Number(entry.slice(colon + 1)) : Number.NaN;
    if (Number.isNaN(limit) || limit > 2147483647) {
      throw ConfigError.invalidValue(
        'max.connections.per.ip.overrides',
        value,
        `Expected host:count but found '${entry}'`,
      );
    }
    map.set(entry.slice(0, colon).trim(), limit);
  }
  return map;
}
