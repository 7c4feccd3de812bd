/**
 * A rate over the last `samples` windows of `windowMs` each, as Kafka's `Rate` over a
 * `SampledStat`: the total of the live samples divided by the time they span, where the span is
 * never taken as less than `samples - 1` full windows (so a burst on a fresh sensor is not read as
 * an enormous rate). Owned by one QuotaSensor; not shared.
 */
interface Sample {
  start: number;
  value: number;
}

export class SampledRate {
  private readonly samples: Sample[] = [];

  constructor(
    private readonly numSamples: number,
    private readonly windowMs: number,
  ) {}

  record(value: number, now: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && now < last.start + this.windowMs) last.value += value;
    else this.samples.push({ start: now, value });
    this.purge(now);
  }

  /** Units per second. */
  measure(now: number): number {
    this.purge(now);
    let total = 0;
    for (const s of this.samples) total += s.value;
    return total / (this.spanMs(now) / 1000);
  }

  /** The time the rate is measured over, in ms (Kafka's Rate.windowSize). */
  spanMs(now: number): number {
    const oldest = this.samples[0]?.start ?? now;
    return Math.max(now - oldest, (this.numSamples - 1) * this.windowMs, 1);
  }

  private purge(now: number): void {
    const expireBefore = now - this.numSamples * this.windowMs;
    while (this.samples.length > 0 && (this.samples[0] as Sample).start + this.windowMs <= expireBefore)
      this.samples.shift();
  }
}
