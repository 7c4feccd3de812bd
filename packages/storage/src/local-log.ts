import { dirname } from 'node:path';
import type { Logger } from '@samsa/common';
import { storageFailure } from './errors.js';
import type { FileSystem } from './fs/file-system.js';
import { fsyncDir, fsyncFileIfExists, fsyncPathAsync } from './fs-util.js';
import { type LogConfig, maxSegmentMs, randomSegmentJitter } from './log-config.js';
import { type FetchDataInfo, type LogReadOptions, readSegments } from './log-read.js';
import type { LogSegments } from './log-segments.js';
import { LogSegment, type SegmentOptions } from './segment/log-segment.js';
import { SegmentDeleter } from './segment/segment-deleter.js';

export interface LocalLogState {
  fs: FileSystem;
  dir: string;
  segments: LogSegments;
  logEndOffset: number;
  recoveryPoint: number;
  /**
   * Files describing the segments (the leader-epoch checkpoint) that are written without fsync:
   * every flush makes them durable before the recovery point moves past the data they describe.
   */
  companionFiles?: readonly string[];
  /**
   * The partition directory was just created. Its name in the log dir is not durable until the log
   * dir itself is fsynced (POSIX promises no more), so the first flush does that too: otherwise a
   * crash could lose the whole partition although its segments were fsynced.
   */
  dirIsNew?: boolean;
}

/** Settings a new segment takes from the current config, with its own random roll jitter. */
export function segmentOptionsFor(config: LogConfig): SegmentOptions {
  return {
    indexIntervalBytes: config['index.interval.bytes'],
    maxIndexSize: config['segment.index.bytes'],
    rollJitterMs: randomSegmentJitter(config),
  };
}

/**
 * The segments of one partition and the offsets only files determine: the log end offset and the
 * recovery point (Kafka's LocalLog). Appends go to the active segment, rolling when it is full or
 * old; rolled segments are fsynced in the background and the recovery point follows. Knows nothing
 * of leaders, epochs, the log start offset or the high watermark — PartitionLog layers those on top.
 *
 * Owned by its PartitionLog; synchronous and single-threaded like it.
 */
export class LocalLog {
  readonly fs: FileSystem;
  readonly dir: string;
  readonly segments: LogSegments;
  private _logEndOffset: number;
  private _recoveryPoint: number;
  private lastFlushTime: number;
  private closed = false;
  private _structureVersion = 0;
  private readonly deleter: SegmentDeleter;
  private readonly companionFiles: readonly string[];
  private dirNameDurable: boolean;
  /** Settles when every background flush started so far has finished (succeeded or not). */
  private backgroundFlushes: Promise<void> = Promise.resolve();

  constructor(
    state: LocalLogState,
    private config: LogConfig,
    private readonly clock: () => number,
    logger: Logger,
  ) {
    this.fs = state.fs;
    this.dir = state.dir;
    this.segments = state.segments;
    this._logEndOffset = state.logEndOffset;
    this._recoveryPoint = state.recoveryPoint;
    this.companionFiles = state.companionFiles ?? [];
    this.dirNameDurable = !state.dirIsNew;
    this.lastFlushTime = clock();
    this.deleter = new SegmentDeleter(logger);
  }

  get logEndOffset(): number {
    return this._logEndOffset;
  }

  get recoveryPoint(): number {
    return this._recoveryPoint;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bumped whenever segments are removed, replaced or truncated (never by appends and rolls). */
  get structureVersion(): number {
    return this._structureVersion;
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
  }

  segmentOptions(): SegmentOptions {
    return segmentOptionsFor(this.config);
  }

  /**
   * Writes validated batches whose offsets are [firstOffset, lastOffset], rolling first if needed.
   * Applies flush.messages afterwards.
   */
  append(records: Buffer, o: { firstOffset: number; lastOffset: number; maxTimestamp: number; now: number }): void {
    const { firstOffset, lastOffset, maxTimestamp, now } = o;
    const active = this.segments.active;
    const rollNeeded = active.shouldRoll({
      messagesSize: records.length,
      maxTimestampInMessages: maxTimestamp,
      maxOffsetInMessages: lastOffset,
      now,
      segmentBytes: this.config['segment.bytes'],
      maxSegmentMs: maxSegmentMs(this.config),
    });
    const segment = rollNeeded ? this.roll(firstOffset, now) : active;
    try {
      segment.append(records);
    } catch (err) {
      throw storageFailure(`append to ${segment.logPath} failed`, err);
    }
    this._logEndOffset = lastOffset + 1;
    if (this._logEndOffset - this._recoveryPoint >= this.config['flush.messages']) this.flush(now);
  }

  /**
   * Starts a new active segment at max(expectedNextOffset, log end). The old one gets its final time
   * index entry and is fsynced in the background; the recovery point then moves to the new base.
   */
  roll(expectedNextOffset: number, now: number): LogSegment {
    const newOffset = Math.max(expectedNextOffset, this._logEndOffset);
    const active = this.segments.active;
    if (active.size === 0 && active.baseOffset === newOffset) return active;
    active.onBecomeInactive();
    const segment = LogSegment.create(this.fs, this.dir, newOffset, this.segmentOptions(), now);
    this.segments.add(segment);
    this.flushInBackground(newOffset);
    return segment;
  }

  /**
   * fsyncs the segments below `upTo` (and the directory, for the new segment's files) on the thread
   * pool, off the append path: a 1 GiB segment's fsync took seconds, and every produce request
   * waited behind it. The recovery point moves only once the fsyncs succeeded, so a crash meanwhile
   * rescans from the old point, as if the flush had never started.
   */
  private flushInBackground(upTo: number): void {
    const toFlush = this.segments.from(this._recoveryPoint).filter((s) => s.baseOffset < upTo);
    const version = this._structureVersion;
    const done = Promise.all([
      ...toFlush.map((s) => s.flushAsync()),
      ...this.companionFiles.map((f) => fsyncPathAsync(this.fs, f, true)),
      fsyncPathAsync(this.fs, this.dir),
      this.dirNameDurable || fsyncPathAsync(this.fs, dirname(this.dir)),
    ]).then((ok) => {
      if (ok.every(Boolean)) this.dirNameDurable = true;
      // A truncation meanwhile may have removed what was flushed: then the point must not move.
      const unchanged = !this.closed && version === this._structureVersion && upTo <= this._logEndOffset;
      if (unchanged && ok.every(Boolean) && upTo > this._recoveryPoint) this._recoveryPoint = upTo;
    });
    this.backgroundFlushes = Promise.all([this.backgroundFlushes, done]).then(() => undefined);
  }

  /** Settles once the background flushes of every roll so far have finished (for tests and shutdown). */
  whenBackgroundFlushed(): Promise<void> {
    return this.backgroundFlushes;
  }

  /** fsync of everything not yet flushed; the recovery point becomes the log end offset. */
  flush(now: number = this.clock()): void {
    try {
      for (const s of this.segments.from(this._recoveryPoint)) s.flush();
      for (const f of this.companionFiles) fsyncFileIfExists(this.fs, f);
      fsyncDir(this.fs, this.dir);
      if (!this.dirNameDurable) fsyncDir(this.fs, dirname(this.dir));
    } catch (err) {
      throw storageFailure(`flush of ${this.dir} failed`, err);
    }
    this.dirNameDurable = true;
    this._recoveryPoint = this._logEndOffset;
    this.lastFlushTime = now;
  }

  /** flush.ms: flushes when unflushed data has waited at least that long. */
  flushIfDue(now: number): boolean {
    if (this.closed || this._logEndOffset <= this._recoveryPoint) return false;
    if (now - this.lastFlushTime < this.config['flush.ms']) return false;
    this.flush(now);
    return true;
  }

  read(o: LogReadOptions): FetchDataInfo {
    return readSegments(this.segments.from(o.startOffset), {
      ...o,
      limit: Math.min(o.limit, this._logEndOffset),
      logEndOffset: this._logEndOffset,
    });
  }

  /** Removes segments from the log and hands them to the deleter. */
  removeAndDeleteSegments(doomed: readonly LogSegment[]): void {
    if (doomed.length === 0) return;
    for (const s of doomed) this.segments.remove(s);
    this._structureVersion++;
    this.deleter.schedule(doomed, this.config['file.delete.delay.ms']);
  }

  /** Drops batches from `offset` on (the caller checked offset >= first segment's base). */
  truncateTo(offset: number): void {
    this.removeAndDeleteSegments(this.segments.all().filter((s) => s.baseOffset > offset));
    this.segments.active.truncateTo(offset);
    this._structureVersion++;
    this._logEndOffset = offset;
    this._recoveryPoint = Math.min(this._recoveryPoint, offset);
  }

  /** Replaces every segment with one empty segment at `offset`. */
  truncateFullyAndStartAt(offset: number, now: number): void {
    // Renaming the old segments to .deleted first frees their names for the new one.
    this.removeAndDeleteSegments([...this.segments.all()]);
    this.segments.add(LogSegment.create(this.fs, this.dir, offset, this.segmentOptions(), now));
    this._logEndOffset = this._recoveryPoint = offset;
  }

  /**
   * Puts a cleaned segment (its files already renamed to .swap) in place of the segments it was made
   * from, in Kafka's order: the old segments leave the log and are renamed .deleted, then the new
   * files lose their .swap suffix. A crash at any point leaves files the loader can finish with.
   */
  replaceSegments(segment: LogSegment, replaced: readonly LogSegment[]): void {
    this.removeAndDeleteSegments(replaced);
    segment.changeFileSuffixes('');
    this.segments.add(segment);
  }

  close(): void {
    if (this.closed) return;
    for (const s of this.segments.all()) s.close();
    this.deleter.close();
    this.closed = true;
  }
}
