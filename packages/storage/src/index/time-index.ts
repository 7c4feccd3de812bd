import { int64At, writeInt64At } from '@samsa/protocol';
import type { FileSystem } from '../fs/file-system.js';
import { IndexFile } from './index-file.js';

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

const ENTRY_SIZE = 12;

/**
 * Kafka's time index (`.timeindex`): entries of [int64 timestamp, int32 relativeOffset], big-endian.
 * Each entry says "the largest timestamp seen up to this offset"; timestamps strictly increase, so an
 * entry is only added when the segment's max timestamp grows. One slot is kept free for the final
 * entry written when the segment rolls, as in Kafka.
 */
export class TimeIndex extends IndexFile {
  private constructor(fs: FileSystem, path: string, baseOffset: number, maxIndexSize: number) {
    super(fs, path, baseOffset, ENTRY_SIZE, maxIndexSize);
  }

  static open(
    fs: FileSystem,
    path: string,
    baseOffset: number,
    maxIndexSize: number,
    logSize: number,
  ): { index: TimeIndex; valid: boolean } {
    const index = new TimeIndex(fs, path, baseOffset, maxIndexSize);
    const valid = index.load(logSize);
    return { index, valid };
  }

  static create(fs: FileSystem, path: string, baseOffset: number, maxIndexSize: number): TimeIndex {
    const index = new TimeIndex(fs, path, baseOffset, maxIndexSize);
    index.touch();
    return index;
  }

  override isFull(): boolean {
    return this.count >= this.maxEntries - 1;
  }

  private timestamp(i: number): number {
    return int64At(this.buf, i * ENTRY_SIZE);
  }

  private relOffset(i: number): number {
    return this.buf.readInt32BE(i * ENTRY_SIZE + 8);
  }

  protected validPrefix(n: number): number {
    let prevTs = Number.NEGATIVE_INFINITY;
    let prevOffset = 0;
    for (let i = 0; i < n; i++) {
      const ts = this.timestamp(i);
      const rel = this.relOffset(i);
      if (ts <= prevTs || rel < prevOffset) return i;
      prevTs = ts;
      prevOffset = rel;
    }
    return n;
  }

  entry(i: number): TimestampOffset {
    return { timestamp: this.timestamp(i), offset: this.baseOffset + this.relOffset(i) };
  }

  /** The last entry, or (-1, baseOffset) when empty. */
  lastEntry(): TimestampOffset {
    return this.count === 0 ? { timestamp: -1, offset: this.baseOffset } : this.entry(this.count - 1);
  }

  /** Adds (timestamp, offset) if the timestamp is larger than the last entry's. */
  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    if (!skipFullCheck && this.isFull()) return;
    if (this.count >= this.maxEntries) return;
    if (this.count > 0 && timestamp <= this.timestamp(this.count - 1)) return;
    const rel = offset - this.baseOffset;
    if (this.count > 0 && rel < this.relOffset(this.count - 1)) return;
    this.ensureCapacity(this.count + 1);
    writeInt64At(this.buf, this.count * ENTRY_SIZE, timestamp);
    this.buf.writeInt32BE(rel, this.count * ENTRY_SIZE + 8);
    this.commitEntry();
  }

  /** The entry with the largest timestamp <= target; (-1, baseOffset) when there is none. */
  lookup(target: number): TimestampOffset {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamp(mid) <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? { timestamp: -1, offset: this.baseOffset } : this.entry(found);
  }

  /** Removes the entries for offsets >= `offset`. */
  truncateTo(offset: number): void {
    const rel = offset - this.baseOffset;
    let keep = this.count;
    while (keep > 0 && this.relOffset(keep - 1) >= rel) keep--;
    this.truncateToEntries(keep);
  }
}
