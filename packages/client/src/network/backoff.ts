import { AbortedError } from '../errors.js';

/**
 * Exponential backoff with ±20% jitter, the Java client's ExponentialBackoff: base * 2^attempts,
 * capped at max.
 */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  if (baseMs <= 0) return 0;
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempts), Math.max(baseMs, maxMs));
  const jitter = 1 + (Math.random() * 0.4 - 0.2);
  return Math.round(exp * jitter);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError(signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
