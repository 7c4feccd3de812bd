/**
 * Windows as values (Kafka's Window, TimeWindow, SessionWindow) and the key of a windowed table,
 * `Windowed<K>`: the record key plus the window it was aggregated in. Times are milliseconds since
 * the epoch. A time window covers [start, end); a session window [start, end], both inclusive.
 */
import { StreamsError } from '../../errors.js';

export abstract class Window {
  constructor(
    protected readonly startMs: number,
    protected readonly endMs: number,
  ) {
    if (startMs < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'Window startMs time cannot be negative.');
    if (endMs < startMs)
      throw new StreamsError('ILLEGAL_ARGUMENT', 'Window endMs time cannot be smaller than window startMs time.');
  }

  start(): number {
    return this.startMs;
  }

  end(): number {
    return this.endMs;
  }

  abstract overlap(other: Window): boolean;

  equals(other: Window): boolean {
    return other.constructor === this.constructor && other.startMs === this.startMs && other.endMs === this.endMs;
  }

  toString(): string {
    return `Window{startMs=${this.startMs}, endMs=${this.endMs}}`;
  }
}

/** A window of TimeWindows or SlidingWindows: [start, end), end exclusive. */
export class TimeWindow extends Window {
  constructor(startMs: number, endMs: number) {
    super(startMs, endMs);
    if (startMs === endMs)
      throw new StreamsError('ILLEGAL_ARGUMENT', 'Window endMs must be greater than window startMs.');
  }

  overlap(other: Window): boolean {
    return this.startMs < other.end() && other.start() < this.endMs;
  }
}

/** A session: from its first record's timestamp to its last one's, both inclusive. */
export class SessionWindow extends Window {
  overlap(other: Window): boolean {
    return !(this.startMs > other.end() || other.start() > this.endMs);
  }
}

/** Kafka's Windowed<K>: the key of a windowed aggregation's result. */
export class Windowed<K> {
  constructor(
    private readonly k: K,
    private readonly w: Window,
  ) {}

  key(): K {
    return this.k;
  }

  window(): Window {
    return this.w;
  }

  /** Kafka's toString: `[key@start/end]`. */
  toString(): string {
    return `[${String(this.k)}@${this.w.start()}/${this.w.end()}]`;
  }
}
