/**
 * The fetch loop: one Fetch in flight per leader broker (on the pool's 'fetch' lane), covering the
 * assigned partitions that are not paused, have a position, and have room in the buffer. Results
 * become CompletedFetches queued for the application.
 *
 * Backpressure: a partition is fetched ahead only while its buffered bytes stay under twice
 * maxPartitionFetchBytes (the response being read and one more), and nothing is fetched while the
 * whole buffer holds fetchMaxBytes; an application that stops reading therefore stops the
 * fetching. Draining data wakes the loop.
 *
 * Incremental fetch sessions (fetch-session.ts): after the first request, only partitions that are
 * new or moved are listed. Errors:
 * leadership and unknown-topic errors refresh metadata; OFFSET_OUT_OF_RANGE resets the position by
 * the reset strategy (or surfaces an error with 'none'); connection failures back off.
 *
 * Owner: the Consumer. Event-loop only; `wake()` coalesces into one pass per macrotask, except
 * that a fetch response runs a pass at once (see fetchFrom).
 */
import type { Logger } from '@samsa/common';
import { ApiKey, ErrorCode, type FetchRequest, type FetchResponse, KafkaError } from '@samsa/protocol';
import { ClientError, invalidatesMetadata } from '../errors.js';
import type { Cluster } from '../metadata/cluster.js';
import { ZERO_UUID } from '../metadata/metadata.js';
import { CompletedFetch, nextOffsetAfter } from './completed-fetch.js';
import type { FetchMetrics } from './fetch-metrics.js';
import { FetchSessionHandler, type SessionEntry } from './fetch-session.js';
import type { PartitionState, SubscriptionState } from './subscription-state.js';

export interface FetcherConfig {
  fetchMinBytes: number;
  fetchMaxBytes: number;
  fetchMaxWaitMs: number;
  maxPartitionFetchBytes: number;
  isolationLevel: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  checkCrcs: boolean;
  autoOffsetReset: 'earliest' | 'latest' | 'none';
}

export class Fetcher {
  readonly buffer: CompletedFetch[] = [];
  private bufferedBytes = 0;
  private readonly inFlight = new Set<number>();
  private readonly backoffUntil = new Map<number, number>();
  /** Incremental fetch sessions (KIP-227), one per broker. */
  readonly sessions = new Map<number, FetchSessionHandler>();
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private running = true;
  private readonly abort = new AbortController();
  /** Called when data or an error arrives, so a waiting reader can continue. */
  onData: () => void = () => {};
  /** Resolves positions of partitions that need a reset (set by the Consumer). */
  resetPositions: (states: PartitionState[]) => void = () => {};

  constructor(
    private readonly config: FetcherConfig,
    private readonly cluster: Cluster,
    private readonly subscriptions: SubscriptionState,
    private readonly logger: Logger,
    private readonly metrics: FetchMetrics,
  ) {}

  wake(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Called by the Consumer after it drained a CompletedFetch. */
  consumed(fetch: CompletedFetch): void {
    this.bufferedBytes -= fetch.records.length;
    fetch.state.bufferedBytes -= fetch.records.length;
    this.wake();
  }

  /** Drops buffered data of a partition (seek, unassign). */
  discard(state: PartitionState): void {
    for (let i = this.buffer.length - 1; i >= 0; i--) {
      const f = this.buffer[i] as CompletedFetch;
      if (f.state === state) {
        this.buffer.splice(i, 1);
        this.bufferedBytes -= f.records.length;
        state.bufferedBytes -= f.records.length;
      }
    }
  }

  private run(): void {
    if (!this.running) return;
    const needReset = this.subscriptions.all().filter((s) => s.needsReset && s.reset !== null);
    if (needReset.length > 0) this.resetPositions(needReset);
    if (this.bufferedBytes >= this.config.fetchMaxBytes) return;
    const now = Date.now();
    const byNode = new Map<number, PartitionState[]>();
    let needMetadata = false;
    for (const s of this.subscriptions.all()) {
      if (s.paused || s.fetchOffset === null || s.error !== null) continue;
      // One response being read plus one fetched ahead, so the network overlaps the application.
      if (s.bufferedBytes >= 2 * this.config.maxPartitionFetchBytes) continue;
      const leader = this.cluster.metadata.leaderOf(s.topic, s.partition);
      if (leader < 0 || !this.cluster.pool.knows(leader)) {
        needMetadata = true;
        continue;
      }
      if (this.inFlight.has(leader) || (this.backoffUntil.get(leader) ?? 0) > now) continue;
      const list = byNode.get(leader);
      if (list) list.push(s);
      else byNode.set(leader, [s]);
    }
    if (needMetadata) {
      this.cluster.refresh(this.subscriptions.topics()).then(
        () => this.wake(),
        () => this.later(this.config.retryBackoffMs),
      );
    }
    for (const [node, states] of byNode) this.fetchFrom(node, states);
    for (const until of this.backoffUntil.values()) if (until > now) this.later(until - now);
  }

  private later(ms: number): void {
    if (this.timer || !this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, ms);
  }

  private session(node: number): FetchSessionHandler {
    let h = this.sessions.get(node);
    if (!h) this.sessions.set(node, (h = new FetchSessionHandler()));
    return h;
  }

  private fetchFrom(node: number, states: PartitionState[]): void {
    const metadata = this.cluster.metadata;
    let useTopicIds = true;
    const sent = states.map((s) => ({ state: s, epoch: s.epoch, offset: s.fetchOffset as bigint }));
    const wanted: SessionEntry[] = sent.map(({ state, offset }) => {
      const topicId = metadata.topics.get(state.topic)?.topicId ?? ZERO_UUID;
      if (topicId === ZERO_UUID) useTopicIds = false;
      return {
        topic: state.topic,
        topicId,
        partition: state.partition,
        fetchOffset: offset,
        maxBytes: this.config.maxPartitionFetchBytes,
      };
    });
    const session = this.session(node);
    const plan = session.build(wanted);
    const byTopic = new Map<string, FetchRequest['topics'][number]>();
    for (const e of plan.send) {
      let t = byTopic.get(e.topic);
      if (!t) byTopic.set(e.topic, (t = { topic: e.topic, topicId: e.topicId, partitions: [] }));
      t.partitions.push({
        partition: e.partition,
        currentLeaderEpoch: -1,
        fetchOffset: e.fetchOffset,
        lastFetchedEpoch: -1,
        logStartOffset: -1n,
        partitionMaxBytes: e.maxBytes,
      });
    }
    const request: FetchRequest = {
      clusterId: null,
      replicaId: -1,
      replicaState: { replicaId: -1, replicaEpoch: -1n },
      maxWaitMs: this.config.fetchMaxWaitMs,
      minBytes: this.config.fetchMinBytes,
      maxBytes: this.config.fetchMaxBytes,
      isolationLevel: this.config.isolationLevel,
      sessionId: plan.sessionId,
      sessionEpoch: plan.sessionEpoch,
      topics: [...byTopic.values()],
      forgottenTopicsData: plan.forgotten,
      rackId: '',
    };
    this.inFlight.add(node);
    let conn: ReturnType<Cluster['connection']>;
    try {
      conn = this.cluster.connection(node, 'fetch');
    } catch (err) {
      this.onFailure(node, err);
      return;
    }
    const sentAt = performance.now();
    conn
      .request(ApiKey.Fetch, request, {
        // Fetch v13+ names topics by id only; without ids (older metadata) stay on v12.
        maxVersion: useTopicIds ? undefined : 12,
        timeoutMs: this.config.requestTimeoutMs + this.config.fetchMaxWaitMs,
        signal: this.abort.signal,
      })
      .then(
        (res) => {
          this.inFlight.delete(node);
          let arrivals: CompletedFetch[] = [];
          if (res.errorCode !== 0) {
            // FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH, ...: start a new session.
            session.reset();
            this.logger.debug({ node, error: new KafkaError(res.errorCode).errorName }, 'fetch failed');
            this.backoffUntil.set(node, Date.now() + this.config.retryBackoffMs);
          } else {
            session.onSuccess(res.sessionId, plan.sessionEpoch === 0);
            arrivals = this.onResponse(res, sent);
            let bytes = 0;
            for (const a of arrivals) bytes += a.records.length;
            this.metrics.onFetch(performance.now() - sentAt, bytes);
          }
          // The next fetch goes out now, not on the next macrotask: an application that reads
          // buffered records without yielding to the event loop (only microtasks) would otherwise
          // drain this response before the request for the next one is even written, so the
          // broker and the network would sit idle while it decodes. And before this response's
          // records are queued, which wakes the reader.
          this.run();
          this.enqueue(arrivals);
        },
        (err) => {
          session.reset();
          this.onFailure(node, err);
        },
      );
  }

  private onFailure(node: number, err: unknown): void {
    this.inFlight.delete(node);
    if (!this.running) return;
    this.logger.debug({ node, error: String(err) }, 'fetch failed');
    this.backoffUntil.set(node, Date.now() + this.config.retryBackoffMs);
    if (invalidatesMetadata(err)) this.cluster.refresh(this.subscriptions.topics()).catch(() => {});
    this.wake();
  }

  /** Applies a response to the partitions' states; returns their records, for `enqueue`. */
  private onResponse(
    res: FetchResponse,
    sent: Array<{ state: PartitionState; epoch: number; offset: bigint }>,
  ): CompletedFetch[] {
    const names = this.cluster.metadata.topicNamesById;
    const arrivals: CompletedFetch[] = [];
    let refresh = false;
    let delivered = false;
    for (const t of res.responses) {
      const topic = t.topic || names.get(t.topicId) || '';
      for (const p of t.partitions) {
        const req = sent.find((x) => x.state.topic === topic && x.state.partition === p.partitionIndex);
        if (!req) continue;
        const s = req.state;
        if (s.epoch !== req.epoch || s.fetchOffset !== req.offset) continue; // seeked meanwhile
        if (p.errorCode === ErrorCode.NONE) {
          s.highWatermark = p.highWatermark;
          s.lastStableOffset = p.lastStableOffset;
          s.logStartOffset = p.logStartOffset;
          const records = p.records;
          if (!records || records.length === 0) continue;
          const end = nextOffsetAfter(records, req.offset);
          if (end === req.offset) {
            s.error = new ClientError(
              'INVALID_RECORD',
              `${topic}-${s.partition}: a record batch at offset ${req.offset} is larger than maxPartitionFetchBytes/fetchMaxBytes`,
            );
            delivered = true;
            continue;
          }
          s.fetchOffset = end;
          s.bufferedBytes += records.length;
          this.bufferedBytes += records.length;
          arrivals.push(
            new CompletedFetch(
              s,
              s.epoch,
              records,
              end,
              p.highWatermark,
              this.config.isolationLevel === 1,
              p.abortedTransactions,
              this.config.checkCrcs,
            ),
          );
        } else if (p.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          this.logger.info({ topic, partition: s.partition, offset: req.offset }, 'fetch offset out of range');
          s.position = null;
          s.fetchOffset = null;
          s.epoch++;
          this.discard(s);
          if (this.config.autoOffsetReset === 'none') {
            s.error = new KafkaError(
              p.errorCode,
              `${topic}-${s.partition}: offset ${req.offset} is out of range and autoOffsetReset is none`,
            );
            delivered = true;
          } else {
            s.reset = this.config.autoOffsetReset;
          }
        } else {
          const err = new KafkaError(p.errorCode, `fetch ${topic}-${s.partition}`);
          if (invalidatesMetadata(err) || err.retriable) refresh = true;
          else {
            s.error = err;
            delivered = true;
          }
        }
      }
    }
    if (refresh) this.cluster.refresh(this.subscriptions.topics()).catch(() => {});
    if (delivered) this.onData();
    return arrivals;
  }

  private enqueue(arrivals: CompletedFetch[]): void {
    if (arrivals.length === 0) return;
    this.buffer.push(...arrivals);
    this.onData();
  }
}
