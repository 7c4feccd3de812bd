/**
 * The producer perf tool's bookkeeping, as Kafka's ProducerPerformance keeps it: totals, a window
 * printed every reporting interval, and a fixed array of sampled latencies (at most ~500,000, one
 * every `numRecords / 500,000` records) for the percentiles, so a long run allocates nothing per
 * record. Acknowledgements arrive per producer batch, so `record` takes a run of records that
 * share one latency.
 */
const MAX_SAMPLES = 500_000;

export interface ProducerTotals {
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

export class ProducerStats {
  private readonly latencies: Int32Array;
  private readonly sampling: number;
  private samples = 0;
  count = 0;
  bytes = 0;
  private totalLatency = 0;
  private maxLatency = 0;
  private windowStart: number;
  private windowCount = 0;
  private windowBytes = 0;
  private windowTotalLatency = 0;
  private windowMaxLatency = 0;

  constructor(
    numRecords: number,
    private readonly start: number,
    private readonly reportingIntervalMs: number,
    /** Receives Kafka's window line when a reporting interval has passed (null: no window lines). */
    private readonly onWindow: ((line: string) => void) | null,
  ) {
    this.sampling = Math.max(1, Math.floor(numRecords / Math.min(numRecords, MAX_SAMPLES)));
    this.latencies = new Int32Array(Math.floor(numRecords / this.sampling) + 1);
    this.windowStart = start;
  }

  /** `records` records of `bytes` bytes in all, acknowledged `latencyMs` after they were sent. */
  record(latencyMs: number, records: number, bytes: number, now: number): void {
    const end = this.count + records;
    // The sampled records among this run: every `sampling`-th record of the whole run.
    for (let i = Math.ceil(this.count / this.sampling) * this.sampling; i < end; i += this.sampling) {
      if (this.samples < this.latencies.length) this.latencies[this.samples++] = latencyMs;
    }
    this.count = end;
    this.bytes += bytes;
    this.totalLatency += latencyMs * records;
    if (latencyMs > this.maxLatency) this.maxLatency = latencyMs;
    this.windowCount += records;
    this.windowBytes += bytes;
    this.windowTotalLatency += latencyMs * records;
    if (latencyMs > this.windowMaxLatency) this.windowMaxLatency = latencyMs;
    if (this.onWindow && now - this.windowStart >= this.reportingIntervalMs) {
      this.onWindow(this.windowLine(now));
      this.windowStart = now;
      this.windowCount = 0;
      this.windowBytes = 0;
      this.windowTotalLatency = 0;
      this.windowMaxLatency = 0;
    }
  }

  /** `N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency.` */
  private windowLine(now: number): string {
    const ms = Math.max(1, now - this.windowStart);
    const avg = this.windowCount === 0 ? 0 : this.windowTotalLatency / this.windowCount;
    return `${this.windowCount} records sent, ${((1000 * this.windowCount) / ms).toFixed(1)} records/sec (${mbPerSec(this.windowBytes, ms).toFixed(2)} MB/sec), ${avg.toFixed(1)} ms avg latency, ${this.windowMaxLatency.toFixed(1)} ms max latency.`;
  }

  totals(now: number): ProducerTotals {
    const ms = Math.max(1, now - this.start);
    const sorted = this.latencies.subarray(0, this.samples).sort();
    const at = (p: number) => (sorted.length === 0 ? 0 : (sorted[Math.floor(p * sorted.length)] as number));
    return {
      records: this.count,
      recordsPerSec: (1000 * this.count) / ms,
      mbPerSec: mbPerSec(this.bytes, ms),
      avgLatencyMs: this.count === 0 ? 0 : this.totalLatency / this.count,
      maxLatencyMs: this.maxLatency,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      p999: at(0.999),
    };
  }
}

/** Kafka's final line, with its formats (%f is six decimals in Java). */
export function totalLine(t: ProducerTotals): string {
  return `${t.records} records sent, ${t.recordsPerSec.toFixed(6)} records/sec (${t.mbPerSec.toFixed(2)} MB/sec), ${t.avgLatencyMs.toFixed(2)} ms avg latency, ${t.maxLatencyMs.toFixed(2)} ms max latency, ${t.p50} ms 50th, ${t.p95} ms 95th, ${t.p99} ms 99th, ${t.p999} ms 99.9th.`;
}

export function mbPerSec(bytes: number, ms: number): number {
  return ms <= 0 ? 0 : bytes / (1024 * 1024) / (ms / 1000);
}
