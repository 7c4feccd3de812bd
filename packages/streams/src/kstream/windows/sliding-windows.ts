/**
 * Kafka's SlidingWindows: windows of a fixed time difference that slide with the data. Each record
 * at t defines a window [t - timeDifference, t] (its left window) and, once a later record exists
 * within the difference, [t + 1, t + 1 + timeDifference] (its right window); windows holding the same
 * set of records are never emitted twice. Both ends are inclusive.
 */
import { StreamsError } from '../../errors.js';
import { checkMillis } from './duration.js';

export class SlidingWindows {
  private constructor(
    private readonly timeDifference: number,
    private readonly graceMs: number,
  ) {
    if (timeDifference < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Window time difference must not be negative.');
    if (graceMs < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Window grace period must not be negative.');
  }

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, afterWindowEndMs: number): SlidingWindows {
    return new SlidingWindows(
      checkMillis(timeDifferenceMs, 'timeDifference'),
      checkMillis(afterWindowEndMs, 'afterWindowEnd'),
    );
  }

  timeDifferenceMs(): number {
    return this.timeDifference;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  toString(): string {
    return `SlidingWindows{, sizeMs=${this.timeDifference}, graceMs=${this.graceMs}}`;
  }
}
