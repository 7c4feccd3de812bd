/**
 * The instance's one producer and how a commit happens (Kafka's StreamsProducer + the commit half
 * of its TaskExecutor), for both processing guarantees:
 *
 * - at_least_once: sends go out as they come; a commit waits for every acknowledgement, then
 *   commits the input offsets through the consumer. A crash in between replays input (duplicates,
 *   never losses).
 * - exactly_once_v2: one transactional producer for the whole instance (KIP-447), transactional.id
 *   `<application.id>-<process id>-1` as Kafka Streams 3.x names its thread producers. The first
 *   send after a commit begins a transaction; a commit adds the input offsets to it with the
 *   consumer's group metadata (so a member fenced out of the group cannot commit) and commits it.
 *   Sink, repartition and changelog records and the input offsets become visible together or not
 *   at all.
 *
 * Owned by the processing loop; `send` is synchronous for the task, acknowledgements arrive later.
 */
import {
  type Consumer,
  type ConsumerGroupMetadata,
  FatalProducerError,
  Producer,
  type ProducerConfig,
  type TopicPartition,
} from '@samsa/client';
import type { Logger } from '@samsa/common';
import { StreamsError } from '../errors.js';
import type { OutputRecord } from '../processor/record-collector.js';

export interface StreamsProducerOptions {
  eos: boolean;
  /** Producer settings: bootstrap, client id, logger, overrides from `producer.*`. */
  config: ProducerConfig;
  transactionalId: string;
  logger: Logger;
}

export class StreamsProducer {
  private producer: Producer;
  private readonly pending = new Set<Promise<unknown>>();
  private sendError: Error | null = null;
  private inTransaction = false;
  /** Per `topic:partition`, the highest offset acknowledged: where changelogs stand, for checkpoints. */
  readonly acked = new Map<string, bigint>();

  constructor(private readonly options: StreamsProducerOptions) {
    this.producer = this.create();
  }

  get eos(): boolean {
    return this.options.eos;
  }

  private create(): Producer {
    const { eos, config, transactionalId } = this.options;
    // Kafka Streams sets transaction.timeout.ms to 10 s under EOS so that the transaction of a
    // crashed instance blocks read_committed readers for seconds, not the client's default minute.
    return new Producer(eos ? { transactionTimeoutMs: 10_000, ...config, transactionalId } : config);
  }

  /** Under EOS, registers the transactional id (fencing any older producer with the same id). */
  async init(): Promise<void> {
    if (this.options.eos) await this.producer.initTransactions();
  }

  send(r: OutputRecord): void {
    if (this.options.eos && !this.inTransaction) {
      this.producer.beginTransaction();
      this.inTransaction = true;
    }
    const p = this.producer
      .send({
        topic: r.topic,
        partition: r.partition,
        key: r.key,
        value: r.value,
        timestamp: r.timestamp,
        headers: r.headers,
      })
      .then((md) => {
        const k = `${md.topic}:${md.partition}`;
        if (md.offset > (this.acked.get(k) ?? -1n)) this.acked.set(k, md.offset);
      })
      .catch((err: Error) => {
        this.sendError ??= new StreamsError('PROCESSING', `failed to send a record to ${r.topic}`, { cause: err });
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** The first failed send since the last commit or abort, if any. */
  failed(): Error | null {
    return this.sendError;
  }

  /**
   * Commits what the tasks produced and the input offsets given (the next offsets to read). Under
   * at_least_once: every send acknowledged, then the consumer commits. Under EOS: one transaction.
   */
  async commit(offsets: Array<TopicPartition & { offset: bigint }>, consumer: Consumer): Promise<void> {
    if (!this.options.eos) {
      while (this.pending.size > 0) await Promise.all([...this.pending]);
      if (this.sendError) throw this.sendError;
      if (offsets.length > 0) await consumer.commit(offsets);
      return;
    }
    if (!this.inTransaction && offsets.length === 0) return;
    if (!this.inTransaction) {
      this.producer.beginTransaction();
      this.inTransaction = true;
    }
    if (offsets.length > 0) {
      await this.producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata() as ConsumerGroupMetadata);
    }
    await this.producer.commitTransaction();
    // commitTransaction resolves only after every record of the transaction was acknowledged.
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.sendError) throw this.sendError;
    this.inTransaction = false;
  }

  /**
   * Under EOS, abandons the open transaction (its records and offsets are never visible). A fenced
   * or otherwise fatally failed producer cannot abort: it is replaced by a new one with the same
   * transactional.id, whose initTransactions aborts whatever the old one left open.
   */
  async abort(): Promise<void> {
    if (!this.options.eos) {
      this.sendError = null;
      return;
    }
    let replace = false;
    if (this.inTransaction) {
      try {
        await this.producer.abortTransaction();
      } catch (err) {
        this.options.logger.warn({ err }, 'abortTransaction failed; replacing the producer');
        replace = true;
      }
    }
    if (this.sendError && isFatal(this.sendError)) replace = true;
    await Promise.allSettled([...this.pending]);
    this.pending.clear();
    this.sendError = null;
    this.inTransaction = false;
    if (replace) {
      await this.producer.close().catch(() => {});
      this.producer = this.create();
      await this.producer.initTransactions();
    }
  }

  async close(): Promise<void> {
    if (this.options.eos && this.inTransaction) await this.abort().catch(() => {});
    await this.producer.close();
  }
}

function isFatal(err: Error): boolean {
  return err instanceof FatalProducerError || (err.cause instanceof Error && isFatal(err.cause));
}
