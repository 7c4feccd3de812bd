/**
 * Kafka's TimeWindows: fixed-size windows aligned to the epoch. Tumbling when the advance equals
 * the size (every timestamp in exactly one window), hopping when it is smaller (a timestamp falls
 * in size/advance windows). A window [start, start+size) accepts records until stream time passes
 * its end plus the grace period; later records for it are dropped.
 */
import { StreamsError } from '../../errors.js';
import { checkMillis } from './duration.js';
import { TimeWindow } from './windowed.js';

export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    private readonly graceMs: number,
  ) {
    if (sizeMs <= 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Window size (sizeMs) must be larger than zero.');
    if (advanceMs <= 0 || advanceMs > sizeMs) {
      throw new StreamsError(
        'ILLEGAL_ARGUMENT',
        `Window advancement interval should be more than zero and less than window duration which is ${sizeMs} ms, but given advancement interval is: ${advanceMs} ms`,
      );
    }
    if (graceMs < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Grace period must not be negative.');
  }

  /** Tumbling windows of `sizeMs` with no grace: a record after its window's end is dropped. */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  }

  /** Tumbling windows of `sizeMs` accepting out-of-order records until `afterWindowEndMs` past their end. */
  static ofSizeAndGrace(sizeMs: number, afterWindowEndMs: number): TimeWindows {
    const size = checkMillis(sizeMs, 'size');
    return new TimeWindows(size, size, checkMillis(afterWindowEndMs, 'afterWindowEnd'));
  }

  /** Hopping windows: a new window starts every `advanceMs` (0 < advance <= size). */
  advanceBy(advanceMs: number): TimeWindows {
    return new TimeWindows(this.sizeMs, checkMillis(advanceMs, 'advance'), this.graceMs);
  }

  /** The windows a timestamp falls in, by start time, oldest first (Kafka's windowsFor). */
  windowsFor(timestamp: number): Map<number, TimeWindow> {
    let start = Math.floor(Math.max(0, timestamp - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
    const out = new Map<number, TimeWindow>();
    for (; start <= timestamp; start += this.advanceMs) out.set(start, new TimeWindow(start, start + this.sizeMs));
    return out;
  }

  size(): number {
    return this.sizeMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  toString(): string {
    return `TimeWindows{, sizeMs=${this.sizeMs}, advanceMs=${this.advanceMs}, graceMs=${this.graceMs}}`;
  }
}
