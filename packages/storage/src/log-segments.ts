import { StorageError } from './errors.js';
import type { LogSegment } from './segment/log-segment.js';

/**
 * The segments of one partition, ordered by base offset (Kafka's LogSegments). The last one is the
 * active segment, the only one appended to. A sorted array: a log has few segments, lookups are
 * binary searches, and additions happen at the end except when the cleaner swaps a segment in.
 */
export class LogSegments {
  private list: LogSegment[] = [];

  get count(): number {
    return this.list.length;
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  all(): readonly LogSegment[] {
    return this.list;
  }

  first(): LogSegment | undefined {
    return this.list[0];
  }

  /** The active segment. */
  last(): LogSegment | undefined {
    return this.list.at(-1);
  }

  get active(): LogSegment {
    const s = this.list.at(-1);
    if (!s) throw new StorageError('UNKNOWN_SERVER_ERROR', 'log has no segments');
    return s;
  }

  /** Index of the last segment with baseOffset <= offset, or -1. */
  private floorIndex(offset: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.list[mid] as LogSegment).baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The segment that would hold `offset`: the last one starting at or before it. */
  floor(offset: number): LogSegment | undefined {
    const i = this.floorIndex(offset);
    return i < 0 ? undefined : this.list[i];
  }

  /** The segment after `segment`, if any. */
  next(segment: LogSegment): LogSegment | undefined {
    const i = this.list.indexOf(segment);
    return i < 0 ? undefined : this.list[i + 1];
  }

  /** Segments that may hold offsets >= `offset`: from the floor segment of `offset` on. */
  from(offset: number): LogSegment[] {
    return this.list.slice(Math.max(this.floorIndex(offset), 0));
  }

  get(baseOffset: number): LogSegment | undefined {
    const s = this.floor(baseOffset);
    return s?.baseOffset === baseOffset ? s : undefined;
  }

  /** Adds a segment, replacing any with the same base offset. */
  add(segment: LogSegment): void {
    const i = this.floorIndex(segment.baseOffset);
    if (i >= 0 && (this.list[i] as LogSegment).baseOffset === segment.baseOffset) this.list[i] = segment;
    else this.list.splice(i + 1, 0, segment);
  }

  remove(segment: LogSegment): void {
    const i = this.list.indexOf(segment);
    if (i >= 0) this.list.splice(i, 1);
  }

  clear(): LogSegment[] {
    const old = this.list;
    this.list = [];
    return old;
  }

  get sizeInBytes(): number {
    let total = 0;
    for (const s of this.list) total += s.size;
    return total;
  }
}
