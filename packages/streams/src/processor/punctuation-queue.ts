/**
 * Scheduled punctuators of one task and one time type (Kafka's PunctuationQueue and
 * PunctuationSchedule). Stream-time schedules are aligned to 0 and fire as soon as stream time
 * reaches them; wall-clock ones first fire one interval after scheduling. A jump over several
 * intervals fires once, with the current time, and the next time stays aligned.
 */
import type { Cancellable } from './processor.js';

interface Schedule {
  next: number;
  interval: number;
  fire: (timestamp: number) => void;
  cancelled: boolean;
}

export class PunctuationQueue {
  private readonly schedules: Schedule[] = [];

  schedule(first: number, interval: number, fire: (timestamp: number) => void): Cancellable {
    const s: Schedule = { next: first, interval, fire, cancelled: false };
    this.schedules.push(s);
    return {
      cancel: () => {
        s.cancelled = true;
        this.schedules.splice(this.schedules.indexOf(s), 1);
      },
    };
  }

  /** Fires every schedule due at `now`; returns whether any fired. */
  mayPunctuate(now: number): boolean {
    let fired = false;
    for (const s of [...this.schedules].sort((a, b) => a.next - b.next)) {
      if (s.cancelled || s.next > now) continue;
      const missed = Math.floor((now - s.next) / s.interval);
      s.next += (missed + 1) * s.interval;
      s.fire(now);
      fired = true;
    }
    return fired;
  }
}
