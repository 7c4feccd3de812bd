/**
 * Kafka's RequestMetrics per API (RequestsPerSec, TotalTimeMs, ThrottleTimeMs) as plain numbers:
 * the request dispatcher records each answered request here; metrics/broker-metrics.ts reads it at
 * scrape time. Per-request cost: two array writes and a ring-buffer store, no allocation.
 *
 * Total time percentiles come from the last SAMPLES requests of each API (a ring of doubles), as
 * Kafka's histograms are computed over a recent, bounded reservoir.
 *
 * Owner: the RequestDispatcher's broker (one per broker).
 */
export const SAMPLES = 1024;
/** Api keys up to this bound are tracked (Kafka's highest today is below 100). */
const MAX_API_KEYS = 128;

export class RequestProbe {
  readonly requests = new Float64Array(MAX_API_KEYS);
  readonly totalTimeMsSum = new Float64Array(MAX_API_KEYS);
  readonly throttleTimeMsSum = new Float64Array(MAX_API_KEYS);
  /** SAMPLES most recent total times per api key, ring-ordered by `requests % SAMPLES`. */
  private readonly samples = new Float64Array(MAX_API_KEYS * SAMPLES);

  record(apiKey: number, totalTimeMs: number, throttleTimeMs: number): void {
    if (apiKey < 0 || apiKey >= MAX_API_KEYS) return;
    const n = this.requests[apiKey] as number;
    this.samples[apiKey * SAMPLES + (n % SAMPLES)] = totalTimeMs;
    this.requests[apiKey] = n + 1;
    this.totalTimeMsSum[apiKey] = (this.totalTimeMsSum[apiKey] as number) + totalTimeMs;
    if (throttleTimeMs > 0)
      this.throttleTimeMsSum[apiKey] = (this.throttleTimeMsSum[apiKey] as number) + throttleTimeMs;
  }

  /** The recent total times of an api key, sorted (allocates: called at scrape time only). */
  recentTimes(apiKey: number): Float64Array {
    const n = Math.min(this.requests[apiKey] as number, SAMPLES);
    const out = this.samples.slice(apiKey * SAMPLES, apiKey * SAMPLES + n);
    return out.sort();
  }
}

/** The q-quantile (0..1) of sorted values, nearest rank; NaN when there are none. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
