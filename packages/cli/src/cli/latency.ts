/** Latency and throughput bookkeeping for the perf tools, printed in Kafka's words. */
export class LatencyStats {
  private readonly samples: number[] = [];
  private readonly sampleEvery: number;
  count = 0;
  bytes = 0;
  private total = 0;
  max = 0;

  constructor(expected: number) {
    // Kafka keeps at most ~500k samples; so do we.
    this.sampleEvery = Math.max(1, Math.floor(expected / 500_000));
  }

  record(latencyMs: number, bytes: number): void {
    if (this.count % this.sampleEvery === 0) this.samples.push(latencyMs);
    this.count++;
    this.bytes += bytes;
    this.total += latencyMs;
    if (latencyMs > this.max) this.max = latencyMs;
  }

  get avg(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  percentiles(ps: number[]): number[] {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  }
}

export function mbPerSec(bytes: number, ms: number): number {
  return ms <= 0 ? 0 : bytes / (1024 * 1024) / (ms / 1000);
}
