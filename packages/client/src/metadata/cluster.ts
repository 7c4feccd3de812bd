/**
 * The client's view of the cluster and its way in: bootstraps from the configured list, keeps a
 * ClusterMetadata fresh (on demand, after NOT_LEADER / UNKNOWN_TOPIC errors, and every
 * metadataMaxAgeMs), and routes requests to a partition's leader, the controller or any broker.
 *
 * Owner: one producer, consumer or admin client; the BrokerPool and the metadata belong to it.
 * Refreshes are coalesced: while one is in flight, further requests for the same or fewer topics
 * wait for it instead of sending another.
 */
import type { Logger } from '@samsa/common';
import { ApiKey, type ApiKeyNumber, type RequestOf, type ResponseOf } from '@samsa/protocol';
import type { ResolvedCommonConfig } from '../config.js';
import { ClientError, ConnectionError, isAuthenticationError, KafkaError } from '../errors.js';
import { sleep } from '../network/backoff.js';
import { type BrokerAddress, BrokerPool, type Lane } from '../network/broker-pool.js';
import type { Connection, RequestOptions } from '../network/connection.js';
import { ClusterMetadata, type TopicMetadata, ZERO_UUID } from './metadata.js';

export interface ClusterOptions {
  maxInFlight: number;
  /** Whether Metadata may create topics that do not exist (broker permitting). */
  allowAutoTopicCreation: boolean;
}

export class Cluster {
  readonly pool: BrokerPool;
  private current = ClusterMetadata.empty();
  /** Topics the application uses; each periodic refresh covers them. */
  private readonly interest = new Set<string>();
  private inflight: Promise<ClusterMetadata> | null = null;
  private inflightTopics: Set<string> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly logger: Logger;

  constructor(
    readonly config: ResolvedCommonConfig,
    logger: Logger,
    private readonly options: ClusterOptions,
  ) {
    this.logger = logger.child({ subsystem: 'metadata' });
    this.pool = new BrokerPool(config, logger.child({ subsystem: 'network' }), options.maxInFlight);
  }

  get metadata(): ClusterMetadata {
    return this.current;
  }

  /** Adds topics to those refreshed periodically. */
  track(topics: Iterable<string>): void {
    for (const t of topics) this.interest.add(t);
    this.schedulePeriodic();
  }

  untrack(topics: Iterable<string>): void {
    for (const t of topics) this.interest.delete(t);
  }

  /**
   * Refreshes metadata for `topics` (default: the tracked ones; null: every topic). Concurrent
   * callers share one request when it covers what they asked for.
   */
  async refresh(topics?: string[] | null, signal?: AbortSignal): Promise<ClusterMetadata> {
    const wanted = topics === undefined ? [...this.interest] : topics;
    if (this.inflight && this.covers(wanted)) return this.inflight;
    const all = wanted === null;
    const set = all ? null : new Set(wanted);
    const run = this.fetchMetadata(wanted, signal).then((m) => {
      this.current = this.current.merge(m, all);
      this.pool.setBrokers(m.brokers.values());
      return this.current;
    });
    this.inflight = run;
    this.inflightTopics = set;
    try {
      return await run;
    } finally {
      if (this.inflight === run) {
        this.inflight = null;
        this.inflightTopics = null;
      }
    }
  }

  private covers(wanted: string[] | null): boolean {
    if (this.inflightTopics === null) return true;
    if (wanted === null) return false;
    return wanted.every((t) => this.inflightTopics?.has(t));
  }

  /** Metadata for `topic`, refreshing until it has partitions with leaders or `timeoutMs` passes. */
  async topic(topic: string, timeoutMs: number, signal?: AbortSignal): Promise<TopicMetadata> {
    const cached = this.current.topics.get(topic);
    if (cached && cached.partitions.length > 0) return cached;
    this.track([topic]);
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      let lastError: unknown = null;
      try {
        const m = await this.refresh([...this.interest], signal);
        const t = m.topics.get(topic);
        if (t && t.partitions.length > 0 && t.partitions.every((p) => p !== undefined)) return t;
        const code = m.topicErrors.get(topic);
        if (code !== undefined) {
          const err = new KafkaError(code, `topic ${topic}: metadata error`);
          if (!err.retriable) throw err;
          lastError = err;
        }
      } catch (err) {
        if (!(err instanceof ConnectionError) && !(err instanceof KafkaError && err.retriable)) throw err;
        lastError = err;
      }
      const wait = Math.min(this.config.retryBackoffMs * 2 ** attempt, this.config.retryBackoffMaxMs);
      if (Date.now() + wait >= deadline) {
        throw new ClientError('METADATA_TIMEOUT', `topic ${topic} not present in metadata after ${timeoutMs} ms`, {
          cause: lastError ?? undefined,
        });
      }
      await sleep(wait, signal);
    }
  }

  /** A connection to the current leader of topic-partition, or null when there is none known. */
  leaderConnection(topic: string, partition: number, lane: Lane = 'default'): Connection | null {
    const leader = this.current.leaderOf(topic, partition);
    if (leader < 0 || !this.pool.knows(leader)) return null;
    return this.pool.get(leader, lane);
  }

  connection(nodeId: number, lane: Lane = 'default'): Connection {
    return this.pool.get(nodeId, lane);
  }

  /** Sends to any broker (least loaded known one, else the bootstrap servers in turn). */
  async any<K extends ApiKeyNumber>(
    apiKey: K,
    body: RequestOf<K>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<K>> {
    const c = await this.anyConnection(options.signal);
    return c.request(apiKey, body, options);
  }

  /** The controller's connection (falls back to any broker if the controller is unknown). */
  async controller(signal?: AbortSignal): Promise<Connection> {
    if (this.current.updatedAt === 0) await this.refresh([], signal);
    const id = this.current.controllerId;
    if (id >= 0 && this.pool.knows(id)) return this.pool.get(id);
    return this.anyConnection(signal);
  }

  async anyConnection(signal?: AbortSignal): Promise<Connection> {
    const known = this.pool.leastLoaded();
    if (known?.isReady) return known;
    // As the Java client's leastLoadedNode: connected brokers first, then ones that have not
    // failed, then ones out of their reconnect backoff — and on to the next when one does not
    // answer, so a stopped broker never blocks a request any broker can serve. The bootstrap
    // servers come last (or alone, before the first metadata).
    const ranked = shuffled([...this.current.brokers.keys()])
      .map((id) => this.pool.get(id))
      .sort((a, b) => a.availabilityRank - b.availabilityRank);
    const worthTrying = ranked.filter((c, i) => i === 0 || c.availabilityRank < 3);
    const bootstrap = shuffled(this.config.bootstrapServers).map((s) => this.pool.getBootstrap(s));
    let lastError: unknown = null;
    for (const c of [...worthTrying, ...bootstrap]) {
      try {
        await c.apiVersions(signal);
        return c;
      } catch (err) {
        // As the Java client: a failed authentication is the user's to fix, not another broker's
        // to try; trying every broker with the same credentials would only multiply the failure.
        if (signal?.aborted || isAuthenticationError(err)) throw err;
        lastError = err;
      }
    }
    // A failed TLS handshake is a configuration problem retrying cannot fix: surface it as is.
    if (lastError instanceof ClientError && lastError.code === 'SSL_AUTHENTICATION_FAILED') throw lastError;
    throw new ConnectionError('NO_BROKERS', `no broker answered: ${String(lastError)}`, {
      cause: lastError,
    });
  }

  private async fetchMetadata(topics: string[] | null, signal?: AbortSignal): Promise<ClusterMetadata> {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the client is closed');
    const c = await this.anyConnection(signal);
    const response = await c.request(
      ApiKey.Metadata,
      {
        topics: topics === null ? null : topics.map((name) => ({ topicId: ZERO_UUID, name })),
        allowAutoTopicCreation: this.options.allowAutoTopicCreation,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      },
      { signal },
    );
    const brokers = new Map<number, BrokerAddress>();
    for (const b of response.brokers) brokers.set(b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port });
    const byName = new Map<string, TopicMetadata>();
    const errors = new Map<string, number>();
    for (const t of response.topics) {
      if (t.name === null) continue;
      if (t.errorCode !== 0) {
        errors.set(t.name, t.errorCode);
        continue;
      }
      const partitions = new Array(t.partitions.length);
      for (const p of t.partitions) {
        partitions[p.partitionIndex] = {
          partition: p.partitionIndex,
          leader: p.errorCode === 0 || p.leaderId >= 0 ? p.leaderId : -1,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
          offlineReplicas: p.offlineReplicas,
          errorCode: p.errorCode,
        };
      }
      byName.set(t.name, { name: t.name, topicId: t.topicId, isInternal: t.isInternal, partitions });
    }
    return new ClusterMetadata(response.clusterId, response.controllerId, brokers, byName, errors, Date.now());
  }

  private schedulePeriodic(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      if (this.interest.size === 0) return;
      this.refresh().catch((err) => this.logger.debug({ error: String(err) }, 'periodic metadata refresh failed'));
    }, this.config.metadataMaxAgeMs);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.pool.close();
  }
}

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
