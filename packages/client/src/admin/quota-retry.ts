/**
 * Java's Admin retry of THROTTLING_QUOTA_EXCEEDED (KIP-599, `retryOnQuotaViolation`, default
 * true): CreateTopics, CreatePartitions and DeleteTopics answer it per topic once the principal's
 * controller_mutation_rate bucket is in debt, with the time the debt takes to repay. The topics
 * that got it are sent again after that time, for as long as the call's deadline allows; the
 * others keep their first answer. With retry off, or when the wait would pass the deadline, the
 * error stands for those topics.
 */
import { ErrorCode } from '@samsa/protocol';
import { sleep } from '../network/backoff.js';

export interface QuotaRetryOptions {
  /** Java's `retryOnQuotaViolation`; default true. */
  retry: boolean;
  /** Epoch ms by which the call must end (its timeoutMs or default.api.timeout.ms). */
  deadline: number;
  signal?: AbortSignal;
}

/** One request for `names`: a result per name and the response's throttle time. */
export type QuotaLimitedSend<R> = (names: string[]) => Promise<{ results: R[]; throttleTimeMs: number }>;

export async function retryQuotaViolations<R extends { name: string; errorCode: number }>(
  names: readonly string[],
  send: QuotaLimitedSend<R>,
  o: QuotaRetryOptions,
): Promise<R[]> {
  const answers = new Map<string, R>();
  let pending = [...names];
  for (;;) {
    const { results, throttleTimeMs } = await send(pending);
    for (const r of results) answers.set(r.name, r);
    const throttled = results.filter((r) => r.errorCode === ErrorCode.THROTTLING_QUOTA_EXCEEDED).map((r) => r.name);
    // At least a millisecond: a zero throttle time must not spin.
    const wait = Math.max(throttleTimeMs, 1);
    if (throttled.length === 0 || !o.retry || Date.now() + wait >= o.deadline) break;
    await sleep(wait, o.signal);
    pending = throttled;
  }
  return names.flatMap((n) => answers.get(n) ?? []);
}
