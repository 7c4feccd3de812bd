import { join } from 'node:path';
import { type Logger, silentLogger } from '@samsa/common';
import { baseOffsetAt, batchSizeAt, leaderEpochAt } from '@samsa/protocol';
import { type EpochEntry, LeaderEpochCheckpointFile } from './checkpoint/leader-epoch-checkpoint-file.js';
import { type EpochEndOffset, LeaderEpochCache } from './epoch/leader-epoch-cache.js';
import { StorageError } from './errors.js';
import { type FileSystem, nodeFileSystem } from './fs/file-system.js';
import { LocalLog, segmentOptionsFor } from './local-log.js';
import { hasDeletePolicy, type LogConfig } from './log-config.js';
import { loadLog } from './log-loader.js';
import type { FetchDataInfo, LogReadOptions } from './log-read.js';
import {
  deletableSegments,
  logStartOffsetBreached,
  type RetentionPredicate,
  retentionMsBreached,
  retentionSizeBreached,
} from './log-retention.js';
import { findMaxTimestamp, findOffsetByTimestamp, type TimestampAndOffset } from './log-timestamps.js';
import { type ValidatedRecords, validateAndAssignOffsets, validateFollowerRecords } from './log-validator.js';
import { type AbortedTxn, AbortedTxnIndex } from './producer/aborted-txn-index.js';
import type { AppendOrigin, CompletedTxn } from './producer/producer-append.js';
import { rebuildProducerState } from './producer/producer-state-loader.js';
import { ProducerStateManager } from './producer/producer-state-manager.js';
import type { LogSegment } from './segment/log-segment.js';

export interface PartitionLogOptions {
  /** From recovery-point-offset-checkpoint: segments from the one holding it on are rescanned. Default 0. */
  recoveryPoint?: number;
  /** From log-start-offset-checkpoint. Default 0. */
  logStartOffset?: number;
  /** The log dir was shut down cleanly: skip recovery. Default false. */
  hadCleanShutdown?: boolean;
  /** Initial high watermark (the broker's replication-offset-checkpoint); default the log start offset. */
  highWatermark?: number;
  /** Clock in ms; default Date.now. */
  now?: () => number;
  logger?: Logger;
  /** Where the files are; default node:fs (tests pass a MemoryFileSystem). */
  fs?: FileSystem;
}

/** Result of an append (Kafka's LogAppendInfo). */
export interface AppendInfo extends ValidatedRecords {
  /** The broker time written into LogAppendTime batches, -1 for CreateTime topics. */
  logAppendTime: number;
  logStartOffset: number;
  /** A producer's retry of a batch already in the log: nothing was written, the offsets are the original's. */
  duplicate?: true;
}

/**
 * One partition's log (Kafka's UnifiedLog): the segments of `<logDir>/<topic>-<partition>/` (kept by
 * a LocalLog), plus the log start offset, high watermark and leader epoch cache, the append
 * validation and the retention rules.
 *
 * Ownership and concurrency: one PartitionLog per partition, owned by the LogManager. Every method
 * is synchronous and runs to completion on the event loop, so appends, reads, retention and the
 * cleaner's segment swap never interleave. Offsets and file positions are JS numbers, exact up to
 * 2^53; batch int64 fields are read and written as two 32-bit halves.
 */
export class PartitionLog {
  private readonly local: LocalLog;
  private _logStartOffset: number;
  private _highWatermark: number;
  private readonly epochCache: LeaderEpochCache;
  private readonly clock: () => number;
  /** Producer ids, epochs, sequences and open transactions (rebuilt from `.snapshot` files and the log tail). */
  readonly producerState: ProducerStateManager;
  /** Aborted transactions (`.txnindex` files), for read-committed fetches. */
  private readonly abortedTxns: AbortedTxnIndex;
  /** What loading found: segments rescanned and bytes cut off (both 0 after a clean shutdown). */
  readonly loadStats: { recoveredSegments: number; truncatedBytes: number };

  private constructor(
    logDir: string,
    readonly topic: string,
    readonly partition: number,
    private _config: LogConfig,
    opts: PartitionLogOptions,
  ) {
    const dir = join(logDir, `${topic}-${partition}`);
    this.clock = opts.now ?? Date.now;
    const logger = opts.logger ?? silentLogger;
    const fs = opts.fs ?? nodeFileSystem;
    const dirIsNew = fs.mkdirSync(dir, { recursive: true }) !== undefined;
    const epochs = PartitionLog.loadEpochCache(fs, dir, logger);
    this.epochCache = epochs.cache;
    const loaded = loadLog({
      fs,
      dir,
      // Without a readable epoch checkpoint every batch is scanned, to learn the epochs again.
      recoveryPoint: epochs.damaged ? 0 : (opts.recoveryPoint ?? 0),
      logStartOffset: opts.logStartOffset ?? 0,
      hadCleanShutdown: !epochs.damaged && (opts.hadCleanShutdown ?? false),
      now: this.clock(),
      segmentOptions: () => segmentOptionsFor(_config),
      epochCache: this.epochCache,
      logger,
    });
    const companionFiles = [epochs.path];
    this.local = new LocalLog({ fs, dir, ...loaded, companionFiles, dirIsNew }, _config, this.clock, logger);
    this._logStartOffset = loaded.logStartOffset;
    this.loadStats = { recoveredSegments: loaded.recoveredSegments, truncatedBytes: loaded.truncatedBytes };
    this._highWatermark = this.clampToLog(opts.highWatermark ?? this._logStartOffset);
    this.producerState = new ProducerStateManager(fs, dir, logger);
    this.abortedTxns = new AbortedTxnIndex(fs, dir);
    this.abortedTxns.load(this.segmentBases(), this._logStartOffset);
    this.rebuildProducerState();
  }

  private segmentBases(): number[] {
    return this.local.segments.all().map((s) => s.baseOffset);
  }

  /** Replaying markers past the snapshot also restores index entries a crash may have lost. */
  private rebuildProducerState(): void {
    const known = new Set(this.abortedTxns.collect(0, Number.MAX_SAFE_INTEGER).map((e) => e.lastOffset));
    rebuildProducerState(
      this.producerState,
      this.local.segments.all(),
      this._logStartOffset,
      this.logEndOffset,
      (txn) => {
        if (!known.has(txn.lastOffset)) this.recordCompletedTxn(txn);
      },
    );
  }

  private recordCompletedTxn(txn: CompletedTxn): void {
    if (!txn.isAborted) return;
    const base =
      this.segmentBases()
        .filter((b) => b <= txn.lastOffset)
        .pop() ?? this.local.segments.active.baseOffset;
    const lastStableOffset = this.producerState.firstUnstableOffset() ?? txn.lastOffset + 1;
    const { producerId, firstOffset, lastOffset } = txn;
    this.abortedTxns.append(base, { producerId, firstOffset, lastOffset, lastStableOffset });
  }

  /** Aborted transactions overlapping [fetchOffset, upperBound): what a read-committed fetch returns. */
  abortedTransactions(fetchOffset: number, upperBound: number): AbortedTxn[] {
    return this.abortedTxns.collect(fetchOffset, upperBound);
  }

  /**
   * A damaged leader-epoch-checkpoint (say, one replaced without fsync just before a power loss) is
   * not fatal: the caller rescans the whole log, which relearns every epoch from the batches.
   */
  private static loadEpochCache(
    fs: FileSystem,
    dir: string,
    logger: Logger,
  ): { cache: LeaderEpochCache; damaged: boolean; path: string } {
    const file = new LeaderEpochCheckpointFile(fs, dir);
    try {
      return { cache: new LeaderEpochCache(file), damaged: false, path: file.path };
    } catch (err) {
      logger.warn(
        { path: file.path, err },
        'ignoring the leader epoch checkpoint and rescanning the log for its epochs',
      );
      return { cache: new LeaderEpochCache(file, []), damaged: true, path: file.path };
    }
  }

  /** Opens (creating if needed) the log of `topic`-`partition` in the log directory `logDir`. */
  static open(
    logDir: string,
    topic: string,
    partition: number,
    config: LogConfig,
    opts: PartitionLogOptions = {},
  ): PartitionLog {
    return new PartitionLog(logDir, topic, partition, config, opts);
  }

  /** The partition directory, `<logDir>/<topic>-<partition>`. */
  get dir(): string {
    return this.local.dir;
  }

  get config(): LogConfig {
    return this._config;
  }

  /** New settings apply from the next append and the next segment on. */
  updateConfig(config: LogConfig): void {
    this._config = config;
    this.local.updateConfig(config);
  }

  get logStartOffset(): number {
    return this._logStartOffset;
  }

  get logEndOffset(): number {
    return this.local.logEndOffset;
  }

  get highWatermark(): number {
    return this._highWatermark;
  }

  /** Set by the replica manager, clamped to [logStartOffset, logEndOffset]; single-node brokers set it to the log end. */
  set highWatermark(offset: number) {
    this._highWatermark = this.clampToLog(offset);
  }

  /** The first offset of the earliest open transaction, or the high watermark if it is lower (or none is open). */
  get lastStableOffset(): number {
    const unstable = this.producerState.firstUnstableOffset();
    return unstable === null ? this._highWatermark : Math.min(unstable, this._highWatermark);
  }

  get recoveryPoint(): number {
    return this.local.recoveryPoint;
  }

  get size(): number {
    return this.local.segments.sizeInBytes;
  }

  get numberOfSegments(): number {
    return this.local.segments.count;
  }

  get isClosed(): boolean {
    return this.local.isClosed;
  }

  private clampToLog(offset: number): number {
    return Math.min(Math.max(offset, this._logStartOffset), this.local.logEndOffset);
  }

  private ensureOpen(): void {
    if (this.local.isClosed) throw new StorageError('KAFKA_STORAGE_ERROR', `log ${this.dir} is closed`);
  }

  /**
   * Appends a produce request's record set as leader: validates every batch, assigns offsets and the
   * leader epoch in place (and LogAppendTime if configured), then writes the bytes with one
   * synchronous write — once this returns the data is in the page cache and survives kill -9.
   * Throws StorageError and appends nothing if any batch is invalid. Keeps no reference to
   * `records` after it returns: the broker reuses the request buffer for the next one.
   */
  appendAsLeader(
    records: Buffer,
    leaderEpoch: number,
    now: number = this.clock(),
    origin: AppendOrigin = 'client',
  ): AppendInfo {
    this.ensureOpen();
    if (records.length === 0) return this.emptyAppend();
    const v = validateAndAssignOffsets(records, {
      nextOffset: this.logEndOffset,
      leaderEpoch,
      now,
      config: this._config,
    });
    // Producer checks come after offsets are assigned (the state records them), before the write.
    const producers = this.producerState.prepare(records, origin);
    if (producers.kind === 'duplicate') {
      const d = producers.batch;
      return { ...this.emptyAppend(), firstOffset: d.firstOffset, lastOffset: d.lastOffset, duplicate: true };
    }
    this.epochCache.assign(leaderEpoch, v.firstOffset);
    const activeBefore = this.local.segments.active;
    this.local.append(records, { ...v, now });
    for (const txn of producers.commit()) this.recordCompletedTxn(txn);
    this.afterProducerAppend(activeBefore);
    const logAppendTime = this._config['message.timestamp.type'] === 'LogAppendTime' ? now : -1;
    return { ...v, logAppendTime, logStartOffset: this._logStartOffset };
  }

  /** Appends batches fetched from the leader, keeping their offsets (which must start at or after the log end). */
  appendAsFollower(records: Buffer, now: number = this.clock()): AppendInfo {
    this.ensureOpen();
    if (records.length === 0) return this.emptyAppend();
    const v = validateFollowerRecords(records, this.logEndOffset, this._config);
    for (let pos = 0; pos < records.length; pos += batchSizeAt(records, pos)) {
      const epoch = leaderEpochAt(records, pos);
      if (epoch > this.epochCache.latestEpoch) this.epochCache.assign(epoch, baseOffsetAt(records, pos));
    }
    const activeBefore = this.local.segments.active;
    this.local.append(records, { ...v, now });
    const replayed = this.producerState.prepare(records, 'replication');
    if (replayed.kind === 'append') for (const txn of replayed.commit()) this.recordCompletedTxn(txn);
    this.afterProducerAppend(activeBefore);
    return { ...v, logAppendTime: -1, logStartOffset: this._logStartOffset };
  }

  /** Moves the producer state's end to the log end and snapshots it when the append rolled a segment. */
  private afterProducerAppend(activeBefore: LogSegment): void {
    this.producerState.mapEndOffset = this.logEndOffset;
    if (this.local.segments.active !== activeBefore) this.producerState.takeSnapshot();
  }

  /** producer.id.expiration.ms: forgets producers idle that long (outside transactions). Returns how many. */
  removeExpiredProducers(expirationMs: number, now: number = this.clock()): number {
    return this.producerState.removeExpired(now, expirationMs);
  }

  private emptyAppend(): AppendInfo {
    const none = { firstOffset: -1, lastOffset: -1, maxTimestamp: -1, offsetOfMaxTimestamp: -1, logAppendTime: -1 };
    return { ...none, logStartOffset: this._logStartOffset, recordCount: 0, validBytes: 0 };
  }

  /** Starts a new active segment now (normally appends decide; tests and tools may force it). */
  roll(now: number = this.clock()): void {
    this.ensureOpen();
    this.local.roll(this.logEndOffset, now);
  }

  /** fsync of everything not yet flushed; the recovery point becomes the log end offset. */
  flush(now: number = this.clock()): void {
    this.ensureOpen();
    this.local.flush(now);
  }

  /** flush.ms: flushes if unflushed data is older than the setting. Returns whether it flushed. */
  flushIfDue(now: number = this.clock()): boolean {
    return this.local.flushIfDue(now);
  }

  /**
   * Reads whole batches starting with the one that holds `startOffset`, up to `maxBytes` and never
   * reaching `limit` (the high watermark for consumers, the log end for replicas).
   * With `minOneBatch`, a first batch larger than maxBytes is returned whole. Reads stay within one
   * segment, as Kafka's do. Throws OFFSET_OUT_OF_RANGE outside [logStartOffset, logEndOffset].
   * `allocate` provides the buffer the bytes are read into (the broker recycles those it sent).
   */
  read(o: LogReadOptions): FetchDataInfo {
    const { startOffset } = o;
    this.ensureOpen();
    if (startOffset < this._logStartOffset || startOffset > this.logEndOffset) {
      throw new StorageError(
        'OFFSET_OUT_OF_RANGE',
        `offset ${startOffset} is outside [${this._logStartOffset}, ${this.logEndOffset}] of ${this.dir}`,
      );
    }
    return this.local.read(o);
  }

  /** ListOffsets by timestamp: the first record with timestamp >= ts, or null. */
  offsetForTimestamp(timestamp: number): TimestampAndOffset | null {
    this.ensureOpen();
    return findOffsetByTimestamp(this.local.segments.all(), timestamp, this._logStartOffset);
  }

  /** ListOffsets MAX_TIMESTAMP (KIP-734): the first record with the largest timestamp, or null. */
  maxTimestampOffset(): TimestampAndOffset | null {
    this.ensureOpen();
    return findMaxTimestamp(this.local.segments.all());
  }

  assignEpoch(epoch: number, startOffset: number): void {
    this.epochCache.assign(epoch, startOffset);
  }

  /** OffsetForLeaderEpoch (KIP-101/279). */
  endOffsetForEpoch(epoch: number): EpochEndOffset {
    return this.epochCache.endOffsetFor(epoch, this.logEndOffset);
  }

  get latestEpoch(): number {
    return this.epochCache.latestEpoch;
  }

  /** The leader epoch of the batch range holding `offset` (ListOffsets' leaderEpoch), -1 if unknown. */
  epochForOffset(offset: number): number {
    return this.epochCache.epochForOffset(offset);
  }

  epochEntries(): readonly EpochEntry[] {
    return this.epochCache.epochEntries();
  }

  /**
   * DeleteRecords: moves the log start offset up to `offset` (at most the high watermark) and
   * deletes the segments now wholly below it. Returns the new log start offset (the low watermark).
   */
  deleteRecordsBefore(offset: number): number {
    this.ensureOpen();
    if (offset < 0 || offset > this._highWatermark) {
      throw new StorageError(
        'OFFSET_OUT_OF_RANGE',
        `cannot delete before ${offset}: high watermark is ${this._highWatermark}`,
      );
    }
    if (offset > this._logStartOffset) {
      this._logStartOffset = offset;
      this.epochCache.truncateFromStart(offset);
      this.deleteMatching(logStartOffsetBreached(offset));
    }
    return this._logStartOffset;
  }

  /**
   * Retention (Kafka's deleteOldSegments): segments below the log start offset under any policy;
   * with cleanup.policy delete also segments past retention.ms (by their newest timestamp) and
   * beyond retention.bytes. Rolls first when the active segment has to go too. Returns the number
   * of segments deleted.
   */
  deleteOldSegments(now: number = this.clock()): number {
    this.ensureOpen();
    let deleted = this.deleteMatching(logStartOffsetBreached(this._logStartOffset));
    if (!hasDeletePolicy(this._config)) return deleted;
    deleted += this.deleteMatching(retentionMsBreached(now, this._config['retention.ms']));
    deleted += this.deleteMatching(retentionSizeBreached(this.size, this._config['retention.bytes']));
    return deleted;
  }

  private deleteMatching(predicate: RetentionPredicate | null): number {
    if (!predicate) return 0;
    const bounds = { highWatermark: this._highWatermark, logEndOffset: this.logEndOffset };
    const doomed = deletableSegments(this.local.segments.all(), bounds, predicate);
    if (doomed.length === 0) return 0;
    if (doomed.length === this.local.segments.count) this.local.roll(this.logEndOffset, this.clock());
    this.local.removeAndDeleteSegments(doomed);
    const first = this.local.segments.first() as LogSegment;
    this.producerState.deleteSnapshotsBefore(first.baseOffset);
    this.abortedTxns.dropBefore(first.baseOffset);
    if (first.baseOffset > this._logStartOffset) {
      this._logStartOffset = first.baseOffset;
      this.epochCache.truncateFromStart(this._logStartOffset);
      this._highWatermark = this.clampToLog(this._highWatermark);
    }
    return doomed.length;
  }

  /**
   * Replication: removes everything from `offset` on. Returns false if the log already ends there;
   * even then epochs starting at the log end (a leadership that wrote nothing) are forgotten, as a
   * follower truncating to the point where it agrees with its leader must not keep them.
   */
  truncateTo(offset: number): boolean {
    this.ensureOpen();
    if (offset < 0) throw new StorageError('INVALID_REQUEST', `cannot truncate to negative offset ${offset}`);
    if (offset >= this.logEndOffset) {
      if (offset === this.logEndOffset) this.epochCache.truncateFromEnd(offset);
      return false;
    }
    if ((this.local.segments.first() as LogSegment).baseOffset > offset) {
      this.truncateFullyAndStartAt(offset);
      return true;
    }
    this.local.truncateTo(offset);
    this._logStartOffset = Math.min(this._logStartOffset, offset);
    this._highWatermark = this.clampToLog(this._highWatermark);
    this.epochCache.truncateFromEnd(offset);
    this.abortedTxns.truncateTo(offset, this.segmentBases());
    this.rebuildProducerState();
    return true;
  }

  /** Replication: drops the whole log and restarts it, empty, at `offset`. */
  truncateFullyAndStartAt(offset: number): void {
    this.ensureOpen();
    this.local.truncateFullyAndStartAt(offset, this.clock());
    this._logStartOffset = this._highWatermark = offset;
    this.epochCache.clear();
    this.abortedTxns.dropBefore(Number.MAX_SAFE_INTEGER);
    this.producerState.deleteAllSnapshots();
    this.rebuildProducerState();
  }

  /** Closes every file. Does not flush: call flush() first when durability matters. */
  close(): void {
    if (!this.local.isClosed) {
      try {
        this.producerState.mapEndOffset = this.logEndOffset;
        this.producerState.takeSnapshot();
      } catch {
        // Not fatal: the next start replays the log instead.
      }
    }
    this.local.close();
  }

  /** Closes the log and removes its directory. */
  delete(): void {
    this.close();
    this.local.fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** @internal The segments and structural operations, for the cleaner. */
  get localLog(): LocalLog {
    return this.local;
  }
}
