/**
 * Kafka's SessionWindows: per key, records closer together than the inactivity gap form one
 * session [first, last]; a record bridging two sessions merges them. A session closes once stream
 * time passes its end plus the gap plus the grace period.
 */
import { StreamsError } from '../../errors.js';
import { checkMillis } from './duration.js';

export class SessionWindows {
  private constructor(
    private readonly gapMs: number,
    private readonly graceMs: number,
  ) {
    if (gapMs <= 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Gap time cannot be zero or negative.');
    if (graceMs < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Grace period must not be negative.');
  }

  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(inactivityGapMs, 0);
  }

  static ofInactivityGapAndGrace(inactivityGapMs: number, afterWindowEndMs: number): SessionWindows {
    return new SessionWindows(
      checkMillis(inactivityGapMs, 'inactivityGap'),
      checkMillis(afterWindowEndMs, 'afterWindowEnd'),
    );
  }

  inactivityGap(): number {
    return this.gapMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  toString(): string {
    return `SessionWindows{gapMs=${this.gapMs}, graceMs=${this.graceMs}}`;
  }
}
