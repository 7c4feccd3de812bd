/**
 * Owns the partitions hosted by this broker and every read and write of their logs: appends from
 * producers (after converting legacy message sets), reads for consumers and followers, offsets
 * lookups, record deletion, and the leadership changes the controller orders (LeaderAndIsr,
 * StopReplica; see replica-control.ts). As leader it tracks its followers, raises the high
 * watermark to the smallest log end in the ISR and proposes ISR changes; as follower it hands its
 * partitions to the replica fetchers.
 *
 * All log access happens on the event loop: the storage layer's append and read are synchronous,
 * so an append is atomic with respect to other requests and producers on one connection are
 * appended in the order they sent. Appends and high watermark moves notify the purgatories so
 * waiting fetches and acks=all produces complete at once.
 */
import type { Logger } from '@samsa/common';
import { convertToRecordBatchV2, ErrorCode, KafkaError, MAGIC_OFFSET, MAGIC_V2 } from '@samsa/protocol';
import {
  type Allocate,
  type AppendOrigin,
  isIoFailure,
  type LogConfig,
  type LogManager,
  type PartitionLog,
  StorageError,
} from '@samsa/storage';
import { toKafkaFailure } from '../errors/kafka-failure.js';
import type { DelayedFetch } from '../fetch/delayed-fetch.js';
import { BrokerTopicProbe } from '../metrics/broker-topic-probe.js';
import { Purgatory } from '../purgatory/purgatory.js';
import { awaitReplication, type DelayedProduce } from './delayed-produce.js';
import { type AlterPartitionSender, IsrChanger } from './isr-changer.js';
import { Partition, partitionKey } from './partition.js';
import type { ControlResult, LeaderAndIsrCommand, StopReplicaCommand } from './partition-state.js';
import { becomeLeaderOrFollower, stopReplicas } from './replica-control.js';
import type { FollowerLogs, ReplicaFetcherOptions } from './replica-fetcher.js';
import {
  createReplicaFetcherManager,
  type LeaderEndpointFactory,
  type ReplicaFetcherManager,
} from './replica-fetcher-manager.js';

export interface ReplicaManagerOptions {
  /** Log config of a topic whose partition a LeaderAndIsr creates here. */
  logConfigFor?: (topic: string) => LogConfig;
  /** Where ISR changes go (AlterPartition to the controller); none in single-node mode. */
  alterPartition?: AlterPartitionSender;
  /** How followers reach a leader; default a RemoteLeaderEndpoint over the network. */
  leaderEndpointFor?: LeaderEndpointFactory;
  /** replica.lag.time.max.ms (30000). */
  replicaLagTimeMaxMs?: number;
  /** replica.fetch.wait.max.ms, .min.bytes, .max.bytes, .response.max.bytes, .backoff.ms; replica.socket.timeout.ms. */
  fetch?: Partial<Omit<ReplicaFetcherOptions, 'brokerId'>> & { socketTimeoutMs?: number };
  /** Clock for follower lag (tests inject one). */
  now?: () => number;
}

export interface AppendResult {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  /** The last offset written (not in the response): acks=all waits for the high watermark to pass it. */
  lastOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
}

export interface AppendRecordsOptions {
  topic: string;
  partition: number;
  /** The request's record set: batches of magic 2, or a legacy message set that is converted. */
  records: Buffer | null;
  /** -1 (all): refuses the append while the ISR is below min.insync.replicas. */
  acks: number;
  now: number;
  /** 'coordinator': the transaction coordinator writing commit/abort markers. */
  origin?: AppendOrigin;
}

export interface ReplicaReadOptions {
  topic: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
  /** A first batch larger than maxBytes is returned whole (the first partition of a fetch, v3+). */
  minOneBatch: boolean;
  /** Consumers of read_committed stop at the last stable offset. */
  readCommitted: boolean;
  /** Where the bytes are read into (the broker's buffer pool); default a fresh Buffer. */
  allocate?: Allocate;
  /** Who reads (default a consumer, any leader epoch). */
  reader?: ReaderInfo;
}

export interface ReadResult {
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  records: Buffer | null;
  /** Read-committed reads: the aborted transactions overlapping what was read (KIP-98). */
  abortedTransactions?: Array<{ producerId: number; firstOffset: number }>;
}

export interface OffsetLookup {
  errorCode: number;
  timestamp: number;
  offset: number;
  leaderEpoch: number;
}

/** ListOffsets' special timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
export const MAX_TIMESTAMP = -3;
export const EARLIEST_LOCAL_TIMESTAMP = -4;

export interface EpochEnd {
  errorCode: number;
  leaderEpoch: number;
  endOffset: number;
}

export interface DivergingEpoch {
  epoch: number;
  endOffset: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
}

export interface AppendedPartition {
  topic: string;
  partition: number;
  result: AppendResult;
}

export class ReplicaManager implements FollowerLogs {
  private readonly partitions = new Map<string, Partition>();
  readonly fetchPurgatory = new Purgatory<DelayedFetch>();
  /** BrokerTopicMetrics and ISR change counts, read by the metrics endpoint at scrape time. */
  readonly topicProbe = new BrokerTopicProbe();
  readonly producePurgatory = new Purgatory<DelayedProduce>();
  /** The newest controller epoch seen in a LeaderAndIsr or StopReplica; older ones are stale. */
  private _controllerEpoch = 0;
  /**
   * This broker's current registration (the czxid of its /brokers/ids znode), set by the broker
   * on every (re-)registration; control requests for an older one are stale. -1: not registered.
   */
  private _brokerEpoch = -1n;
  private readonly isrChanger: IsrChanger | null;
  private fetchers: ReplicaFetcherManager | null = null;
  private isrExpiration: NodeJS.Timeout | null = null;
  readonly now: () => number;
  readonly replicaLagTimeMaxMs: number;

  constructor(
    readonly brokerId: number,
    private readonly logs: LogManager,
    private readonly logger: Logger,
    private readonly options: ReplicaManagerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.replicaLagTimeMaxMs = options.replicaLagTimeMaxMs ?? 30_000;
    this.isrChanger = options.alterPartition
      ? new IsrChanger(brokerId, options.alterPartition, logger, (p, kind) => {
          if (kind === 'shrink') this.topicProbe.isrShrinks++;
          else this.topicProbe.isrExpands++;
          this.onIsrChanged(p);
        })
      : null;
  }

  get controllerEpoch(): number {
    return this._controllerEpoch;
  }

  get brokerEpoch(): bigint {
    return this._brokerEpoch;
  }

  /** The broker (re-)registered in ZooKeeper with this epoch. */
  setBrokerEpoch(epoch: bigint): void {
    this._brokerEpoch = epoch;
  }

  /** A control request's broker epoch older than ours; -1 comes from controllers too old to send it, and is accepted as Kafka does. */
  isStaleBrokerEpoch(requestEpoch: bigint): boolean {
    return requestEpoch >= 0n && requestEpoch < this._brokerEpoch;
  }

  /** Adopts a control request's controller epoch, or returns false if it is older than ours (stale controller). */
  adoptControllerEpoch(epoch: number): boolean {
    if (epoch < this._controllerEpoch) return false;
    this._controllerEpoch = epoch;
    return true;
  }

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(partitionKey(topic, partition));
  }

  /** Single-node mode: makes this broker the leader of a partition, creating its log if needed. */
  becomeLeader(topic: string, partition: number, topicId: string, config: LogConfig, replicas: number[]): Partition {
    const existing = this.getPartition(topic, partition);
    if (existing) return existing;
    const log = this.logs.getOrCreateLog(topic, partition, config);
    // Single node: this broker is the only replica, so its log end is the high watermark.
    log.highWatermark = log.logEndOffset;
    const p = new Partition({
      topic,
      partition,
      topicId,
      log,
      leaderId: this.brokerId,
      leaderEpoch: 0,
      replicas,
      isr: [this.brokerId],
    });
    this.partitions.set(p.key, p);
    return p;
  }

  /** @internal For replica-control.ts: hosts a partition in the controller's state. */
  hostPartition(topic: string, partition: number, topicId: string): Partition {
    const existing = this.getPartition(topic, partition);
    if (existing) return existing;
    const config = this.options.logConfigFor?.(topic);
    const log = this.logs.getOrCreateLog(topic, partition, config);
    const p = new Partition({ topic, partition, topicId, log, leaderId: -1, leaderEpoch: -1, replicas: [], isr: [] });
    this.partitions.set(p.key, p);
    return p;
  }

  /** @internal The fetchers if any partition was ever followed (nothing to stop otherwise). */
  get replicaFetchersIfAny(): ReplicaFetcherManager | null {
    return this.fetchers;
  }

  /** @internal The fetchers, created on the first partition this broker follows. */
  get replicaFetchers(): ReplicaFetcherManager {
    this.fetchers ??= createReplicaFetcherManager(this.brokerId, this, this.options, this.logger);
    return this.fetchers;
  }

  /** FollowerLogs: the log of a partition this broker follows in `leaderEpoch`. */
  followerLog(topic: string, partition: number, leaderEpoch: number): PartitionLog | undefined {
    const p = this.getPartition(topic, partition);
    if (!p || p.isLeader(this.brokerId) || p.leaderEpoch !== leaderEpoch) return undefined;
    return p.log;
  }

  /**
   * Stops hosting a partition and deletes its log. `evenIfNotHosted`: StopReplica deletes a log
   * left on disk by a partition this broker no longer hosts.
   */
  async removePartition(topic: string, partition: number, evenIfNotHosted = false): Promise<void> {
    const key = partitionKey(topic, partition);
    const p = this.partitions.get(key);
    if (!p && !evenIfNotHosted) return;
    this.partitions.delete(key);
    this.fetchers?.removePartition(topic, partition);
    if (p) this.completeDelayed(p);
    await this.logs.deleteLog(topic, partition);
  }

  /** LeaderAndIsr (key 4): see replica-control.ts. */
  becomeLeaderOrFollower(cmd: LeaderAndIsrCommand): ControlResult {
    return becomeLeaderOrFollower(this, cmd, this.logger);
  }

  /** StopReplica (key 5): see replica-control.ts. */
  stopReplicas(cmd: StopReplicaCommand): Promise<ControlResult> {
    return stopReplicas(this, cmd, this.logger);
  }

  /** Gives waiting produces and fetches of `p` a chance to complete (or fail, after a leadership change). */
  completeDelayed(p: Partition): void {
    this.producePurgatory.checkAndComplete(p.key);
    this.fetchPurgatory.checkAndComplete(p.key);
  }

  updateTopicConfig(topic: string, config: LogConfig): void {
    this.logs.updateConfig(topic, config);
  }

  partitionsOf(topic: string): Partition[] {
    return [...this.partitions.values()].filter((p) => p.topic === topic);
  }

  /** Every hosted partition (tests, metrics). */
  allPartitions(): Partition[] {
    return [...this.partitions.values()];
  }

  /**
   * The partition, if this broker leads it in the epoch the client believes in (-1: any epoch).
   * A client behind us gets FENCED_LEADER_EPOCH, one ahead of us UNKNOWN_LEADER_EPOCH (KIP-320).
   */
  private leaderPartition(topic: string, partition: number, currentLeaderEpoch = -1): Partition {
    const p = this.getPartition(topic, partition);
    if (!p) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    // Its log dir went offline after an I/O failure: every request for it fails, as in Kafka.
    if (p.log.isClosed) throw new StorageError('KAFKA_STORAGE_ERROR', `the log of ${p.key} is offline`);
    if (currentLeaderEpoch >= 0 && currentLeaderEpoch < p.leaderEpoch)
      throw new KafkaError(ErrorCode.FENCED_LEADER_EPOCH);
    if (currentLeaderEpoch > p.leaderEpoch) throw new KafkaError(ErrorCode.UNKNOWN_LEADER_EPOCH);
    if (!p.isLeader(this.brokerId)) throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    return p;
  }

  // ---- leader side of replication

  /**
   * A follower fetched `fetchOffset`: that is its log end offset. Records it (only for an assigned
   * replica: anyone else gets NOT_LEADER_OR_FOLLOWER), adds the follower to the ISR once it has
   * caught up, and raises the high watermark. An offset outside the log is left for the read to
   * report as OFFSET_OUT_OF_RANGE.
   */
  recordFollowerFetch(
    replicaId: number,
    topic: string,
    partition: number,
    fetchOffset: number,
    currentLeaderEpoch: number,
  ): number {
    try {
      const p = this.leaderPartition(topic, partition, currentLeaderEpoch);
      const follower = p.follower(replicaId);
      if (!follower)
        throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `broker ${replicaId} is not a replica of ${p.key}`);
      const log = p.log;
      if (fetchOffset < log.logStartOffset || fetchOffset > log.logEndOffset) return ErrorCode.NONE;
      follower.updateFetchState(fetchOffset, this.now(), log.logEndOffset);
      if (this.isrChanger && p.canJoinIsr(replicaId)) this.isrChanger.propose(p, 'expand', [...p.isr, replicaId]);
      if (p.maybeIncrementHighWatermark(this.brokerId)) this.completeDelayed(p);
      return ErrorCode.NONE;
    } catch (err) {
      return toKafkaFailure(err, this.logger).code;
    }
  }

  /**
   * The ISR check Kafka runs every replica.lag.time.max.ms / 2: followers not caught up for longer
   * than replica.lag.time.max.ms are proposed for removal. Returns how many partitions it proposed.
   */
  maybeShrinkIsr(now: number = this.now()): number {
    if (!this.isrChanger) return 0;
    let proposed = 0;
    for (const p of this.partitions.values()) {
      if (!p.isLeader(this.brokerId) || !p.controlled) continue;
      const out = p.outOfSyncReplicas(this.brokerId, now, this.replicaLagTimeMaxMs);
      if (out.length === 0) continue;
      if (
        this.isrChanger.propose(
          p,
          'shrink',
          p.isr.filter((id) => !out.includes(id)),
        )
      )
        proposed++;
    }
    return proposed;
  }

  /** Starts the periodic ISR shrink check; stopped by shutdown(). */
  startIsrExpiration(): void {
    if (this.isrExpiration) return;
    this.isrExpiration = setInterval(() => this.maybeShrinkIsr(), Math.max(1, this.replicaLagTimeMaxMs / 2));
    this.isrExpiration.unref();
  }

  private onIsrChanged(p: Partition): void {
    // A smaller ISR may let the high watermark move; a produce waiting for it may now also fail min.insync.
    p.maybeIncrementHighWatermark(this.brokerId);
    this.completeDelayed(p);
  }

  /**
   * A follower fetch naming the epoch of its last fetched batch: if this log has that epoch ending
   * before the fetch offset, or knows it only as an older one, the logs diverge there and the
   * follower must truncate (KIP-595's check). Null when they agree, or when this broker does not
   * lead in the follower's epoch (recording the fetch reports that).
   */
  divergingEpoch(
    topic: string,
    partition: number,
    currentLeaderEpoch: number,
    lastFetchedEpoch: number,
    fetchOffset: number,
  ): DivergingEpoch | null {
    const p = this.getPartition(topic, partition);
    if (!p?.isLeader(this.brokerId)) return null;
    if (currentLeaderEpoch >= 0 && currentLeaderEpoch !== p.leaderEpoch) return null;
    const log = p.log;
    const end = log.endOffsetForEpoch(lastFetchedEpoch);
    if (end.epoch >= lastFetchedEpoch && end.endOffset >= fetchOffset) return null;
    return {
      epoch: end.epoch,
      endOffset: end.endOffset,
      highWatermark: log.highWatermark,
      lastStableOffset: log.lastStableOffset,
      logStartOffset: log.logStartOffset,
    };
  }

  /** The leader's log start and end, for a follower whose fetch offset was out of range. */
  leaderLogOffsets(topic: string, partition: number, currentLeaderEpoch: number) {
    try {
      const p = this.leaderPartition(topic, partition, currentLeaderEpoch);
      return { errorCode: ErrorCode.NONE, logStartOffset: p.log.logStartOffset, logEndOffset: p.log.logEndOffset };
    } catch (err) {
      return { errorCode: toKafkaFailure(err, this.logger).code, logStartOffset: -1, logEndOffset: -1 };
    }
  }

  /**
   * acks=all: the results once the ISR holds every successful partition's records, at once when
   * it already does (always in single-node mode), else a promise settled by the produce purgatory
   * (high watermark reached, leadership lost, or `timeoutMs`).
   */
  /**
   * Waits (bounded) until the high watermark of a partition this broker leads covers its current
   * log end: what the coordinators use so that what they wrote survives a leader change, as
   * Kafka's coordinators append with acks=all. Resolves false on timeout or lost leadership.
   */
  async awaitLogEndReplicated(topic: string, partition: number, timeoutMs: number): Promise<boolean> {
    const p = this.getPartition(topic, partition);
    if (!p || !p.isLeader(this.brokerId)) return false;
    const lastOffset = p.log.logEndOffset - 1;
    if (p.log.highWatermark > lastOffset) return true;
    const result: AppendResult = {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      baseOffset: lastOffset,
      lastOffset,
      logAppendTimeMs: -1,
      logStartOffset: p.log.logStartOffset,
    };
    const [r] = await this.awaitReplication([{ topic, partition, result }], timeoutMs);
    return r?.errorCode === ErrorCode.NONE;
  }

  awaitReplication(
    appended: AppendedPartition[],
    timeoutMs: number,
    now = Date.now(),
  ): AppendResult[] | Promise<AppendResult[]> {
    const lookup = (topic: string, partition: number) => this.getPartition(topic, partition);
    return awaitReplication(this.producePurgatory, lookup, this.brokerId, appended, timeoutMs, now);
  }

  /** Stops the fetchers and the ISR check, and completes everything waiting (broker shutdown). */
  async shutdown(): Promise<void> {
    if (this.isrExpiration) clearInterval(this.isrExpiration);
    this.isrExpiration = null;
    await this.fetchers?.shutdown();
    this.producePurgatory.completeAll();
    this.fetchPurgatory.completeAll();
  }

  /** DeleteRecords: moves the log start offset; -1 means up to the high watermark. */
  deleteRecords(topic: string, partition: number, offset: number): { errorCode: number; lowWatermark: number } {
    try {
      const p = this.leaderPartition(topic, partition);
      const target = offset === -1 ? p.log.highWatermark : offset;
      if (target < 0 || target > p.log.highWatermark) throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE);
      p.log.deleteRecordsBefore(target);
      return { errorCode: ErrorCode.NONE, lowWatermark: p.log.logStartOffset };
    } catch (err) {
      return { errorCode: toKafkaFailure(err, this.logger).code, lowWatermark: -1 };
    }
  }

  /**
   * OffsetForLeaderEpoch. Followers (replica id >= 0) and consumers (-1) are answered by the leader
   * only; the debugging id -2 (what v0-2 imply) may read any replica, as in Kafka. For the latest
   * epoch the end offset is the log end, not the high watermark: a follower truncates to it.
   */
  endOffsetForEpoch(
    topic: string,
    partition: number,
    currentLeaderEpoch: number,
    leaderEpoch: number,
    replicaId = -1,
  ): EpochEnd {
    try {
      const p =
        replicaId === DEBUGGING_REPLICA_ID
          ? this.getPartition(topic, partition)
          : this.leaderPartition(topic, partition, currentLeaderEpoch);
      if (!p) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      const r = p.log.endOffsetForEpoch(leaderEpoch);
      return { errorCode: ErrorCode.NONE, leaderEpoch: r.epoch, endOffset: r.endOffset };
    } catch (err) {
      return { errorCode: toKafkaFailure(err, this.logger).code, leaderEpoch: -1, endOffset: -1 };
    }
  }

  /** ListOffsets for one partition: a special timestamp or the first offset at or after `timestamp`. */
  listOffset(
    topic: string,
    partition: number,
    timestamp: number,
    readCommitted: boolean,
    currentLeaderEpoch: number,
  ): OffsetLookup {
    try {
      const p = this.leaderPartition(topic, partition, currentLeaderEpoch);
      const log = p.log;
      const found = (offset: number, ts = -1): OffsetLookup => ({
        errorCode: ErrorCode.NONE,
        offset,
        timestamp: ts,
        leaderEpoch: p.leaderEpoch,
      });
      switch (timestamp) {
        case LATEST_TIMESTAMP:
          return found(readCommitted ? log.lastStableOffset : log.highWatermark);
        case EARLIEST_TIMESTAMP:
        case EARLIEST_LOCAL_TIMESTAMP:
          return found(log.logStartOffset);
        case MAX_TIMESTAMP: {
          const m = log.maxTimestampOffset();
          return m ? found(m.offset, m.timestamp) : found(-1);
        }
        default: {
          const hit = log.offsetForTimestamp(timestamp);
          const limit = readCommitted ? log.lastStableOffset : log.highWatermark;
          return hit && hit.offset < limit ? found(hit.offset, hit.timestamp) : found(-1);
        }
      }
    } catch (err) {
      return { errorCode: toKafkaFailure(err, this.logger).code, offset: -1, timestamp: -1, leaderEpoch: -1 };
    }
  }

  /** Appends a produce request's records for one partition this broker leads. */
  appendRecords(o: AppendRecordsOptions): AppendResult {
    const { topic, partition, records, acks, now, origin = 'client' } = o;
    let p: Partition | undefined;
    try {
      p = this.leaderPartition(topic, partition);
      if (records === null || records.length === 0) {
        throw new KafkaError(ErrorCode.INVALID_RECORD, 'Produce request carries no records');
      }
      if (acks === -1 && p.isr.length < p.log.config['min.insync.replicas']) {
        throw new KafkaError(ErrorCode.NOT_ENOUGH_REPLICAS);
      }
      const batches = this.toRecordBatchV2(records);
      const info = p.log.appendAsLeader(batches, p.leaderEpoch, now, origin);
      if (origin === 'client') {
        const count = info.lastOffset - info.firstOffset + 1;
        this.topicProbe.produced(topic, count, records.length, batches !== records);
      }
      // Alone in the ISR the log end is the high watermark; otherwise it waits for the followers.
      if (p.maybeIncrementHighWatermark(this.brokerId)) this.producePurgatory.checkAndComplete(p.key);
      this.fetchPurgatory.checkAndComplete(p.key);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        baseOffset: info.firstOffset,
        lastOffset: info.lastOffset,
        logAppendTimeMs: info.logAppendTime,
        logStartOffset: info.logStartOffset,
      };
    } catch (err) {
      if (p && isIoFailure(err)) this.takeLogDirOffline(p, err);
      const { code, message } = toKafkaFailure(err, this.logger);
      if (origin === 'client') this.topicProbe.produceFailed(topic, code);
      return failedAppend(code, message);
    }
  }

  /**
   * A write to a partition's log failed on the disk (ENOSPC, EIO): its whole log dir goes offline,
   * as in Kafka, so that no further write lands after the failed one; the process keeps serving
   * the partitions of other dirs. Producers to the offline partitions get KAFKA_STORAGE_ERROR.
   */
  private takeLogDirOffline(p: Partition, err: unknown): void {
    let dir: string;
    try {
      dir = this.logs.logDirOf(p.log);
    } catch {
      return; // already offline
    }
    this.logs.markLogDirOffline(dir, err);
  }

  /** Old clients (Produce v0-2) send message sets of magic 0 or 1; the log stores magic 2 only. */
  private toRecordBatchV2(records: Buffer): Buffer {
    if (records.length <= MAGIC_OFFSET) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'record set too short');
    const magic = records.readInt8(MAGIC_OFFSET);
    if (magic === MAGIC_V2) return records;
    if (magic !== 0 && magic !== 1) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `unknown magic ${magic}`);
    try {
      return convertToRecordBatchV2(records);
    } catch (err) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, (err as Error).message);
    }
  }

  /** Reads one partition for a consumer or a follower (`reader`). */
  read(o: ReplicaReadOptions): ReadResult {
    const { topic, partition, fetchOffset, maxBytes, minOneBatch, readCommitted, allocate, reader = CONSUMER } = o;
    try {
      const p = this.leaderPartition(topic, partition, reader.currentLeaderEpoch);
      const log = p.log;
      // Followers copy the whole log; consumers see only what the ISR has (or what is decided).
      const upTo = reader.replicaId >= 0 ? log.logEndOffset : readCommitted ? log.lastStableOffset : log.highWatermark;
      const { records } = log.read({ startOffset: fetchOffset, maxBytes, limit: upTo, minOneBatch, allocate });
      if (reader.replicaId < 0) this.topicProbe.fetched(topic, records.length);
      return {
        errorCode: ErrorCode.NONE,
        highWatermark: log.highWatermark,
        lastStableOffset: log.lastStableOffset,
        logStartOffset: log.logStartOffset,
        records,
        abortedTransactions:
          readCommitted && records.length > 0 ? log.abortedTransactions(fetchOffset, upTo) : undefined,
      };
    } catch (err) {
      const { code } = toKafkaFailure(err, this.logger);
      if (reader.replicaId < 0) this.topicProbe.fetchFailed(topic, code);
      const p = this.getPartition(topic, partition);
      return {
        errorCode: code,
        highWatermark: p ? p.log.highWatermark : -1,
        lastStableOffset: p ? p.log.lastStableOffset : -1,
        logStartOffset: p ? p.log.logStartOffset : -1,
        records: null,
      };
    }
  }
}

export function failedAppend(errorCode: number, errorMessage: string | null): AppendResult {
  return { errorCode, errorMessage, baseOffset: -1, lastOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
}

/** Who reads: a consumer (replica id -1) or a follower, and the leader epoch it believes in. */
export interface ReaderInfo {
  replicaId: number;
  currentLeaderEpoch: number;
}

const CONSUMER: ReaderInfo = { replicaId: -1, currentLeaderEpoch: -1 };
const DEBUGGING_REPLICA_ID = -2;
