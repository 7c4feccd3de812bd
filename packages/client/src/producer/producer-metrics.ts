/**
 * What the producer measures about itself, for `producer.metrics()` (the metrics of Kafka's
 * `producer-metrics` group that this client can compute). The Sender feeds it once per batch and
 * once per request, never per record, so keeping it costs nothing measurable.
 *
 * Left out because the client does not know them exactly: compression-rate-avg (the uncompressed
 * size of a batch is not kept), record-size-avg and outgoing-byte-rate (request framing is the
 * connection's business), and the record-queue-time metrics.
 *
 * Owner: the Producer creates it and hands it to the Sender; both run on the event loop.
 */
import { type Metric, perSecond, Sensor } from '../metrics.js';
import type { ProducerBatch } from './producer-batch.js';

export class ProducerMetrics {
  /** Encoded bytes of each batch sent. */
  private readonly batchSize = new Sensor();
  /** Round trip of each Produce request, in milliseconds. */
  private readonly requestLatency = new Sensor();
  private recordsSent = 0;
  private recordErrors = 0;
  private recordRetries = 0;
  private firstSendAt: number | null = null;

  constructor(
    private readonly clientId: string,
    private readonly buffer: { readonly bufferMemory: number; readonly bufferedBytes: number },
  ) {}

  /** A batch goes out in a request (a retry counts again, as in Kafka). */
  onBatchSent(batch: ProducerBatch, encodedBytes: number): void {
    this.firstSendAt ??= performance.now();
    this.batchSize.record(encodedBytes);
    this.recordsSent += batch.count;
  }

  /** A Produce request was answered or failed after `ms`. */
  onRequestDone(ms: number): void {
    this.requestLatency.record(ms);
  }

  onBatchRetried(batch: ProducerBatch): void {
    this.recordRetries += batch.count;
  }

  onBatchFailed(batch: ProducerBatch): void {
    this.recordErrors += batch.count;
  }

  snapshot(): Metric[] {
    const requests = this.requestLatency.count;
    const m = (name: string, value: number, description: string): Metric => ({
      group: 'producer-metrics',
      name,
      tags: { 'client-id': this.clientId },
      value,
      description,
    });
    return [
      m('batch-size-avg', this.batchSize.avg, 'The average number of bytes sent per partition per request.'),
      m('batch-size-max', this.batchSize.max, 'The largest number of bytes sent per partition per request.'),
      m('buffer-available-bytes', this.buffer.bufferMemory - this.buffer.bufferedBytes, 'buffer.memory not in use.'),
      m('buffer-total-bytes', this.buffer.bufferMemory, 'buffer.memory: what the producer may hold unacknowledged.'),
      m('record-error-total', this.recordErrors, 'Records whose send failed.'),
      m('record-retry-total', this.recordRetries, 'Records sent again after a retriable error.'),
      m('record-send-rate', perSecond(this.recordsSent, this.firstSendAt), 'Records sent per second.'),
      m('record-send-total', this.recordsSent, 'Records sent.'),
      m('records-per-request-avg', requests === 0 ? 0 : this.recordsSent / requests, 'Records per Produce request.'),
      m('request-latency-avg', this.requestLatency.avg, 'Average Produce round trip, ms.'),
      m('request-latency-max', this.requestLatency.max, 'Longest Produce round trip, ms.'),
      m('request-rate', perSecond(requests, this.firstSendAt), 'Produce requests per second.'),
      m('request-total', requests, 'Produce requests answered or failed.'),
    ];
  }
}
