/**
 * The idempotent producer's state: producer id and epoch from InitProducerId, and the next sequence
 * number of each partition. Sequences are assigned when a batch is first drained and never change,
 * so a retried batch is recognised by the broker as a duplicate instead of being written twice.
 *
 * Brokers that do not implement InitProducerId (very old ones, or limited Kafka-compatible
 * servers) get a non-idempotent producer and one warning, rather than a producer that cannot send.
 *
 * Owner: the Sender, which calls `init()` before its first drain and `assign()` per batch.
 */
import { ApiKey } from '@samsa/protocol';
import { KafkaError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Cluster } from '../metadata/cluster.js';
import { withRetries } from '../retry.js';
import type { ProducerBatch } from './producer-batch.js';

const INT32_MAX = 0x7fffffff;

export class IdempotenceState {
  enabled: boolean;
  producerId = -1n;
  producerEpoch = -1;
  private initialized: boolean;
  private initializing: Promise<void> | null = null;
  private readonly sequences = new Map<string, number>();

  constructor(
    requested: boolean,
    private readonly cluster: Cluster,
    private readonly logger: Logger,
    private readonly timeouts: { maxBlockMs: number; retryBackoffMs: number; retryBackoffMaxMs: number },
  ) {
    this.enabled = requested;
    this.initialized = !requested;
  }

  get ready(): boolean {
    return this.initialized;
  }

  init(): Promise<void> {
    if (this.initialized) return Promise.resolve();
    this.initializing ??= this.doInit().finally(() => {
      this.initializing = null;
    });
    return this.initializing;
  }

  private async doInit(): Promise<void> {
    const conn = await this.cluster.anyConnection();
    const versions = await conn.apiVersions();
    if (!versions.supports(ApiKey.InitProducerId)) {
      this.logger.warn(
        'enableIdempotence is on but the broker does not support InitProducerId; continuing without idempotence (retries may duplicate records)',
        { broker: conn.address },
      );
      this.enabled = false;
      this.initialized = true;
      return;
    }
    const res = await withRetries(
      async () => {
        const r = await (await this.cluster.anyConnection()).request(ApiKey.InitProducerId, {
          transactionalId: null,
          transactionTimeoutMs: 60_000,
          producerId: -1n,
          producerEpoch: -1,
        });
        if (r.errorCode !== 0) throw new KafkaError(r.errorCode, 'InitProducerId failed');
        return r;
      },
      { deadline: Date.now() + this.timeouts.maxBlockMs, ...this.timeouts },
    );
    this.producerId = res.producerId;
    this.producerEpoch = res.producerEpoch;
    this.initialized = true;
    this.logger.info('producer id assigned', { producerId: res.producerId, epoch: res.producerEpoch });
  }

  /** Stamps a batch with the producer id, epoch and the partition's next sequence. */
  assign(batch: ProducerBatch): void {
    const key = `${batch.topic}\0${batch.partition}`;
    const seq = this.sequences.get(key) ?? 0;
    batch.producerId = this.producerId;
    batch.producerEpoch = this.producerEpoch;
    batch.baseSequence = seq;
    // Sequences wrap to 0 after int32 max, as the broker expects.
    const next = seq + batch.count;
    this.sequences.set(key, next > INT32_MAX ? next - INT32_MAX - 1 : next);
  }
}
