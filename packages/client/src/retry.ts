/**
 * Retrying an operation on retriable errors with exponential backoff until a deadline, the way
 * every Java client call honours retry.backoff.ms and default.api.timeout.ms.
 */
import { AbortedError, isRetriable } from './errors.js';
import { backoffMs, sleep } from './network/backoff.js';

export interface RetryOptions {
  deadline: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  signal?: AbortSignal;
  /** Called before each retry, e.g. to refresh metadata. */
  onRetry?: (err: unknown, attempt: number) => void | Promise<void>;
  /** Overrides which errors are retried (default: `isRetriable`). */
  retriable?: (err: unknown) => boolean;
}

export async function withRetries<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (o.signal?.aborted) throw new AbortedError(o.signal.reason);
    try {
      return await fn(attempt);
    } catch (err) {
      const retriable = (o.retriable ?? isRetriable)(err);
      const wait = backoffMs(attempt, o.retryBackoffMs, o.retryBackoffMaxMs);
      if (!retriable || Date.now() + wait >= o.deadline) throw err;
      await o.onRetry?.(err, attempt);
      await sleep(wait, o.signal);
    }
  }
}
