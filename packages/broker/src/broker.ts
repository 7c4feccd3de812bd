/**
 * The composition root: builds the broker's subsystems in dependency order, starts a socket server
 * per listener, and tears everything down in reverse on stop(). Nothing else constructs subsystems.
 *
 * Start-up: metadata store → log manager (loads and recovers every partition) → replica manager →
 * topic manager (opens each partition as leader) → fetch manager → group coordinator (creates
 * __consumer_offsets if missing, loads it) → producer ids and the transaction coordinator (loads
 * __transaction_state if it exists, completing decided transactions) → listeners.
 * Shutdown: listeners close (no new requests) → group and transaction timers stop → waiting fetches complete → logs flush and write
 * their checkpoints → metadata store closes.
 */
import { LogManager, parseLogConfig } from '@samsa/storage';
import { DynamicBrokerConfigs } from './admin/dynamic-broker-configs.js';
import type { BrokerServices } from './broker-services.js';
import { type BrokerConfig, topicConfigDefaults } from './config/index.js';
import type { GroupCoordinator } from './coordinator/group/group-coordinator.js';
import { startGroupCoordinator } from './coordinator/group/start-group-coordinator.js';
import { FileProducerIdBlockStore, ProducerIdManager } from './coordinator/txn/producer-id-manager.js';
import { startTransactionCoordinator } from './coordinator/txn/start-transaction-coordinator.js';
import type { TransactionCoordinator } from './coordinator/txn/transaction-coordinator.js';
import { FetchManager } from './fetch/fetch-manager.js';
import { FetchSessionCache } from './fetch/fetch-session-cache.js';
import { createLogger, type Logger } from './logger.js';
import { FileMetadataStore } from './metadata/file-metadata-store.js';
import { LocalMetadataCache } from './metadata/local-metadata-cache.js';
import type { MetadataStore } from './metadata/metadata-store.js';
import { TopicManager } from './metadata/topic-manager.js';
import { RequestDispatcher } from './network/request-dispatcher.js';
import { SocketServer } from './network/socket-server.js';
import { ClientQuotaManager } from './quota/client-quota-manager.js';
import { ReplicaManager } from './replica/replica-manager.js';

export class Broker implements BrokerServices {
  private stopped = false;
  readonly dynamicConfigs: DynamicBrokerConfigs;
  readonly producerIds: ProducerIdManager;
  readonly txns: TransactionCoordinator;
  readonly quotas: ClientQuotaManager;

  private constructor(
    public config: BrokerConfig,
    readonly logger: Logger,
    readonly store: MetadataStore,
    readonly logs: LogManager,
    readonly replicas: ReplicaManager,
    readonly metadata: LocalMetadataCache,
    readonly topics: TopicManager,
    readonly fetcher: FetchManager,
    private readonly servers: SocketServer[],
    readonly groups: GroupCoordinator,
    txn: { producerIds: ProducerIdManager; coordinator: TransactionCoordinator },
  ) {
    this.dynamicConfigs = new DynamicBrokerConfigs(this, store, config.brokerId);
    this.producerIds = txn.producerIds;
    this.txns = txn.coordinator;
    this.quotas = new ClientQuotaManager(store, {
      samples: config.quotaWindowNum,
      windowMs: config.quotaWindowSizeSeconds * 1000,
    });
  }

  /** Applies a new configuration after a dynamic change (already validated and persisted). */
  applyConfig(next: BrokerConfig): void {
    this.config = next;
    this.topics.brokerConfigChanged(next);
    this.logger.info('dynamic broker configs changed');
  }

  get brokerId(): number {
    return this.config.brokerId;
  }

  static async start(staticConfig: BrokerConfig, logger: Logger = createLogger()): Promise<Broker> {
    const brokerId = staticConfig.brokerId;
    const log = logger.child({ broker: brokerId });
    const store = FileMetadataStore.open(staticConfig.logDirs[0] as string, brokerId);
    const config = DynamicBrokerConfigs.restore(staticConfig, store, brokerId);
    const defaults = topicConfigDefaults(config);
    const logs = await LogManager.open({
      logDirs: config.logDirs,
      defaultConfig: parseLogConfig(defaults),
      topicConfigs: (topic) => parseLogConfig({ ...defaults, ...(store.topic(topic)?.configs ?? {}) }),
      logger: log.child({ subsystem: 'storage' }),
    });
    const replicas = new ReplicaManager(brokerId, logs, log.child({ subsystem: 'replicas' }));
    const servers: SocketServer[] = [];
    const endpoint = (listener: string) => advertisedEndpoint(config, servers, listener);
    const metadata = new LocalMetadataCache(store, replicas, brokerId, config.rack, endpoint);
    const topics = new TopicManager(store, replicas, metadata, config, brokerId, log.child({ subsystem: 'topics' }));
    topics.start();
    const sessions = new FetchSessionCache(config.maxIncrementalFetchSessionCacheSlots);
    const fetcher = new FetchManager(replicas, metadata, sessions, config.fetchMaxBytes);
    const groups = await startGroupCoordinator({
      config,
      brokerId,
      topics,
      metadata,
      replicas,
      logger: log.child({ subsystem: 'groups' }),
    });
    const producerIds = new ProducerIdManager(new FileProducerIdBlockStore(config.logDirs[0] as string, brokerId));
    const txns = startTransactionCoordinator({
      config,
      brokerId,
      topics,
      metadata,
      replicas,
      groups,
      producerIds,
      logger: log.child({ subsystem: 'transactions' }),
    });
    const broker = new Broker(config, log, store, logs, replicas, metadata, topics, fetcher, servers, groups, {
      producerIds,
      coordinator: txns,
    });
    const dispatcher = new RequestDispatcher(broker, log.child({ subsystem: 'requests' }));
    for (const l of config.listeners) {
      servers.push(
        new SocketServer({
          name: l.name,
          host: l.host,
          port: l.port,
          maxRequestBytes: config.socketRequestMaxBytes,
          idleTimeoutMs: config.connectionsMaxIdleMs,
          maxConnections: config.maxConnections,
          logger: log.child({ subsystem: 'network' }),
          dispatch: (conn, payload) => dispatcher.dispatch(conn, payload),
        }),
      );
    }
    try {
      for (const s of servers) await s.start();
    } catch (err) {
      await broker.stop();
      throw err;
    }
    logs.startBackgroundTasks({
      retentionCheckIntervalMs: config.logRetentionCheckIntervalMs,
      flushCheckIntervalMs: config.logFlushSchedulerIntervalMs,
      checkpointIntervalMs: config.logFlushOffsetCheckpointIntervalMs,
      cleanerEnabled: config.logCleanerEnable,
      producerIdExpirationMs: config.producerIdExpirationMs,
      producerIdExpirationCheckIntervalMs: config.producerIdExpirationCheckIntervalMs,
    });
    log.info(
      { listeners: servers.map((s) => `${s.name}:${s.boundPort}`), clusterId: store.clusterId },
      'broker started',
    );
    return broker;
  }

  /** host:port of the first listener, as clients bootstrap from it. */
  get bootstrapServers(): string {
    const first = this.config.listeners[0];
    const { host, port } = advertisedEndpoint(this.config, this.servers, first?.name ?? 'PLAINTEXT');
    return `${host}:${port}`;
  }

  get port(): number {
    return this.servers[0]?.boundPort ?? 0;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.servers) await s.stop();
    this.groups.stop();
    this.txns.stop();
    this.replicas.fetchPurgatory.completeAll();
    await this.logs.close();
    await this.store.close();
    this.logger.info('broker stopped');
    this.logger.flush?.();
  }
}

/**
 * The endpoint clients are told to use for a listener: advertised.listeners' entry of that name,
 * with the bound port when it was 0 (ephemeral, as in tests) and localhost for an empty host.
 */
function advertisedEndpoint(
  config: BrokerConfig,
  servers: SocketServer[],
  listener: string,
): { host: string; port: number } {
  const adv = config.advertisedListeners.find((l) => l.name === listener) ?? config.advertisedListeners[0];
  const bound = servers.find((s) => s.name === listener) ?? servers[0];
  const host = adv?.host || 'localhost';
  const port = adv && adv.port !== 0 ? adv.port : (bound?.boundPort ?? 0);
  return { host, port };
}
