/**
 * The consumer: reads assigned partitions from their positions, as an async iterator of records
 * (`for await (const r of consumer)`), of per-partition batches (`consumer.batches()`), or by
 * `poll()`. The Fetcher reads ahead within fetchMaxBytes / maxPartitionFetchBytes and stops when the
 * application does not keep up.
 *
 *   const consumer = new Consumer({ bootstrapServers: 'localhost:9092', autoOffsetReset: 'earliest' });
 *   consumer.assign([{ topic: 'orders', partition: 0 }]);
 *   for await (const record of consumer) console.log(record.offset, record.value?.toString());
 *
 * Lifecycle: `assign` starts fetching; `close()` stops it, ends every iterator, closes connections.
 * Positions change only by consuming, `seek*`, or an automatic reset (autoOffsetReset).
 */
import type { Logger } from '@samsa/common';
import { KafkaError } from '@samsa/protocol';
import { ISOLATION_LEVEL, listOffsets, type OffsetAnswer, type OffsetSpec } from '../admin/list-offsets.js';
import { type AutoOffsetReset, clientLogger, type IsolationLevelName, resolveCommon } from '../config.js';
import { clientConfigNumber, clientConfigValue } from '../config-defs.js';
import { AbortedError, ClientError } from '../errors.js';
import { Cluster } from '../metadata/cluster.js';
import type { Metric } from '../metrics.js';
import { bufferDeserializer, type Deserializer } from '../producer/serializers.js';
import type { CompletedFetch, RecordBuilder } from './completed-fetch.js';
import { EventLoopPacer } from './event-loop-pacer.js';
import { FetchMetrics } from './fetch-metrics.js';
import { Fetcher } from './fetcher.js';
import { GroupManager, groupConfig, type RebalanceListener } from './group/group-manager.js';
import { type PartitionState, SubscriptionState, type TopicPartition } from './subscription-state.js';
import type { ConsumerBatch, ConsumerConfig, ConsumerRecord } from './types.js';

export type { ConsumerBatch, ConsumerConfig, ConsumerRecord, RebalanceListener, TopicPartition };

export interface PollOptions {
  /** Wait at most this long for records (default: until there are some); then [] comes back. */
  timeoutMs?: number;
  maxRecords?: number;
  /** Stops waiting: the call rejects with AbortedError. */
  signal?: AbortSignal;
}

export class Consumer<K = Buffer | null, V = Buffer | null> {
  readonly cluster: Cluster;
  protected readonly subscriptions = new SubscriptionState();
  protected readonly fetcher: Fetcher;
  protected readonly logger: Logger;
  private readonly probe: FetchMetrics;
  private readonly autoOffsetReset: AutoOffsetReset;
  private readonly isolationLevel: number;
  private readonly maxPollRecords: number;
  private readonly defaultApiTimeoutMs: number;
  private readonly keyDeserializer: Deserializer<K>;
  private readonly valueDeserializer: Deserializer<V>;
  private readonly resetting = new Set<PartitionState>();
  private waiters: Array<() => void> = [];
  /** When reading records on microtasks only should let the event loop run (see the class). */
  private readonly pacer = new EventLoopPacer();
  /** The last record returned by poll(), processed once poll is called again. */
  private lastPolled: ConsumerRecord<K, V> | null = null;
  /** Records taken from the buffer but not handed out when an iterator stopped early. */
  private pending: { state: PartitionState; epoch: number; batch: ConsumerBatch<K, V>; end: bigint } | null = null;
  protected closed = false;
  private closing = false;
  /** The offset of the last record the application finished with, per partition (commits add 1). */
  protected readonly processed = new Map<PartitionState, bigint>();

  constructor(config: ConsumerConfig<K, V>) {
    const common = resolveCommon(config, 'consumer');
    this.logger = clientLogger(config.logger, common.clientId);
    this.autoOffsetReset = clientConfigValue('auto.offset.reset', config.autoOffsetReset) as AutoOffsetReset;
    const isolation = clientConfigValue('isolation.level', config.isolationLevel) as IsolationLevelName;
    this.isolationLevel = ISOLATION_LEVEL[isolation];
    this.maxPollRecords = clientConfigNumber('max.poll.records', config.maxPollRecords);
    this.defaultApiTimeoutMs = clientConfigNumber('default.api.timeout.ms', config.defaultApiTimeoutMs);
    this.keyDeserializer = config.keyDeserializer ?? (bufferDeserializer as Deserializer<K>);
    this.valueDeserializer = config.valueDeserializer ?? (bufferDeserializer as Deserializer<V>);
    this.cluster = new Cluster(common, this.logger, {
      maxInFlight: 5,
      allowAutoTopicCreation: config.allowAutoCreateTopics ?? true,
    });
    this.fetcher = new Fetcher(
      {
        fetchMinBytes: clientConfigNumber('fetch.min.bytes', config.fetchMinBytes),
        fetchMaxBytes: clientConfigNumber('fetch.max.bytes', config.fetchMaxBytes),
        fetchMaxWaitMs: clientConfigNumber('fetch.max.wait.ms', config.fetchMaxWaitMs),
        maxPartitionFetchBytes: clientConfigNumber('max.partition.fetch.bytes', config.maxPartitionFetchBytes),
        isolationLevel: this.isolationLevel,
        requestTimeoutMs: common.requestTimeoutMs,
        retryBackoffMs: common.retryBackoffMs,
        checkCrcs: config.checkCrcs ?? true,
        autoOffsetReset: this.autoOffsetReset,
      },
      this.cluster,
      this.subscriptions,
      this.logger.child({ subsystem: 'fetcher' }),
      (this.probe = new FetchMetrics(common.clientId)),
    );
    this.fetcher.onData = () => this.notify();
    this.fetcher.resetPositions = (states) => this.resetPositions(states);
    if (config.groupId !== undefined) {
      this.group = new GroupManager(
        groupConfig(config, common, this.defaultApiTimeoutMs),
        this.cluster,
        {
          states: () => this.subscriptions.all(),
          processed: this.processed,
          setAssignment: (tps) => this.setAssignment(tps),
          resetPosition: (s) => {
            this.initPosition(s);
            this.fetcher.wake();
          },
          seekState: (s, offset) => {
            this.fetcher.discard(s);
            s.seek(offset);
            this.fetcher.wake();
          },
          notify: () => this.notify(),
          reading: () => this.waiters.length > 0,
        },
        this.logger.child({ subsystem: 'group' }),
      );
    }
  }

  private readonly group: GroupManager | null = null;

  // ---- groups

  /**
   * Joins the consumer's group and reads whatever partitions of `topics` (names, or every topic
   * matching a RegExp) the group assigns to it. Requires groupId. Positions start at the group's
   * committed offsets, else autoOffsetReset.
   */
  subscribe(topics: string[] | RegExp, listener: RebalanceListener = {}): Promise<void> {
    this.checkOpen();
    const group = this.requireGroup();
    return group.subscribe(topics, listener);
  }

  /**
   * The consumer's group membership (group id, generation, member id) for a transactional
   * producer's sendOffsetsToTransaction, so a member that was fenced out cannot commit.
   */
  groupMetadata(): { groupId: string; generationId: number; memberId: string; groupInstanceId: string | null } {
    return this.requireGroup().member;
  }

  unsubscribe(): Promise<void> {
    return this.group?.unsubscribe() ?? Promise.resolve();
  }

  /**
   * Commits offsets to the group: the ones given, or by default the position after the last record
   * the application finished with in each partition (at-least-once). Resolves once the
   * coordinator acknowledged them.
   */
  commit(offsets?: Array<TopicPartition & { offset: bigint | number; metadata?: string }>): Promise<void> {
    this.checkOpen();
    const group = this.requireGroup();
    return group.commit(offsets?.map((o) => ({ ...o, offset: BigInt(o.offset) })));
  }

  /** Fire-and-forget commit; errors go to `callback` (or the logger). */
  commitAsync(
    offsets?: Array<TopicPartition & { offset: bigint | number }>,
    callback?: (err: Error | null) => void,
  ): void {
    this.commit(offsets).then(
      () => callback?.(null),
      (err) => (callback ? callback(err) : this.logger.warn({ error: String(err) }, 'async commit failed')),
    );
  }

  /** The group's committed offsets (null where none). */
  committed(partitions: TopicPartition[]): Promise<Array<TopicPartition & { offset: bigint | null }>> {
    return this.requireGroup().committed(partitions);
  }

  private requireGroup(): GroupManager {
    if (!this.group) throw new ClientError('INVALID_CONFIG', 'this needs a groupId in the consumer config');
    return this.group;
  }

  /** Replaces the assignment without resetting new partitions (groups set their positions). */
  private setAssignment(tps: TopicPartition[]): void {
    const { removed } = this.subscriptions.assign(tps);
    for (const s of removed) {
      this.fetcher.discard(s);
      this.processed.delete(s);
    }
    this.cluster.track(this.subscriptions.topics());
    this.fetcher.wake();
    this.notify();
  }

  // ---- assignment and positions

  /** Reads exactly these partitions (replacing any earlier assignment). */
  assign(partitions: TopicPartition[]): void {
    this.checkOpen();
    if (this.group?.subscribed) throw new ClientError('ILLEGAL_STATE', 'assign() cannot be mixed with subscribe()');
    const { added, removed } = this.subscriptions.assign(partitions);
    for (const s of removed) {
      this.fetcher.discard(s);
      this.processed.delete(s);
    }
    if (this.group) {
      this.group
        .initPositions(added)
        .catch((err) => this.logger.warn({ error: String(err) }, 'initial positions failed'))
        .finally(() => this.fetcher.wake());
    } else {
      for (const s of added) this.initPosition(s);
    }
    this.cluster.track(this.subscriptions.topics());
    this.fetcher.wake();
  }

  /** A new partition's position: the reset strategy, unless a subclass (groups) knows better. */
  protected initPosition(s: PartitionState): void {
    if (this.autoOffsetReset === 'none') {
      s.error = new ClientError('ILLEGAL_STATE', `no offset for ${s.topic}-${s.partition} and autoOffsetReset is none`);
    } else {
      s.reset = this.autoOffsetReset;
    }
  }

  assignment(): TopicPartition[] {
    return this.subscriptions.all().map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  seek(tp: TopicPartition, offset: bigint | number): void {
    this.checkOpen();
    const s = this.subscriptions.require(tp);
    const o = BigInt(offset);
    if (o < 0n) throw new ClientError('INVALID_CONFIG', `seek offset must be >= 0, got ${o}`);
    this.fetcher.discard(s);
    s.seek(o);
    this.fetcher.wake();
    this.notify();
  }

  seekToBeginning(partitions?: TopicPartition[]): Promise<void> {
    return this.seekTo(partitions, 'earliest');
  }

  seekToEnd(partitions?: TopicPartition[]): Promise<void> {
    return this.seekTo(partitions, 'latest');
  }

  private async seekTo(partitions: TopicPartition[] | undefined, spec: 'earliest' | 'latest'): Promise<void> {
    this.checkOpen();
    const states = partitions ? partitions.map((tp) => this.subscriptions.require(tp)) : this.subscriptions.all();
    const epochs = states.map((s) => s.epoch);
    const answers = await this.list(states.map((s) => ({ topic: s.topic, partition: s.partition, spec })));
    states.forEach((s, i) => {
      if (s.epoch !== epochs[i]) return; // seeked again meanwhile
      this.fetcher.discard(s);
      s.seek((answers[i] as OffsetAnswer).offset);
    });
    this.fetcher.wake();
    this.notify();
  }

  /** The offset of the next record the application will get from `tp` (resolving a pending reset). */
  async position(tp: TopicPartition, options: { timeoutMs?: number } = {}): Promise<bigint> {
    const s = this.subscriptions.require(tp);
    const deadline = Date.now() + (options.timeoutMs ?? this.defaultApiTimeoutMs);
    while (s.position === null) {
      if (s.error) throw s.error;
      if (Date.now() > deadline)
        throw new ClientError('REQUEST_TIMEOUT', `no position for ${tp.topic}-${tp.partition} yet`);
      this.fetcher.wake();
      await new Promise((r) => setTimeout(r, 10));
    }
    return s.position;
  }

  /** For each query, the earliest offset whose timestamp is at or after it (null when none is). */
  async offsetsForTimes(
    queries: Array<TopicPartition & { timestamp: number }>,
  ): Promise<Array<TopicPartition & { offset: bigint | null; timestamp: number | null }>> {
    const answers = await this.list(
      queries.map((q) => ({ topic: q.topic, partition: q.partition, spec: { timestamp: q.timestamp } })),
    );
    return answers.map((a) => ({
      topic: a.topic,
      partition: a.partition,
      offset: a.offset < 0n ? null : a.offset,
      timestamp: a.offset < 0n ? null : a.timestamp,
    }));
  }

  async beginningOffsets(partitions: TopicPartition[]): Promise<Array<TopicPartition & { offset: bigint }>> {
    return (await this.list(partitions.map((p) => ({ ...p, spec: 'earliest' as const })))).map(
      ({ topic, partition, offset }) => ({ topic, partition, offset }),
    );
  }

  async endOffsets(partitions: TopicPartition[]): Promise<Array<TopicPartition & { offset: bigint }>> {
    return (await this.list(partitions.map((p) => ({ ...p, spec: 'latest' as const })))).map(
      ({ topic, partition, offset }) => ({ topic, partition, offset }),
    );
  }

  pause(partitions: TopicPartition[]): void {
    for (const tp of partitions) this.subscriptions.require(tp).paused = true;
  }

  resume(partitions: TopicPartition[]): void {
    for (const tp of partitions) this.subscriptions.require(tp).paused = false;
    this.fetcher.wake();
    this.notify();
  }

  paused(): TopicPartition[] {
    return this.subscriptions
      .all()
      .filter((s) => s.paused)
      .map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  private list(queries: Array<TopicPartition & { spec: OffsetSpec }>): Promise<OffsetAnswer[]> {
    const c = this.cluster.config;
    return listOffsets(this.cluster, queries, {
      isolationLevel: this.isolationLevel,
      deadline: Date.now() + this.defaultApiTimeoutMs,
      retryBackoffMs: c.retryBackoffMs,
      retryBackoffMaxMs: c.retryBackoffMaxMs,
    });
  }

  private resetPositions(states: PartitionState[]): void {
    const todo = states.filter((s) => !this.resetting.has(s));
    if (todo.length === 0) return;
    for (const s of todo) this.resetting.add(s);
    const epochs = todo.map((s) => s.epoch);
    this.list(
      todo.map((s) => ({
        topic: s.topic,
        partition: s.partition,
        spec: s.reset === 'earliest' ? 'earliest' : 'latest',
      })),
    ).then(
      (answers) => {
        todo.forEach((s, i) => {
          this.resetting.delete(s);
          if (s.epoch === epochs[i] && s.position === null) s.seek((answers[i] as OffsetAnswer).offset);
        });
        this.fetcher.wake();
      },
      (err) => {
        for (const s of todo) this.resetting.delete(s);
        this.logger.warn({ error: String(err) }, 'resetting positions failed; will retry');
        if (err instanceof KafkaError && !err.retriable) for (const s of todo) s.error = err;
        this.notify();
        setTimeout(() => this.fetcher.wake(), this.cluster.config.retryBackoffMs).unref();
      },
    );
  }

  // ---- reading

  /**
   * Records from one partition's buffered fetch, up to `maxRecords` (default maxPollRecords);
   * waits for data at most `timeoutMs` (default forever) and returns [] when it passes, or null
   * once the consumer is closed.
   */
  async pollBatch(options: PollOptions = {}): Promise<ConsumerBatch<K, V> | null> {
    const max = options.maxRecords ?? this.maxPollRecords;
    const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
    for (;;) {
      if (this.closed) return null;
      if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
      this.group?.onPoll();
      if (this.group?.fatal) throw this.group.fatal;
      this.throwPartitionErrors();
      const pending = this.takePending(max);
      if (pending) return pending;
      const fetch = this.nextReadable();
      if (fetch) {
        if (this.pacer.due()) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue; // state may have changed meanwhile (seek, pause, close)
        }
        const records: ConsumerRecord<K, V>[] = [];
        fetch.drain(max, records, this.toRecord);
        if (fetch.done) this.release(fetch);
        if (records.length > 0) {
          this.probe.onRecordsConsumed(records.length);
          return {
            topic: fetch.state.topic,
            partition: fetch.state.partition,
            records,
            highWatermark: fetch.highWatermark,
          };
        }
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        return { topic: '', partition: -1, records: [], highWatermark: -1n };
      }
      await this.waitForData(left, options.signal);
    }
  }

  /**
   * Java's poll(): up to maxPollRecords records (of one partition per call here). Calling poll
   * again means the records of the previous call are processed (what auto-commit commits).
   */
  async poll(options: PollOptions = {}): Promise<ConsumerRecord<K, V>[]> {
    const previous = this.lastPolled;
    if (previous) this.markProcessed(previous);
    this.lastPolled = null;
    const batch = await this.pollBatch(options);
    if (!batch || batch.records.length === 0) return [];
    this.lastPolled = batch.records[batch.records.length - 1] as ConsumerRecord<K, V>;
    return batch.records;
  }

  /**
   * Records one at a time. Asking for the next record marks the previous one processed (what
   * auto-commit commits); leaving the loop early (break) puts records already taken from the buffer
   * but not handed out back in front, so nothing is skipped. Hand-written rather than an async
   * generator: a record already buffered costs one resolved promise, not a generator round trip.
   */
  [Symbol.asyncIterator](): AsyncIterator<ConsumerRecord<K, V>> {
    let batch: ConsumerBatch<K, V> | null = null;
    let batchState: PartitionState | undefined;
    let batchEpoch = 0;
    let index = 0;
    let unmarked: ConsumerRecord<K, V> | null = null;
    const done: IteratorResult<ConsumerRecord<K, V>> = { done: true, value: undefined };
    const take = (b: ConsumerBatch<K, V>): IteratorResult<ConsumerRecord<K, V>> => {
      const r = b.records[index++] as ConsumerRecord<K, V>;
      unmarked = r;
      return { done: false, value: r };
    };
    return {
      next: () => {
        if (unmarked) {
          // The partition's state is known here: no lookup by name per record.
          if (batchState && batchState.epoch === batchEpoch) this.markProcessedIn(batchState, unmarked.offset);
          else this.markProcessed(unmarked);
          unmarked = null;
        }
        if (this.closed) return Promise.resolve(done);
        if (batch && index < batch.records.length) {
          // A seek, pause or revocation since the batch was read: the rest is not handed out.
          // (An unassigned partition's state has its epoch bumped too.)
          const current = batchState;
          if (!current || batchEpoch !== current.epoch) batch = null;
          else if (current.paused) {
            this.keepPending(batch, index);
            batch = null;
          } else return Promise.resolve(take(batch));
        }
        batch = null;
        return this.pollBatch().then((b) => {
          if (!b || b.records.length === 0) return done;
          batch = b;
          batchState = this.subscriptions.get(b.topic, b.partition);
          batchEpoch = batchState?.epoch ?? -1;
          index = 0;
          return take(b);
        });
      },
      return: () => {
        if (batch && index < batch.records.length && !this.closed) this.keepPending(batch, index);
        batch = null;
        return Promise.resolve(done);
      },
    };
  }

  private keepPending(batch: ConsumerBatch<K, V>, from: number): void {
    const s = this.subscriptions.get(batch.topic, batch.partition);
    const first = batch.records[from];
    if (!s || !first || s.position === null) return;
    // Not handed out after all: counted again when they are.
    this.probe.onRecordsConsumed(from - batch.records.length);
    this.pending = {
      state: s,
      epoch: s.epoch,
      batch: { ...batch, records: batch.records.slice(from) },
      end: s.position,
    };
    s.position = first.offset;
  }

  private takePending(max: number): ConsumerBatch<K, V> | null {
    const p = this.pending;
    if (!p) return null;
    if (p.state.epoch !== p.epoch || !this.subscriptions.get(p.state.topic, p.state.partition)) {
      this.pending = null;
      return null;
    }
    if (p.state.paused) return null;
    const records = p.batch.records.splice(0, max);
    const last = records[records.length - 1] as ConsumerRecord<K, V>;
    if (p.batch.records.length === 0) {
      this.pending = null;
      p.state.position = p.end;
    } else {
      p.state.position = last.offset + 1n;
    }
    this.probe.onRecordsConsumed(records.length);
    return { ...p.batch, records };
  }

  /** Batches of records of one partition at a time; a batch counts as processed when the next is requested. */
  async *batches(options: { maxRecords?: number; signal?: AbortSignal } = {}): AsyncIterable<ConsumerBatch<K, V>> {
    for (;;) {
      const batch = await this.pollBatch(options);
      if (!batch) return;
      if (batch.records.length === 0) continue;
      yield batch;
      this.markProcessed(batch.records[batch.records.length - 1] as ConsumerRecord<K, V>);
    }
  }

  private readonly toRecord: RecordBuilder<ConsumerRecord<K, V>> = (s, offset, timestamp, key, value, headers) => ({
    topic: s.topic,
    partition: s.partition,
    offset,
    timestamp,
    key: this.keyDeserializer(key, s.topic),
    value: this.valueDeserializer(value, s.topic),
    headers,
  });

  protected markProcessed(r: ConsumerRecord<K, V>): void {
    const s = this.subscriptions.get(r.topic, r.partition);
    if (s) this.markProcessedIn(s, r.offset);
  }

  private markProcessedIn(s: PartitionState, offset: bigint): void {
    this.processed.set(s, offset);
    this.group?.onPoll();
  }

  private nextReadable(): CompletedFetch | null {
    const buffer = this.fetcher.buffer;
    for (let i = 0; i < buffer.length; i++) {
      const f = buffer[i] as CompletedFetch;
      if (f.stale || f.done) {
        if (!f.stale) this.probe.onBytesConsumed(f.records.length);
        buffer.splice(i--, 1);
        this.fetcher.consumed(f);
        continue;
      }
      if (f.state.paused) continue;
      return f;
    }
    return null;
  }

  private release(fetch: CompletedFetch): void {
    this.probe.onBytesConsumed(fetch.records.length);
    const i = this.fetcher.buffer.indexOf(fetch);
    if (i >= 0) this.fetcher.buffer.splice(i, 1);
    this.fetcher.consumed(fetch);
  }

  private throwPartitionErrors(): void {
    for (const s of this.subscriptions.all()) {
      if (s.error) {
        const err = s.error;
        // Reported once; the partition stays without a position until the application seeks.
        s.error = null;
        s.reset = null;
        throw err;
      }
    }
  }

  private waitForData(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : null;
      const waiters = this.waiters;
      function done() {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.push(done);
    });
  }

  protected notify(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  protected checkOpen(): void {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the consumer is closed');
  }

  /**
   * Commits what was processed (auto-commit), revokes through the listener and leaves the group,
   * waiting at most `timeoutMs` (default 30 s, as Java's close()) for that; then stops fetching,
   * ends every iterator and closes connections.
   */
  /**
   * A snapshot of the consumer's fetch metrics, by Kafka's names (group
   * `consumer-fetch-manager-metrics`): what `--print-metrics` of the perf tool prints.
   */
  metrics(): Metric[] {
    return this.probe.snapshot();
  }

  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    if (this.group) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.timeoutMs ?? 30_000);
      });
      await Promise.race([
        this.group.close().catch((err) => this.logger.warn({ error: String(err) }, 'leaving the group failed')),
        timeout,
      ]);
      clearTimeout(timer);
    }
    this.closed = true;
    this.fetcher.stop();
    this.notify();
    this.cluster.close();
  }
}
