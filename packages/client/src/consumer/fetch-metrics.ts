/**
 * What the consumer measures about its fetching, for `consumer.metrics()` (the metrics of Kafka's
 * `consumer-fetch-manager-metrics` group that this client can compute). Fed once per Fetch
 * response and once per batch handed to the application, never per record.
 *
 * bytes-consumed counts the record batches' bytes as fetched (headers and framing of the batches
 * included) once the application has read all of a fetched partition's records. Left out because
 * the client does not know them exactly: records-per-request-avg (records are decoded lazily,
 * after the response is counted), records-lag and the throttle-time metrics.
 *
 * Owner: the Consumer creates it and hands it to the Fetcher; both run on the event loop.
 */
import { type Metric, perSecond, Sensor } from '../metrics.js';

export class FetchMetrics {
  /** Round trip of each Fetch request that was answered, ms. */
  private readonly latency = new Sensor();
  /** Record bytes of each Fetch response. */
  private readonly size = new Sensor();
  private records = 0;
  private bytes = 0;
  private firstFetchAt: number | null = null;

  constructor(private readonly clientId: string) {}

  onFetch(ms: number, recordBytes: number): void {
    this.firstFetchAt ??= performance.now() - ms;
    this.latency.record(ms);
    this.size.record(recordBytes);
  }

  /** Records handed to the application. */
  onRecordsConsumed(n: number): void {
    this.records += n;
  }

  /** A fetched partition's data read to its end. */
  onBytesConsumed(n: number): void {
    this.bytes += n;
  }

  snapshot(): Metric[] {
    const m = (name: string, value: number, description: string): Metric => ({
      group: 'consumer-fetch-manager-metrics',
      name,
      tags: { 'client-id': this.clientId },
      value,
      description,
    });
    return [
      m('bytes-consumed-rate', perSecond(this.bytes, this.firstFetchAt), 'Bytes consumed per second.'),
      m('bytes-consumed-total', this.bytes, 'Bytes of record batches read to their end.'),
      m('fetch-latency-avg', this.latency.avg, 'Average Fetch round trip, ms.'),
      m('fetch-latency-max', this.latency.max, 'Longest Fetch round trip, ms.'),
      m('fetch-rate', perSecond(this.latency.count, this.firstFetchAt), 'Fetch requests per second.'),
      m('fetch-size-avg', this.size.avg, 'Average record bytes per Fetch response.'),
      m('fetch-size-max', this.size.max, 'Most record bytes in one Fetch response.'),
      m('fetch-total', this.latency.count, 'Fetch requests answered.'),
      m('records-consumed-rate', perSecond(this.records, this.firstFetchAt), 'Records consumed per second.'),
      m('records-consumed-total', this.records, 'Records handed to the application.'),
    ];
  }
}
