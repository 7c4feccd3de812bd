/**
 * The composition root: builds the broker's subsystems in dependency order, starts a socket server
 * per listener, and tears everything down in reverse on stop(). Nothing else constructs subsystems.
 *
 * Start-up: listeners bind (nothing is written before every port is ours) → log dirs are created and
 * checked → metadata store → log manager (loads and recovers every partition) → replica manager →
 * topic manager (opens each partition as leader) → fetch manager → group coordinator (creates
 * __consumer_offsets if missing, loads it) → producer ids and the transaction coordinator (loads
 * __transaction_state if it exists, completing decided transactions) → listeners serve requests →
 * (cluster mode) registration in ZooKeeper. A failure at any step undoes the steps before it.
 * Shutdown: listeners close (no new requests) → group and transaction timers stop → waiting fetches complete → logs flush and write
 * their checkpoints → metadata store closes.
 */

import { createLogger, type Logger, Password } from '@samsa/common';
import type { HttpServer } from '@samsa/common/http';
import type { ConsoleServer } from '@samsa/console';
import { SchemaRegistry } from '@samsa/registry';
import { RestProxy } from '@samsa/rest-proxy';
import { type FileSystem, type LogConfig, LogManager, parseLogConfig } from '@samsa/storage';
import { DynamicBrokerConfigs } from './admin/dynamic-broker-configs.js';
import type { BrokerServices, PrincipalBuilder } from './broker-services.js';
import { AlterPartitionClient } from './cluster/alter-partition-client.js';
import { ClusterMembership } from './cluster/cluster-membership.js';
import { controlledShutdown } from './cluster/controlled-shutdown.js';
import { type BrokerConfig, topicConfigDefaults } from './config/index.js';
import type { ControllerService } from './controller/controller-service.js';
import { SingleBrokerController } from './controller/single-broker-controller.js';
import type { GroupCoordinator } from './coordinator/group/group-coordinator.js';
import { OFFSETS_TOPIC } from './coordinator/group/group-partition.js';
import { ensureOffsetsTopic } from './coordinator/group/offsets-topic.js';
import { startGroupCoordinator } from './coordinator/group/start-group-coordinator.js';
import {
  FileProducerIdBlockStore,
  ProducerIdManager,
  type ProducerIdSource,
} from './coordinator/txn/producer-id-manager.js';
import { startTransactionCoordinator } from './coordinator/txn/start-transaction-coordinator.js';
import type { TransactionCoordinator } from './coordinator/txn/transaction-coordinator.js';
import { ZkProducerIds } from './coordinator/txn/zk-producer-ids.js';
import { BrokerError } from './errors/broker-error.js';
import { FetchManager } from './fetch/fetch-manager.js';
import { FetchSessionCache } from './fetch/fetch-session-cache.js';
import { startAdminListeners } from './http/admin-listener.js';
import { BrokerStatus } from './http/broker-status.js';
import { startEmbeddedConsoles } from './http/embedded-console.js';
import { advertisedHostFor, EmbeddedService } from './http/embedded-service.js';
import { type LogDirLock, lockLogDirs } from './log-dir-lock.js';
import { prepareLogDirs, removeCreatedLogDirs } from './log-dirs-check.js';
import { ClusterMetadataCache } from './metadata/cluster-metadata-cache.js';
import { FileMetadataStore } from './metadata/file-metadata-store.js';
import { LocalMetadataCache } from './metadata/local-metadata-cache.js';
import type { MetadataCache } from './metadata/metadata-cache.js';
import type { MetadataStore } from './metadata/metadata-store.js';
import { type ClusterPlacement, TopicManager } from './metadata/topic-manager.js';
import { ZkMetadataStore } from './metadata/zk-metadata-store.js';
import { BrokerMetrics } from './metrics/broker-metrics.js';
import type { ListenerConnections, MetricsSource } from './metrics/metrics-source.js';
import { RequestProbe } from './metrics/request-probe.js';
import { recordBuffers } from './network/buffer-pool.js';
import { type ConnectionLimits, ConnectionQuotas } from './network/connection-quotas.js';
import { setInterBrokerSecurity } from './network/inter-broker-security.js';
import { RequestDispatcher } from './network/request-dispatcher.js';
import { SocketServer } from './network/socket-server.js';
import { ClientQuotaManager } from './quota/client-quota-manager.js';
import { CONNECTION_CREATION_RATE, IP } from './quota/quota-entity.js';
import { ReplicaManager } from './replica/replica-manager.js';
import { AclAuthorizer } from './security/authorizer/acl-authorizer.js';
import { LocalAclStore } from './security/authorizer/acl-store.js';
import { ZkAclStore } from './security/authorizer/zk-acl-store.js';
import { interBrokerSecurityOf, listenerTlsOf, tlsSettingsChanged } from './security/broker-tls.js';
import { checkSameIdentity } from './security/listener-tls.js';
import { isSaslListener, saslListenerSettings } from './security/sasl/sasl-listener-config.js';
import { bootstrapScramCredentials, parseBootstrapCredentials } from './security/sasl/scram-bootstrap.js';
import { ScramCredentialStore } from './security/sasl/scram-credential-store.js';
import { UndoStack } from './undo-stack.js';
import { zkSecurityOf } from './zk/zk-security.js';

export interface BrokerStartOptions {
  /**
   * Where the partition logs live: node:fs by default; tests pass storage's MemoryFileSystem to
   * fail writes (a full disk). The metadata files beside them stay on node:fs.
   */
  logFileSystem?: FileSystem;
  /** Test-only: names each request's principal (see PrincipalBuilder). */
  principalBuilder?: PrincipalBuilder;
}

export class Broker implements BrokerServices, MetricsSource {
  private stopped = false;
  readonly dynamicConfigs: DynamicBrokerConfigs;
  readonly producerIds: ProducerIdSource;
  readonly txns: TransactionCoordinator;
  readonly quotas: ClientQuotaManager;
  authorizer: AclAuthorizer | null = null;
  principalBuilder: PrincipalBuilder | null = null;
  /** Requests per API and their times, recorded by the dispatcher, read by /metrics. */
  readonly requestProbe = new RequestProbe();
  /** starting → serving → stopping, for /v1/status/ready. */
  readonly status: BrokerStatus;
  private adminServers: HttpServer[] = [];
  private consoleServers: ConsoleServer[] = [];
  /** The `.lock` of every log dir, released last on stop. */
  private logDirLocks: LogDirLock[] = [];
  /** The embedded Schema Registry (schema.registry.listeners), null when off. */
  schemaRegistry: EmbeddedService<SchemaRegistry> | null = null;
  /** The embedded REST proxy (rest.proxy.listeners), null when off. */
  restProxy: EmbeddedService<RestProxy> | null = null;
  readonly scram: ScramCredentialStore;

  private constructor(
    public config: BrokerConfig,
    readonly logger: Logger,
    readonly store: MetadataStore,
    readonly logs: LogManager,
    readonly replicas: ReplicaManager,
    readonly metadata: MetadataCache,
    readonly topics: TopicManager,
    readonly fetcher: FetchManager,
    private readonly servers: SocketServer[],
    readonly groups: GroupCoordinator,
    txn: { producerIds: ProducerIdSource; coordinator: TransactionCoordinator },
    readonly cluster: ClusterMembership | null,
  ) {
    this.dynamicConfigs = new DynamicBrokerConfigs(this, store, config.brokerId);
    this.producerIds = txn.producerIds;
    this.txns = txn.coordinator;
    this.quotas = new ClientQuotaManager(
      store,
      { samples: config.quotaWindowNum, windowMs: config.quotaWindowSizeSeconds * 1000 },
      { samples: config.controllerQuotaWindowNum, windowMs: config.controllerQuotaWindowSizeSeconds * 1000 },
    );
    // connection_creation_rate of the ip entity, else of the default ip (Kafka's order).
    servers[0]?.connectionQuotas?.setIpQuotaSource(
      (ip) =>
        this.quotas.quotasOf({ [IP]: ip })[CONNECTION_CREATION_RATE] ??
        this.quotas.quotasOf({ [IP]: null })[CONNECTION_CREATION_RATE],
    );
    this.scram = new ScramCredentialStore(store);
    // Quotas and SCRAM credentials share /config/users/<user>: one watch reloads both.
    if (store instanceof ZkMetadataStore)
      store.on('quotasChanged', () => {
        this.quotas.reload();
        this.scram.reload();
      });
    const cache = metadata;
    this.status = new BrokerStatus(
      cache instanceof ClusterMetadataCache ? () => cache.liveBroker(config.brokerId) !== undefined : undefined,
    );
  }

  /** The bound web console listeners (console.listeners), as URLs with their real ports. */
  get consoleUrls(): string[] {
    return this.consoleServers.map((s) => s.url);
  }

  /** The bound admin HTTP listeners (admin.listeners), as URLs with their real ports. */
  get adminUrls(): string[] {
    return this.adminServers.map((s) => s.url);
  }

  get logDirs(): readonly string[] {
    return this.config.logDirs;
  }

  listenerConnections(): ListenerConnections[] {
    return this.servers.map((s) => ({
      name: s.name,
      connections: s.connectionCount,
      authentications: s.authentications,
    }));
  }

  isActiveController(): boolean {
    return this.controller?.isActive ?? false;
  }

  /**
   * Refuses a dynamic change whose TLS settings cannot be loaded (a missing or unreadable key
   * store), before it is persisted, as Kafka validates a new key store at AlterConfigs.
   * `updatedKeys`: the keys the request set, so that a store re-set under the same path (a file
   * rewritten in place) is loaded again.
   */
  validateConfig(next: BrokerConfig, updatedKeys: readonly string[] = []): void {
    for (const s of this.servers) {
      if (!tlsReloadNeeded(this.config, next, s.name, updatedKeys)) continue;
      const tls = listenerTlsOf(next, s.name, s.securityProtocol);
      const current = s.currentTls;
      if (tls && current) checkSameIdentity(s.name, current, tls);
    }
    interBrokerSecurityOf(next);
  }

  /** Applies a new configuration after a dynamic change (already validated and persisted). */
  applyConfig(next: BrokerConfig, updatedKeys: readonly string[] = []): void {
    const previous = this.config;
    this.config = next;
    // Kafka reloads a listener's TLS context for new connections; established ones keep theirs.
    reloadChangedTls(this.servers, previous, next, updatedKeys);
    // One ConnectionQuotas is shared by every listener (bindListeners): update it once.
    this.servers[0]?.connectionQuotas?.update(connectionLimitsOf(next));
    setInterBrokerSecurity(next.brokerId, interBrokerSecurityOf(next));
    this.topics.brokerConfigChanged(next);
    this.logger.info('dynamic broker configs changed');
  }

  get brokerId(): number {
    return this.config.brokerId;
  }

  private singleBrokerController: SingleBrokerController | null = null;

  get controller(): ControllerService | null {
    if (this.cluster) return this.cluster.controller;
    this.singleBrokerController ??= new SingleBrokerController({ brokerId: this.brokerId, metadata: this.metadata });
    return this.singleBrokerController;
  }

  private creatingOffsets: Promise<void> | null = null;

  /** Cluster mode: __consumer_offsets with its full replication factor, once enough brokers are alive. */
  createOffsetsTopic(): Promise<void> {
    const cache = this.metadata;
    if (!this.cluster || !(cache instanceof ClusterMetadataCache)) return Promise.resolve();
    const live = cache.liveBrokerIds().length;
    if (live < this.config.offsetsTopicReplicationFactor) {
      this.logger.warn(
        { live, required: this.config.offsetsTopicReplicationFactor },
        'not enough live brokers for offsets.topic.replication.factor; __consumer_offsets not created yet',
      );
      return Promise.resolve();
    }
    this.creatingOffsets ??= ensureOffsetsTopic(this.topics, cache, this.config, live)
      .then(
        () => undefined,
        (err) => this.logger.warn({ err: String(err) }, 'creating __consumer_offsets failed'),
      )
      .finally(() => {
        this.creatingOffsets = null;
      });
    return this.creatingOffsets;
  }

  async ensureTopicsKnown(names: Iterable<string>): Promise<void> {
    if (this.store instanceof ZkMetadataStore) await this.store.ensureTopics(names);
  }

  /**
   * Starts a broker. Rejects with ListenerBindError (a port is taken) or LogDirError (a log dir
   * cannot be created or written) before anything is written, and in every case of failure
   * leaves nothing running: what was started is stopped again.
   */
  static async start(
    staticConfig: BrokerConfig,
    logger: Logger = createLogger(),
    options: BrokerStartOptions = {},
  ): Promise<Broker> {
    const log = logger.child({ broker: staticConfig.brokerId });
    // Before anything connects to another broker (the controller may start at once); refined
    // once stored dynamic configs are applied. Throws SslConfigError for stores that do not load.
    setInterBrokerSecurity(staticConfig.brokerId, interBrokerSecurityOf(staticConfig));
    let servers: SocketServer[];
    try {
      servers = await bindListeners(staticConfig, log.child({ subsystem: 'network' }));
    } catch (err) {
      setInterBrokerSecurity(staticConfig.brokerId, null);
      throw err;
    }
    const undo = new UndoStack();
    undo.push(() => setInterBrokerSecurity(staticConfig.brokerId, null));
    undo.push(() => Promise.all(servers.map((s) => s.stop())));
    let locks: LogDirLock[] = [];
    try {
      const created = prepareLogDirs(staticConfig.logDirs);
      undo.push(() => removeCreatedLogDirs(created));
      // Before anything reads the dirs: another broker's live data must not be loaded or written.
      locks = lockLogDirs(staticConfig.logDirs);
      // Released before the created dirs are removed (undo runs in reverse): rmdir needs them empty.
      undo.push(() => {
        for (const l of locks) l.release();
      });
      const broker = await Broker.startBound(staticConfig, log, servers, undo, options);
      broker.logDirLocks = locks;
      return broker;
    } catch (err) {
      // A started broker that failed later has cleared the undo steps: locks go here.
      await undo.run((e) => log.warn({ err: String(e) }, 'cleaning up after a failed start'));
      for (const l of locks) l.release();
      throw err;
    }
  }

  private static async startBound(
    staticConfig: BrokerConfig,
    log: Logger,
    servers: SocketServer[],
    undo: UndoStack,
    options: BrokerStartOptions,
  ): Promise<Broker> {
    const brokerId = staticConfig.brokerId;
    const cluster = staticConfig.zookeeperConnect
      ? await ClusterMembership.connect(
          {
            connect: staticConfig.zookeeperConnect,
            sessionTimeoutMs: staticConfig.zookeeperSessionTimeoutMs,
            connectTimeoutMs: staticConfig.zookeeperConnectionTimeoutMs,
            ...zkSecurityOf(staticConfig),
          },
          brokerId,
          {
            interBrokerListener: staticConfig.interBrokerListenerName,
            controlPlaneListener: staticConfig.controlPlaneListenerName,
            requestTimeoutMs: staticConfig.controllerSocketTimeoutMs,
            uncleanDefault: staticConfig.uncleanLeaderElectionEnable,
            autoLeaderRebalance: staticConfig.autoLeaderRebalanceEnable
              ? {
                  percentage: staticConfig.leaderImbalancePerBrokerPercentage,
                  intervalMs: staticConfig.leaderImbalanceCheckIntervalSeconds * 1000,
                }
              : undefined,
            topicUnclean: (topic) => {
              const v = store.topic(topic)?.configs['unclean.leader.election.enable'];
              return v === undefined ? undefined : v === 'true';
            },
          },
          log,
        )
      : null;
    if (cluster) undo.push(() => cluster.stop());
    const store: MetadataStore = cluster
      ? await ZkMetadataStore.open(cluster.zk, brokerId, log.child({ subsystem: 'metadata' }))
      : FileMetadataStore.open(staticConfig.logDirs[0] as string, brokerId);
    undo.push(() => store.close());
    const config = DynamicBrokerConfigs.restore(staticConfig, store, brokerId);
    // The listeners were bound with the static config: stored key store changes apply now.
    reloadChangedTls(servers, staticConfig, config);
    setInterBrokerSecurity(brokerId, interBrokerSecurityOf(config));
    const defaults = topicConfigDefaults(config);
    const logs = await LogManager.open({
      logDirs: config.logDirs,
      defaultConfig: parseLogConfig(defaults),
      topicConfigs: (topic) => parseLogConfig({ ...defaults, ...(store.topic(topic)?.configs ?? {}) }),
      logger: log.child({ subsystem: 'storage' }),
      fs: options.logFileSystem,
    });
    undo.push(() => logs.close());
    const clusterCache = cluster ? new ClusterMetadataCache(store.clusterId) : null;
    const alterPartition =
      cluster && clusterCache
        ? new AlterPartitionClient(
            clusterCache,
            brokerId,
            () => cluster.brokerEpoch,
            config.interBrokerListenerName,
            config.controllerSocketTimeoutMs,
            log.child({ subsystem: 'isr' }),
          )
        : null;
    const replicas: ReplicaManager = new ReplicaManager(
      brokerId,
      logs,
      log.child({ subsystem: 'replicas' }),
      cluster
        ? {
            logConfigFor: (topic): LogConfig => topics.logConfigOf(store.topic(topic)?.configs ?? {}),
            alterPartition: alterPartition?.send,
            replicaLagTimeMaxMs: config.replicaLagTimeMaxMs,
            fetch: {
              maxWaitMs: config.replicaFetchWaitMaxMs,
              minBytes: config.replicaFetchMinBytes,
              maxBytes: config.replicaFetchMaxBytes,
              responseMaxBytes: config.replicaFetchResponseMaxBytes,
              backoffMs: config.replicaFetchBackoffMs,
              socketTimeoutMs: config.replicaSocketTimeoutMs,
            },
          }
        : {},
    );
    undo.push(() => replicas.shutdown());
    const endpoint = (listener: string) => advertisedEndpoint(config, servers, listener);
    const listenerEndpoint = (listener: string) =>
      config.advertisedListeners.some((l) => l.name === listener) ? endpoint(listener) : null;
    const metadata = clusterCache ?? new LocalMetadataCache(store, replicas, brokerId, config.rack, listenerEndpoint);
    const placement: ClusterPlacement | null = clusterCache && {
      liveBrokers: () =>
        clusterCache.liveBrokerIds().map((id) => ({ id, rack: clusterCache.liveBroker(id)?.rack ?? null })),
      waitFor: (ready, timeoutMs) => clusterCache.waitFor(ready, timeoutMs),
    };
    const topics: TopicManager = new TopicManager(
      store,
      replicas,
      metadata,
      config,
      brokerId,
      log.child({ subsystem: 'topics' }),
      placement,
    );
    topics.start();
    if (store instanceof ZkMetadataStore) store.on('topicsChanged', () => topics.topicConfigsChanged());
    if (cluster) {
      replicas.startIsrExpiration();
      await deleteStrayLogs(logs, store, log);
    }
    const sessions = new FetchSessionCache(config.maxIncrementalFetchSessionCacheSlots);
    const fetcher = new FetchManager({
      replicas,
      metadata,
      sessions,
      maxBytes: config.fetchMaxBytes,
      // The pool the socket servers' connections give record buffers back to (their default).
      buffers: recordBuffers,
    });
    const groups = await startGroupCoordinator({
      config,
      brokerId,
      topics,
      metadata,
      replicas,
      logger: log.child({ subsystem: 'groups' }),
      cluster: cluster ? { existingPartitions: store.topic(OFFSETS_TOPIC)?.partitions.length } : undefined,
    });
    topics.onPartitionsDeleted((partitions) => groups.onPartitionsDeleted(partitions));
    undo.push(() => groups.stop());
    let producerIds: ProducerIdSource;
    if (cluster) {
      const zkIds = new ZkProducerIds(() => cluster.zk, brokerId, log.child({ subsystem: 'producer-ids' }));
      await zkIds.start();
      producerIds = zkIds;
    } else {
      producerIds = new ProducerIdManager(new FileProducerIdBlockStore(config.logDirs[0] as string, brokerId));
    }
    const txns = startTransactionCoordinator({
      config,
      brokerId,
      topics,
      metadata,
      replicas,
      groups,
      producerIds,
      logger: log.child({ subsystem: 'transactions' }),
      cluster: clusterCache ? { liveBrokers: () => clusterCache.liveBrokerIds().length } : undefined,
    });
    undo.push(() => txns.stop());
    const broker = new Broker(
      config,
      log,
      store,
      logs,
      replicas,
      metadata,
      topics,
      fetcher,
      servers,
      groups,
      { producerIds, coordinator: txns },
      cluster,
    );
    // From here on the broker's own stop() undoes everything, the listeners included.
    undo.clear();
    broker.principalBuilder = options.principalBuilder ?? null;
    try {
      broker.authorizer = await startAuthorizer(config, store, cluster, log);
    } catch (err) {
      await broker.stop();
      throw err;
    }
    const dispatcher = new RequestDispatcher(broker, log.child({ subsystem: 'requests' }), broker.requestProbe);
    try {
      // Before requests are served, so the first client can already authenticate with them.
      const scramBootstrap = config.get('samsa.scram.bootstrap.credentials');
      if (scramBootstrap instanceof Password) {
        const parsed = parseBootstrapCredentials(scramBootstrap.value);
        const created = await bootstrapScramCredentials(broker.scram, parsed);
        if (created.length > 0) log.info({ created }, 'SCRAM credentials bootstrapped');
      }
      for (const s of servers) {
        const l = config.listeners.find((x) => x.name === s.name);
        const sasl = l && isSaslListener(l) ? saslListenerSettings(config, l, broker.scram) : undefined;
        s.enableRequestProcessing((conn, payload) => dispatcher.dispatch(conn, payload), sasl);
      }
      if (cluster && store instanceof ZkMetadataStore) {
        cluster.onBrokerEpoch = (epoch) => {
          replicas.setBrokerEpoch(epoch);
        };
        // Registered only once the listeners are bound: the endpoints it advertises must answer.
        await cluster.start(store, () => ({
          id: brokerId,
          endpoints: config.advertisedListeners.map((l) => ({ listener: l.name, ...endpoint(l.name) })),
          securityProtocolMap: Object.fromEntries(config.advertisedListeners.map((l) => [l.name, l.securityProtocol])),
          rack: config.rack,
          timestamp: BigInt(Date.now()),
        }));
      }
      broker.adminServers = await startAdminListeners(
        config.adminListeners,
        {
          source: broker,
          status: broker.status,
          metrics: new BrokerMetrics(broker, { partitionSeries: config.metricsPartitionSeriesEnable }),
          listener: config.listeners[0]?.name ?? 'PLAINTEXT',
        },
        log.child({ subsystem: 'admin-http' }),
      );
      broker.consoleServers = await startEmbeddedConsoles(config, (name) => broker.endpointOf(name), {
        console: log.child({ subsystem: 'console' }),
        client: log,
      });
    } catch (err) {
      await broker.stop();
      throw err;
    }
    broker.status.state = 'serving';
    const bootstrap = broker.bootstrapServers;
    const registryListener = config.schemaRegistryListeners[0];
    if (registryListener !== undefined) {
      const logger = log.child({ subsystem: 'schema-registry' });
      broker.schemaRegistry = new EmbeddedService(
        'schema registry',
        () =>
          SchemaRegistry.start({
            config: {
              listeners: registryListener,
              'kafkastore.bootstrap.servers': bootstrap,
              'host.name': advertisedHostFor(registryListener, bootstrap),
            },
            logger,
          }),
        logger,
      );
    }
    const restListener = config.restProxyListeners[0];
    if (restListener !== undefined) {
      const logger = log.child({ subsystem: 'rest-proxy' });
      broker.restProxy = new EmbeddedService(
        'REST proxy',
        () => {
          // The embedded registry, when there is one, serves the proxy's avro and jsonschema formats.
          const registry = broker.schemaRegistry;
          return RestProxy.start({
            config: { listeners: restListener, 'bootstrap.servers': bootstrap },
            schemaRegistryUrl: registry ? () => registry.serving() : undefined,
            logger,
          });
        },
        logger,
      );
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
      {
        listeners: servers.map((s) => `${s.name}:${s.boundPort}`),
        admin: broker.adminUrls,
        console: broker.consoleUrls,
        clusterId: store.clusterId,
      },
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

  /** host:port a client reaches `listener` at (its advertised endpoint). */
  endpointOf(listener: string): string {
    const { host, port } = advertisedEndpoint(this.config, this.servers, listener);
    return `${host}:${port}`;
  }

  get port(): number {
    return this.servers[0]?.boundPort ?? 0;
  }

  /** The port `listener` (upper case, e.g. SSL) is bound to, or 0 when there is no such listener. */
  listenerPort(listener: string): number {
    return this.servers.find((s) => s.name === listener.toUpperCase())?.boundPort ?? 0;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      this.status.state = 'stopping';
      // First, while this broker still answers the embedded services' own clients.
      await Promise.all([this.schemaRegistry?.close(), this.restProxy?.close()]);
      if (this.cluster && this.metadata instanceof ClusterMetadataCache && this.config.controlledShutdownEnable) {
        await controlledShutdown(
          this.metadata,
          {
            brokerId: this.brokerId,
            brokerEpoch: this.cluster.brokerEpoch,
            listener: this.config.interBrokerListenerName,
            maxRetries: this.config.controlledShutdownMaxRetries,
            retryBackoffMs: this.config.controlledShutdownRetryBackoffMs,
            requestTimeoutMs: this.config.requestTimeoutMs,
          },
          this.logger.child({ subsystem: 'shutdown' }),
        );
      }
      for (const s of this.servers) await s.stop();
      this.authorizer?.close();
      for (const s of this.adminServers) await s.close();
      for (const s of this.consoleServers) await s.close();
      await this.cluster?.stop();
      this.groups.stop();
      this.txns.stop();
      await this.replicas.shutdown();
      this.replicas.fetchPurgatory.completeAll();
      await this.logs.close();
      await this.store.close();
      setInterBrokerSecurity(this.brokerId, null);
    } finally {
      // Even after a failed step: a later start in this process must find the dirs free.
      for (const l of this.logDirLocks) l.release();
    }
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

/**
 * Cluster mode: logs of topics that no longer exist in ZooKeeper (deleted while this broker was
 * down, so it never received the StopReplica) are deleted at start-up, as Kafka deletes stray logs.
 */
async function deleteStrayLogs(logs: LogManager, store: MetadataStore, log: Logger): Promise<void> {
  for (const l of logs.logs()) {
    const t = store.topic(l.topic);
    if (t && l.partition < t.partitions.length) continue;
    log.warn({ topic: l.topic, partition: l.partition }, 'deleting the log of a topic that no longer exists');
    await logs.deleteLog(l.topic, l.partition);
  }
}

function connectionLimitsOf(config: BrokerConfig): ConnectionLimits {
  return {
    perIp: config.maxConnectionsPerIp,
    overrides: config.maxConnectionsPerIpOverrides,
    creationRate: config.maxConnectionCreationRate,
    samples: config.quotaWindowNum,
    windowMs: config.quotaWindowSizeSeconds * 1000,
  };
}

/** Binds every listener, or none: on a failure the ones already bound are closed again. */
async function bindListeners(config: BrokerConfig, log: Logger): Promise<SocketServer[]> {
  const servers: SocketServer[] = [];
  const connectionQuotas = new ConnectionQuotas(connectionLimitsOf(config), log);
  try {
    for (const l of config.listeners) {
      const server = new SocketServer({
        name: l.name,
        securityProtocol: l.securityProtocol,
        // A TLS listener whose key store cannot be loaded stops the start here (SslConfigError).
        tls: listenerTlsOf(config, l.name, l.securityProtocol),
        host: l.host,
        port: l.port,
        maxRequestBytes: config.socketRequestMaxBytes,
        idleTimeoutMs: config.connectionsMaxIdleMs,
        maxConnections: config.maxConnections,
        connectionQuotas,
        logger: log,
      });
      await server.bind();
      servers.push(server);
    }
  } catch (err) {
    for (const s of servers) await s.stop();
    throw err;
  }
  return servers;
}

/**
 * Whether `listener`'s TLS settings changed, or one of them was set again (Kafka reloads a key
 * store re-set under the same path, for certificates renewed in place).
 */
function tlsReloadNeeded(
  before: BrokerConfig,
  after: BrokerConfig,
  listener: string,
  updatedKeys: readonly string[],
): boolean {
  const prefix = `listener.name.${listener.toLowerCase()}.ssl.`;
  return tlsSettingsChanged(before, after, listener) || updatedKeys.some((k) => k.startsWith(prefix));
}

/** Reloads the TLS context of each listener whose TLS settings changed or were set again. */
function reloadChangedTls(
  servers: readonly SocketServer[],
  before: BrokerConfig,
  after: BrokerConfig,
  updatedKeys: readonly string[] = [],
): void {
  for (const s of servers) {
    if (!tlsReloadNeeded(before, after, s.name, updatedKeys)) continue;
    const tls = listenerTlsOf(after, s.name, s.securityProtocol);
    if (tls) s.reloadTls(tls);
  }
}

/**
 * authorizer.class.name's authorizer (validated to name the built-in one), over the metadata file
 * in single-node mode or ZooKeeper in cluster mode; null when none is configured.
 */
async function startAuthorizer(
  config: BrokerConfig,
  store: MetadataStore,
  cluster: ClusterMembership | null,
  log: Logger,
): Promise<AclAuthorizer | null> {
  if (config.authorizerClassName === '') return null;
  const logger = log.child({ subsystem: 'authorizer' });
  let aclStore: LocalAclStore | ZkAclStore;
  if (cluster && store instanceof ZkMetadataStore) {
    const zkStore = new ZkAclStore(cluster.zk, logger);
    aclStore = zkStore;
    store.on('sessionRenewed', (zk) => {
      zkStore.rebind(zk).then(
        (all) => authorizer.replaceAll(all),
        (err) => logger.error({ err }, 'reading ACLs after a new ZooKeeper session failed'),
      );
    });
  } else if (store instanceof FileMetadataStore) {
    aclStore = new LocalAclStore(store);
  } else {
    throw new BrokerError('ILLEGAL_STATE', 'this metadata store cannot keep ACLs');
  }
  const authorizer = await AclAuthorizer.start({
    store: aclStore,
    superUsers: config.superUsers,
    allowEveryoneIfNoAclFound: config.allowEveryoneIfNoAclFound,
    logger,
  });
  logger.info({ acls: authorizer.aclCount, superUsers: config.superUsers }, 'authorizer started');
  return authorizer;
}
