/**
 * A fetch waiting for data: parked in the fetch purgatory under its partitions until enough bytes
 * arrive (min_bytes) or max_wait_ms passes. On each append to a watched partition it re-reads;
 * reads come from the page cache and long polls are short, so re-reading costs less than tracking
 * byte positions per waiter.
 */
import { DelayedOperation } from '../purgatory/purgatory.js';

export interface FetchAttempt {
  bytes: number;
  /** Whether any partition came back with an error, which ends the wait. */
  hasError: boolean;
}

export class DelayedFetch extends DelayedOperation {
  constructor(
    deadlineMs: number,
    private readonly minBytes: number,
    private readonly attempt: () => FetchAttempt,
    private readonly done: (timedOut: boolean) => void,
  ) {
    super(deadlineMs);
  }

  tryComplete(): boolean {
    const { bytes, hasError } = this.attempt();
    if (bytes >= this.minBytes || hasError) return this.forceComplete(false);
    return false;
  }

  protected onComplete(timedOut: boolean): void {
    this.done(timedOut);
  }
}
