/**
 * The clients' metrics, named as Kafka's Java clients name them (`group:name:{client-id=...}`),
 * as a snapshot the application asks for (`producer.metrics()`, `consumer.metrics()`). Each value
 * is computed from counters the client keeps anyway, per batch or per request, never per record;
 * a metric the client cannot compute honestly is left out rather than estimated.
 *
 * Rates are over the client's active life (first event to now), not Kafka's 30-second sampled
 * windows: a perf tool's run is usually shorter than a window anyway.
 */
export interface Metric {
  group: string;
  name: string;
  tags: Record<string, string>;
  value: number;
  description: string;
}

/** A count, a sum and a maximum: enough for Kafka's -total, -avg, -max and -rate. */
export class Sensor {
  count = 0;
  sum = 0;
  max = 0;

  record(value: number): void {
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  get avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
}

/** Per second over `since` (a performance.now() timestamp) to now; 0 before anything happened. */
export function perSecond(total: number, since: number | null): number {
  if (since === null) return 0;
  const seconds = (performance.now() - since) / 1000;
  return seconds <= 0 ? 0 : total / seconds;
}
