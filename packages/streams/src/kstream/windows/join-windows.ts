/**
 * JoinWindows (Kafka's JoinWindows): how far apart in time two records of a stream-stream join may
 * be. A left record at t joins right records in [t - before, t + after]; symmetric by default
 * (`ofTimeDifference...`), asymmetric with `before`/`after`. The grace period keeps a window open
 * for out-of-order records; a left/outer join emits a record without a match only after its window
 * closed (t + after + grace passed in stream time), which is why a grace must be stated.
 */
import { StreamsError } from '../../errors.js';
import { checkMillis } from './duration.js';

export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    private readonly graceMs: number,
  ) {
    if (beforeMs + afterMs < 0) {
      throw new StreamsError('ILLEGAL_ARGUMENT', 'Window interval (ie, beforeMs+afterMs) must not be negative.');
    }
    if (graceMs < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Grace period must not be negative.');
  }

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, afterWindowEndMs: number): JoinWindows {
    const d = checkMillis(timeDifferenceMs, 'timeDifference');
    if (d < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Window time difference must not be negative.');
    return new JoinWindows(d, d, checkMillis(afterWindowEndMs, 'afterWindowEnd'));
  }

  /** Records of the other stream up to `timeDifferenceMs` before this one's join (after stays). */
  before(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(checkMillis(timeDifferenceMs, 'timeDifference'), this.afterMs, this.graceMs);
  }

  /** Records of the other stream up to `timeDifferenceMs` after this one's join (before stays). */
  after(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(this.beforeMs, checkMillis(timeDifferenceMs, 'timeDifference'), this.graceMs);
  }

  size(): number {
    return this.beforeMs + this.afterMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}
