/**
 * The idempotent producer's state: producer id and epoch from InitProducerId, and the next sequence
 * number of each partition. Sequences are assigned when a batch is first drained and never change,
 * so a retried batch is recognised by the broker as a duplicate instead of being written twice.
 *
 * Brokers that do not implement InitProducerId (very old ones, or limited Kafka-compatible
 * servers) get a non-idempotent producer and one warning, rather than a producer that cannot send.
 *
 * A transactional producer gets its id and epoch from initTransactions() (`setProducer`), never
 * from `init()`. A non-transactional one whose partition state the broker lost (UNKNOWN_PRODUCER_ID)
 * or that left a gap (OUT_OF_ORDER_SEQUENCE_NUMBER, e.g. after a batch expired) asks for a new epoch
 * (KIP-360): InitProducerId naming its current id and epoch, answered with a fresh id, and every
 * partition's sequence starts again at 0.
 *
 * Owner: the Sender, which calls `init()` before its first drain, `bump()` when one was requested,
 * and `assign()` per batch.
 */
import type { Logger } from '@samsa/common';
import { ApiKey } from '@samsa/protocol';
import { KafkaError } from '../errors.js';
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
  /** Per partition, the numbered batches neither acknowledged nor failed for good. */
  private readonly outstanding = new Map<string, Set<ProducerBatch>>();
  private bumpRequested = false;

  constructor(
    requested: boolean,
    private readonly cluster: Cluster,
    private readonly logger: Logger,
    private readonly timeouts: { maxBlockMs: number; retryBackoffMs: number; retryBackoffMaxMs: number },
    private readonly transactional = false,
  ) {
    this.enabled = requested;
    this.initialized = !requested;
  }

  get ready(): boolean {
    return this.initialized;
  }

  /** Whether the Sender must call `bump()` before sending more. */
  get needsBump(): boolean {
    return this.bumpRequested;
  }

  /** The id and epoch a transactional producer got from its coordinator; sequences restart at 0. */
  setProducer(producerId: bigint, producerEpoch: number): void {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.sequences.clear();
    this.outstanding.clear();
    this.initialized = true;
  }

  private current(batch: ProducerBatch): boolean {
    return (
      batch.baseSequence >= 0 && batch.producerId === this.producerId && batch.producerEpoch === this.producerEpoch
    );
  }

  /** The broker acknowledged `batch` (or reported it a duplicate), or it failed for good. */
  onDone(batch: ProducerBatch): void {
    const key = `${batch.topic}\0${batch.partition}`;
    const set = this.outstanding.get(key);
    if (set?.delete(batch) && set.size === 0) this.outstanding.delete(key);
  }

  /**
   * Whether no earlier batch of `batch`'s partition is still unacknowledged. A sequence error for
   * a batch behind one that failed too only means that one was not written: resent in order after
   * it, this batch fits, with no new epoch.
   */
  isNextExpected(batch: ProducerBatch): boolean {
    const set = this.outstanding.get(`${batch.topic}\0${batch.partition}`);
    if (!set || !this.current(batch)) return true;
    for (const other of set) if (other.order < batch.order) return false;
    return true;
  }

  /**
   * Asks for a new epoch because `batch` was refused for its sequence. A batch stamped with an
   * older id or epoch says nothing about the current one, so it requests nothing.
   */
  requestBump(batch: ProducerBatch): void {
    if (this.transactional) return;
    if (batch.producerId === this.producerId && batch.producerEpoch === this.producerEpoch) this.bumpRequested = true;
  }

  /** KIP-360 for an idempotent producer: a new id (or epoch) from the broker, sequences reset. */
  bump(): Promise<void> {
    this.initializing ??= this.requestProducerId({ producerId: this.producerId, producerEpoch: this.producerEpoch })
      .then((res) => {
        this.logger.info(
          {
            from: `${this.producerId}/${this.producerEpoch}`,
            to: `${res.producerId}/${res.producerEpoch}`,
          },
          'producer epoch bumped after a sequence error',
        );
        this.setProducer(res.producerId, res.producerEpoch);
        this.bumpRequested = false;
      })
      .finally(() => {
        this.initializing = null;
      });
    return this.initializing;
  }

  /**
   * Gives back the sequences of a batch the broker refused without writing it (too large), so the
   * partition's next batch does not leave a gap. Only the last batch assigned can give them back;
   * false when another was assigned after it (the caller then needs a new epoch).
   */
  rollback(batch: ProducerBatch): boolean {
    if (!this.enabled || !this.current(batch)) return true;
    const key = `${batch.topic}\0${batch.partition}`;
    if (this.sequences.get(key) !== wrap(batch.baseSequence + batch.count)) return false;
    this.sequences.set(key, batch.baseSequence);
    return true;
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
        { broker: conn.address },
        'enableIdempotence is on but the broker does not support InitProducerId; continuing without idempotence (retries may duplicate records)',
      );
      this.enabled = false;
      this.initialized = true;
      return;
    }
    const res = await this.requestProducerId(null);
    this.setProducer(res.producerId, res.producerEpoch);
    this.logger.info({ producerId: res.producerId, epoch: res.producerEpoch }, 'producer id assigned');
  }

  private requestProducerId(
    current: { producerId: bigint; producerEpoch: number } | null,
  ): Promise<{ producerId: bigint; producerEpoch: number }> {
    return withRetries(
      async () => {
        const r = await (await this.cluster.anyConnection()).request(ApiKey.InitProducerId, {
          transactionalId: null,
          transactionTimeoutMs: 60_000,
          producerId: current?.producerId ?? -1n,
          producerEpoch: current?.producerEpoch ?? -1,
        });
        if (r.errorCode !== 0) throw new KafkaError(r.errorCode, 'InitProducerId failed');
        return r;
      },
      { deadline: Date.now() + this.timeouts.maxBlockMs, ...this.timeouts },
    );
  }

  /** Stamps a batch with the producer id, epoch and the partition's next sequence. */
  assign(batch: ProducerBatch): void {
    const key = `${batch.topic}\0${batch.partition}`;
    const seq = this.sequences.get(key) ?? 0;
    batch.producerId = this.producerId;
    batch.producerEpoch = this.producerEpoch;
    batch.baseSequence = seq;
    this.sequences.set(key, wrap(seq + batch.count));
    let set = this.outstanding.get(key);
    if (!set) this.outstanding.set(key, (set = new Set()));
    set.add(batch);
  }
}

/** Sequences wrap to 0 after int32 max, as the broker expects. */
function wrap(next: number): number {
  return next > INT32_MAX ? next - INT32_MAX - 1 : next;
}
