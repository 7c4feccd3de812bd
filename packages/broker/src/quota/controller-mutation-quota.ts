/**
 * controller_mutation_rate (KIP-599): partitions a (user, client-id) entity may create or delete
 * per second, enforced with a token bucket as Kafka's ControllerMutationQuotaManager does.
 *
 * The bucket holds at most burst = rate × controller.quota.window.num × .size.seconds tokens,
 * starts full and refills at `rate` per second. Each mutation takes one token per partition and
 * may take the bucket below zero (a single large topic is never refused outright); while the
 * bucket is in debt the entity is over its quota, for -tokens / rate seconds.
 *
 * - Strict (CreateTopics v6+, CreatePartitions v3+, DeleteTopics v5+): a topic asked for while the
 *   bucket is in debt is refused with THROTTLING_QUOTA_EXCEEDED and takes nothing.
 * - Permissive (older versions, whose clients do not know the error): every topic is accepted and
 *   recorded; the response's throttle time is how long the debt takes to repay.
 *
 * A `MutationQuota` lives for one request; the buckets live in the ClientQuotaManager.
 */
import { ErrorCode, KafkaError } from '@samsa/protocol';

export class TokenBucket {
  private tokens = Number.POSITIVE_INFINITY;
  private last = 0;

  /** Tokens after refilling up to `now` (at most `burst`). */
  measure(rate: number, burst: number, now: number): number {
    this.tokens = Math.min(burst, this.tokens + (rate * Math.max(0, now - this.last)) / 1000);
    this.last = now;
    return this.tokens;
  }

  record(rate: number, burst: number, permits: number, now: number): void {
    this.tokens = Math.min(burst, this.measure(rate, burst, now) - permits);
  }
}

/** Kafka's throttle time for a bucket at `tokens`: how long until it is back at zero. */
function debtMs(tokens: number, rate: number): number {
  if (tokens >= 0) return 0;
  if (rate <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.round((-tokens / rate) * 1000);
}

export class MutationQuota {
  private throttleMs = 0;
  private throttledAt = 0;

  constructor(
    private readonly bucket: TokenBucket,
    private readonly rate: number,
    private readonly burst: number,
    readonly strict: boolean,
  ) {}

  /**
   * Takes `permits` partitions' worth of tokens. Strict: throws THROTTLING_QUOTA_EXCEEDED (and
   * takes nothing) when the bucket is already in debt.
   */
  record(permits: number, now: number): void {
    if (this.strict) {
      const debt = debtMs(this.bucket.measure(this.rate, this.burst, now), this.rate);
      if (debt > 0) {
        this.throttle(debt, now);
        throw new KafkaError(ErrorCode.THROTTLING_QUOTA_EXCEEDED);
      }
      this.bucket.record(this.rate, this.burst, permits, now);
    } else {
      this.bucket.record(this.rate, this.burst, permits, now);
      this.throttle(debtMs(this.bucket.measure(this.rate, this.burst, now), this.rate), now);
    }
  }

  /** What to put in throttle_time_ms, less the time since it was measured (a request may wait). */
  throttleTimeMs(now: number): number {
    return Math.max(0, this.throttleMs - (now - this.throttledAt));
  }

  private throttle(ms: number, now: number): void {
    if (ms <= 0) return;
    this.throttleMs = Math.min(ms, 2_147_483_647);
    this.throttledAt = now;
  }
}
