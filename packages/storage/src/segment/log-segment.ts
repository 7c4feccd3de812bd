import { baseOffsetAt, batchSizeAt, lastOffsetAt, maxTimestampAt, RECORD_BATCH_OVERHEAD } from '@samsa/protocol';
import type { FileSystem } from '../fs/file-system.js';
import { fsyncAsync, fsyncPathAsync, writeFully } from '../fs-util.js';
import { OffsetIndex } from '../index/offset-index.js';
import { TimeIndex } from '../index/time-index.js';
import { BatchScanner } from './batch-scanner.js';
import { type SegmentPaths, segmentPaths } from './segment-files.js';
import { readBatches, type SegmentReadOptions } from './segment-read.js';

export interface SegmentOptions {
  indexIntervalBytes: number;
  maxIndexSize: number;
  /** This segment's share of segment.jitter.ms, drawn when it is created. */
  rollJitterMs: number;
}

/** The batch holding an offset: where it starts in the file and its offsets. */
export interface BatchLocation {
  position: number;
  size: number;
  baseOffset: number;
  lastOffset: number;
}

export interface RollCheck {
  messagesSize: number;
  maxTimestampInMessages: number;
  maxOffsetInMessages: number;
  now: number;
  segmentBytes: number;
  maxSegmentMs: number;
}

const INT32_MAX = 0x7fffffff;

/**
 * One segment: `<baseOffset>.log` holding record batches back to back, plus its offset and time
 * index. Kafka's LogSegment. The segment appends and reads bytes and keeps its indexes in step; it
 * does not validate batches (the partition log does) and knows nothing of other segments.
 *
 * Owned by one PartitionLog (or, while it is being written, by the cleaner). Not safe for concurrent
 * use; all calls are synchronous.
 */
export class LogSegment {
  private fd: number;
  private _size: number;
  private paths: SegmentPaths;
  private maxTs: { timestamp: number; offset: number } | null = null;
  private firstBatchTimestamp: number | null = null;
  private bytesSinceLastIndexEntry = 0;

  private constructor(
    /** Where the segment's files live (node's, or a test's in-memory one). */
    readonly fs: FileSystem,
    readonly dir: string,
    readonly baseOffset: number,
    fd: number,
    size: number,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    private readonly options: SegmentOptions,
    /** When this segment object was created: segment.ms counts from here if it has no timestamps. */
    public created: number,
    stateSuffix: string,
  ) {
    this.fd = fd;
    this._size = size;
    this.paths = segmentPaths(dir, baseOffset, stateSuffix);
  }

  /** Creates a new, empty segment (replacing any files of the same name). */
  static create(
    fs: FileSystem,
    dir: string,
    baseOffset: number,
    options: SegmentOptions,
    now: number,
    stateSuffix = '',
  ): LogSegment {
    const p = segmentPaths(dir, baseOffset, stateSuffix);
    const fd = fs.openSync(p.log, 'w+');
    fs.rmSync(p.index, { force: true });
    fs.rmSync(p.timeIndex, { force: true });
    const offsetIndex = OffsetIndex.create(fs, p.index, baseOffset, options.maxIndexSize);
    const timeIndex = TimeIndex.create(fs, p.timeIndex, baseOffset, options.maxIndexSize);
    const segment = new LogSegment(fs, dir, baseOffset, fd, 0, offsetIndex, timeIndex, options, now, stateSuffix);
    segment.maxTs = { timestamp: -1, offset: baseOffset };
    return segment;
  }

  /** Opens existing files; `indexesValid` is false when the indexes must be rebuilt (see recoverSegment). */
  static open(
    fs: FileSystem,
    dir: string,
    baseOffset: number,
    options: SegmentOptions,
    now: number,
    stateSuffix = '',
  ): { segment: LogSegment; indexesValid: boolean } {
    const p = segmentPaths(dir, baseOffset, stateSuffix);
    const fd = fs.openSync(p.log, 'r+');
    const size = fs.fstatSync(fd).size;
    const oi = OffsetIndex.open(fs, p.index, baseOffset, options.maxIndexSize, size);
    const ti = TimeIndex.open(fs, p.timeIndex, baseOffset, options.maxIndexSize, size);
    const segment = new LogSegment(fs, dir, baseOffset, fd, size, oi.index, ti.index, options, now, stateSuffix);
    return { segment, indexesValid: oi.valid && ti.valid };
  }

  get size(): number {
    return this._size;
  }

  get logPath(): string {
    return this.paths.log;
  }

  /** The largest timestamp in the segment and the offset Kafka indexes it under (-1 when none). */
  get maxTimestampSoFar(): number {
    return this.loadMaxTimestamp().timestamp;
  }

  get offsetOfMaxTimestampSoFar(): number {
    return this.loadMaxTimestamp().offset;
  }

  /** Retention age: the largest timestamp, or the file's mtime when batches carry none. */
  get largestTimestamp(): number {
    const ts = this.maxTimestampSoFar;
    return ts >= 0 ? ts : this.lastModified;
  }

  get lastModified(): number {
    return this.fs.fstatSync(this.fd).mtimeMs;
  }

  /** The first batch's max timestamp, which segment.ms and the compaction lags count from. */
  get firstTimestamp(): number {
    if (this.firstBatchTimestamp === null && this._size >= RECORD_BATCH_OVERHEAD) {
      const scanner = this.scan(0);
      if (scanner.next() === 'batch') this.firstBatchTimestamp = maxTimestampAt(scanner.buf, scanner.at);
    }
    return this.firstBatchTimestamp ?? -1;
  }

  /**
   * Appends validated batches whose offsets are already assigned, and indexes them: an offset index
   * entry (batch last offset → batch position) once more than index.interval.bytes were written since
   * the last one, and a time index entry when the max timestamp grew.
   */
  append(records: Buffer): void {
    const start = this._size;
    writeFully(this.fs, this.fd, records, start);
    const maxTs = this.loadMaxTimestamp();
    for (let pos = 0; pos < records.length; ) {
      const size = batchSizeAt(records, pos);
      this.indexBatch(records, pos, start + pos, size, maxTs);
      pos += size;
    }
    this._size = start + records.length;
  }

  /** Index bookkeeping for one batch at file position `filePos` (append and recovery share it). */
  indexBatch(buf: Buffer, at: number, filePos: number, size: number, maxTs = this.loadMaxTimestamp()): void {
    const ts = maxTimestampAt(buf, at);
    const lastOffset = lastOffsetAt(buf, at);
    if (this.firstBatchTimestamp === null && filePos === 0) this.firstBatchTimestamp = ts;
    if (ts > maxTs.timestamp) {
      maxTs.timestamp = ts;
      maxTs.offset = lastOffset;
    }
    if (this.bytesSinceLastIndexEntry > this.options.indexIntervalBytes) {
      this.offsetIndex.append(lastOffset, filePos);
      this.timeIndex.maybeAppend(maxTs.timestamp, maxTs.offset);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += size;
  }

  /** Kafka's shouldRoll: full by size, old by segment.ms (- jitter), a full index, or offsets beyond int32. */
  shouldRoll(c: RollCheck): boolean {
    if (c.maxOffsetInMessages - this.baseOffset > INT32_MAX) return this._size > 0;
    if (this._size === 0) return false;
    const first = this.firstTimestamp;
    const waited = first >= 0 ? c.maxTimestampInMessages - first : c.now - this.created;
    return (
      this._size > c.segmentBytes - c.messagesSize ||
      waited > c.maxSegmentMs - this.options.rollJitterMs ||
      this.offsetIndex.isFull() ||
      this.timeIndex.isFull()
    );
  }

  /** The first batch whose last offset is >= `offset`, scanning from the nearest index entry. */
  translateOffset(offset: number, startingPosition = 0): BatchLocation | null {
    const from = Math.max(startingPosition, this.offsetIndex.lookup(offset).position);
    const scanner = this.scan(from);
    while (scanner.next() === 'batch') {
      const last = lastOffsetAt(scanner.buf, scanner.at);
      if (last >= offset) {
        const baseOffset = baseOffsetAt(scanner.buf, scanner.at);
        return { position: scanner.position, size: scanner.size, baseOffset, lastOffset: last };
      }
    }
    return null;
  }

  /** Offset after the last batch (the log end offset when this is the active segment). */
  readNextOffset(): number {
    const scanner = this.scan(this.offsetIndex.lastEntry().position);
    let next = this.baseOffset;
    while (scanner.next() === 'batch') next = lastOffsetAt(scanner.buf, scanner.at) + 1;
    return next;
  }

  /** Whole batches from `position`; see readBatches. */
  readAt(o: SegmentReadOptions): Buffer {
    return readBatches(this.fs, this.fd, { ...o, maxPosition: Math.min(o.maxPosition, this._size) });
  }

  /**
   * A scanner over the batches of the .log file from `start` to `end` (default: the size appended so
   * far), for recovery, the cleaner and timestamp searches; `chunkSize` gives it its own buffer.
   */
  scan(start: number, chunkSize?: number, end: number = this._size): BatchScanner {
    return new BatchScanner(this.fs, this.fd, start, end, chunkSize);
  }

  /** The .log file's size on disk, which recovery trusts over the size appended so far. */
  fileSize(): number {
    return this.fs.fstatSync(this.fd).size;
  }

  /**
   * Kafka's loadLargestTimestamp, done lazily: the last time index entry, then the batches after the
   * last offset index entry (which the time index may not cover yet).
   */
  private loadMaxTimestamp(): { timestamp: number; offset: number } {
    if (this.maxTs) return this.maxTs;
    const last = this.timeIndex.lastEntry();
    const ts = { timestamp: last.timestamp, offset: last.offset };
    const scanner = this.scan(this.offsetIndex.lookup(last.offset).position);
    while (scanner.next() === 'batch') {
      const t = maxTimestampAt(scanner.buf, scanner.at);
      if (t > ts.timestamp) {
        ts.timestamp = t;
        ts.offset = lastOffsetAt(scanner.buf, scanner.at);
      }
    }
    this.maxTs = ts;
    return ts;
  }

  /** Drops batches whose last offset is >= `offset`; returns the bytes removed. */
  truncateTo(offset: number): number {
    const loc = this.translateOffset(offset);
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    if (!loc) return 0;
    const removed = this._size - loc.position;
    this.truncateToPosition(loc.position);
    return removed;
  }

  /** Cuts the .log file at `position` (a batch boundary) and resets the derived state. */
  truncateToPosition(position: number): void {
    this.fs.ftruncateSync(this.fd, position);
    this._size = position;
    this.bytesSinceLastIndexEntry = 0;
    this.maxTs = null;
    if (position === 0) this.firstBatchTimestamp = null;
  }

  /** Empties both indexes and the in-memory bookkeeping, before recovery rebuilds them. */
  resetIndexes(): void {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.bytesSinceLastIndexEntry = 0;
    this.maxTs = { timestamp: -1, offset: this.baseOffset };
    this.firstBatchTimestamp = null;
  }

  /** When the segment stops being active: the final time index entry, and index handles released. */
  onBecomeInactive(): void {
    const ts = this.loadMaxTimestamp();
    if (ts.timestamp >= 0) this.timeIndex.maybeAppend(ts.timestamp, ts.offset, true);
    this.offsetIndex.closeHandle();
    this.timeIndex.closeHandle();
  }

  flush(): void {
    this.fs.fsyncSync(this.fd);
    this.offsetIndex.flush();
    this.timeIndex.flush();
  }

  /** fsync of the log and both indexes on the thread pool (used after a roll). */
  async flushAsync(): Promise<boolean> {
    const results = await Promise.all([
      fsyncAsync(this.fs, this.fd),
      fsyncPathAsync(this.fs, this.offsetIndex.path),
      fsyncPathAsync(this.fs, this.timeIndex.path),
    ]);
    return results.every(Boolean);
  }

  /** Renames the three files from one state suffix to another ('' for live, .deleted, .swap ...). */
  changeFileSuffixes(newSuffix: string): void {
    const next = segmentPaths(this.dir, this.baseOffset, newSuffix);
    this.fs.renameSync(this.paths.log, next.log);
    this.offsetIndex.renameTo(next.index);
    this.timeIndex.renameTo(next.timeIndex);
    this.paths = next;
  }

  close(): void {
    this.onBecomeInactive();
    this.fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Closes and unlinks every file of the segment. */
  deleteFiles(): void {
    if (this.fd >= 0) {
      this.offsetIndex.closeHandle();
      this.timeIndex.closeHandle();
      this.fs.closeSync(this.fd);
      this.fd = -1;
    }
    this.fs.rmSync(this.paths.log, { force: true });
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
    this.fs.rmSync(this.paths.txnIndex, { force: true });
  }
}
