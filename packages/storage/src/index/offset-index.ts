import type { FileSystem } from '../fs/file-system.js';
import { IndexFile } from './index-file.js';

export interface OffsetPosition {
  offset: number;
  position: number;
}

const ENTRY_SIZE = 8;

/**
 * Kafka's sparse offset index (`.index`): entries of [int32 relativeOffset, int32 position], both
 * big-endian, relative to the segment's base offset. An entry maps the last offset of a batch to the
 * file position where that batch starts; one is added every index.interval.bytes of log. Lookups
 * return the nearest entry at or below an offset, from which the caller scans batch headers.
 */
export class OffsetIndex extends IndexFile {
  private constructor(fs: FileSystem, path: string, baseOffset: number, maxIndexSize: number) {
    super(fs, path, baseOffset, ENTRY_SIZE, maxIndexSize);
  }

  /** Opens an existing index (or none); `valid` is false when it must be rebuilt from the log. */
  static open(
    fs: FileSystem,
    path: string,
    baseOffset: number,
    maxIndexSize: number,
    logSize: number,
  ): { index: OffsetIndex; valid: boolean } {
    const index = new OffsetIndex(fs, path, baseOffset, maxIndexSize);
    const valid = index.load(logSize);
    return { index, valid };
  }

  static create(fs: FileSystem, path: string, baseOffset: number, maxIndexSize: number): OffsetIndex {
    const index = new OffsetIndex(fs, path, baseOffset, maxIndexSize);
    index.touch();
    return index;
  }

  private relOffset(i: number): number {
    return this.buf.readInt32BE(i * ENTRY_SIZE);
  }

  private position(i: number): number {
    return this.buf.readInt32BE(i * ENTRY_SIZE + 4);
  }

  protected validPrefix(n: number, logSize: number): number {
    let prevOffset = -1;
    let prevPosition = -1;
    for (let i = 0; i < n; i++) {
      const rel = this.relOffset(i);
      const pos = this.position(i);
      if (rel <= prevOffset || pos <= prevPosition || pos >= logSize) return i;
      prevOffset = rel;
      prevPosition = pos;
    }
    return n;
  }

  get lastOffset(): number {
    return this.count === 0 ? this.baseOffset : this.baseOffset + this.relOffset(this.count - 1);
  }

  lastEntry(): OffsetPosition {
    return this.count === 0
      ? { offset: this.baseOffset, position: 0 }
      : { offset: this.lastOffset, position: this.position(this.count - 1) };
  }

  entry(i: number): OffsetPosition {
    return { offset: this.baseOffset + this.relOffset(i), position: this.position(i) };
  }

  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    if (this.count > 0 && rel <= this.relOffset(this.count - 1)) return;
    this.ensureCapacity(this.count + 1);
    this.buf.writeInt32BE(rel, this.count * ENTRY_SIZE);
    this.buf.writeInt32BE(position, this.count * ENTRY_SIZE + 4);
    this.commitEntry();
  }

  /** Index of the last entry whose offset is <= target, or -1. */
  private floorSlot(target: number): number {
    const rel = target - this.baseOffset;
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relOffset(mid) <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The entry with the largest offset <= target; the segment start when there is none. */
  lookup(target: number): OffsetPosition {
    const slot = this.floorSlot(target);
    return slot < 0 ? { offset: this.baseOffset, position: 0 } : this.entry(slot);
  }

  /** Removes the entries for offsets >= `offset`. */
  truncateTo(offset: number): void {
    const slot = this.floorSlot(offset);
    const keep = slot >= 0 && this.baseOffset + this.relOffset(slot) === offset ? slot : slot + 1;
    this.truncateToEntries(keep);
  }
}
