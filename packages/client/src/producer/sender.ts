/**
 * Moves ready batches from the accumulator to partition leaders (Java's Sender). A partition's head
 * batch is ready when it is full, lingerMs has passed since it was created, or a flush/close wants
 * everything out. Ready batches are grouped by leader into one Produce request per broker (one batch
 * per partition per request), with at most maxInFlightRequestsPerConnection requests per broker.
 * Retriable failures put the batch back at the front of its queue after a backoff, until
 * deliveryTimeoutMs has passed since the batch was created.
 *
 * In a transaction a partition's batches wait until the TransactionManager added the partition
 * (AddPartitionsToTxn), and once the transaction is in an error state every unsent batch fails
 * with that error. A batch the broker finds too large (MESSAGE_TOO_LARGE) is split in halves and
 * resent, down to a single record, which then fails with RecordTooLargeError.
 *
 * Owner: the Producer. `wake()` schedules one drain pass on the next macrotask, so every record
 * appended in the same tick can share a batch; nothing here runs concurrently with itself.
 */
import type { Logger } from '@samsa/common';
import {
  ApiKey,
  type CompressionType,
  ErrorCode,
  KafkaError,
  type ProduceRequest,
  type ProduceResponse,
} from '@samsa/protocol';
import { ClientError, invalidatesMetadata, isRetriable } from '../errors.js';
import type { Cluster } from '../metadata/cluster.js';
import { backoffMs } from '../network/backoff.js';
import type { RecordAccumulator } from './accumulator.js';
import type { IdempotenceState } from './idempotence.js';
import { BATCH_OVERHEAD, type ProducerBatch } from './producer-batch.js';
import type { ProducerMetrics } from './producer-metrics.js';
import { RecordTooLargeError } from './transactions/transaction-errors.js';
import type { SenderControl, TransactionManager } from './transactions/transaction-manager.js';

export interface SenderConfig {
  acks: number;
  compression: CompressionType;
  lingerMs: number;
  maxInFlight: number;
  maxRequestSize: number;
  requestTimeoutMs: number;
  deliveryTimeoutMs: number;
  retries: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  transactionalId: string | null;
}

/** Answers after which an idempotent producer needs a new epoch before it can go on (KIP-360). */
const SEQUENCE_LOST: ReadonlySet<number> = new Set([
  ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
  ErrorCode.UNKNOWN_PRODUCER_ID,
]);

export class Sender implements SenderControl {
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private readonly inFlightByNode = new Map<number, number>();
  private inFlightBatches = 0;
  /**
   * Partitions with a batch in flight, for transactional producers, which send one batch per
   * partition at a time (a failed batch makes the transaction abortable, so nothing is gained by
   * pipelining past it). Idempotent producers pipeline up to maxInFlight batches per partition,
   * kept in order by their sequence numbers, as the Java client does.
   */
  private readonly busyPartitions = new Set<string>();
  private flushWaiters: Array<() => void> = [];
  private flushing = 0;
  private running = true;

  constructor(
    private readonly config: SenderConfig,
    private readonly accumulator: RecordAccumulator,
    private readonly cluster: Cluster,
    private readonly idempotence: IdempotenceState,
    private readonly logger: Logger,
    private readonly metrics: ProducerMetrics,
    private readonly txn: TransactionManager | null = null,
  ) {}

  /** Schedules a drain pass (coalesced). */
  wake(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  /** Sends everything now, resolving when all batches queued so far are complete. */
  flush(): Promise<void> {
    if (this.accumulator.isEmpty && this.inFlightBatches === 0) return Promise.resolve();
    this.flushing++;
    return new Promise<void>((resolve) => {
      this.flushWaiters.push(resolve);
      this.wake();
    }).finally(() => {
      this.flushing--;
    });
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get idle(): boolean {
    return this.accumulator.isEmpty && this.inFlightBatches === 0;
  }

  /** Fails every batch not yet sent (an aborted transaction). */
  dropUnsent(err: unknown): void {
    for (const b of this.accumulator.abortAll(err)) this.fail(b, err);
    this.checkFlushed();
  }

  private run(): void {
    if (!this.running) return;
    const txnError = this.txn?.error;
    if (txnError && !this.accumulator.isEmpty) this.dropUnsent(txnError);
    if (this.idempotence.needsBump) {
      if (this.inFlightBatches > 0) return; // The bump waits for the batches stamped with the old id.
      this.idempotence.bump().then(
        () => {
          this.restampQueued();
          this.wake();
        },
        (err) => {
          this.logger.error({ error: String(err) }, 'producer epoch bump failed');
          this.failAll(err);
        },
      );
      return;
    }
    if (!this.idempotence.ready) {
      // A transactional producer gets its id from initTransactions(), before any send.
      if (this.txn) return;
      this.idempotence.init().then(
        () => this.wake(),
        (err) => {
          this.logger.error({ error: String(err) }, 'producer id initialization failed');
          this.failAll(err);
        },
      );
      return;
    }
    const now = Date.now();
    const byNode = new Map<number, ProducerBatch[]>();
    let nextWake = Number.POSITIVE_INFINITY;
    let needMetadata = false;
    let partitionsToAdd = false;
    const metadata = this.cluster.metadata;
    for (const [topic, byPartition] of this.accumulator.queues) {
      for (const [partition, deque] of byPartition) {
        const head = deque[0];
        if (!head) continue;
        if (now - head.createdAt >= this.config.deliveryTimeoutMs) {
          this.accumulator.take(head);
          this.fail(
            head,
            new ClientError(
              'DELIVERY_TIMEOUT',
              `expiring ${head.count} record(s) for ${topic}-${partition}: ${now - head.createdAt} ms passed since batch creation`,
            ),
          );
          nextWake = 0;
          continue;
        }
        if (head.retryAt > now) {
          nextWake = Math.min(nextWake, head.retryAt);
          continue;
        }
        const full = deque.length > 1 || head.closed || head.estimatedBytes >= this.config.maxRequestSize;
        const lingerDue = head.createdAt + this.config.lingerMs;
        if (!full && lingerDue > now && this.flushing === 0 && this.running) {
          nextWake = Math.min(nextWake, lingerDue);
          continue;
        }
        if (this.txn && this.busyPartitions.has(`${topic}\0${partition}`)) continue;
        if (this.txn && !this.txn.isPartitionAdded(topic, partition)) {
          partitionsToAdd = true;
          continue;
        }
        const leader = metadata.leaderOf(topic, partition);
        if (leader < 0 || !this.cluster.pool.knows(leader)) {
          needMetadata = true;
          nextWake = Math.min(nextWake, now + this.config.retryBackoffMs);
          continue;
        }
        let list = byNode.get(leader);
        if (!list) byNode.set(leader, (list = []));
        list.push(head);
      }
    }
    if (needMetadata) this.cluster.refresh().catch(() => {});
    if (partitionsToAdd && this.txn) {
      this.txn.addWaitingPartitions().then((asked) => {
        if (asked) this.wake();
      });
    }
    let sent = false;
    for (const [node, batches] of byNode) {
      if ((this.inFlightByNode.get(node) ?? 0) >= this.config.maxInFlight) continue;
      sent = this.sendTo(node, batches) || sent;
    }
    // Full batches may be queued behind the ones just sent: another pass pipelines them, up to
    // maxInFlightRequestsPerConnection per broker.
    if (sent) this.wake();
    if (nextWake !== Number.POSITIVE_INFINITY) this.armTimer(nextWake);
    this.checkFlushed();
  }

  private armTimer(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.run();
      },
      Math.max(0, at - Date.now()),
    );
  }

  /** Sends one Produce request with (some of) `ready`; returns whether it sent anything. */
  private sendTo(node: number, ready: ProducerBatch[]): boolean {
    const batches: ProducerBatch[] = [];
    let size = 0;
    const topics = new Map<string, ProduceRequest['topicData'][number]>();
    for (const batch of ready) {
      if (batches.length > 0 && size + batch.estimatedBytes > this.config.maxRequestSize) break;
      this.accumulator.take(batch);
      if (batch.baseSequence < 0 && this.idempotence.enabled) this.idempotence.assign(batch);
      let records: Buffer;
      try {
        records = batch.encode(this.config.compression, this.txn !== null);
      } catch (err) {
        this.fail(batch, err);
        continue;
      }
      size += records.length;
      batches.push(batch);
      this.metrics.onBatchSent(batch, records.length);
      let t = topics.get(batch.topic);
      if (!t) topics.set(batch.topic, (t = { name: batch.topic, partitionData: [] }));
      t.partitionData.push({ index: batch.partition, records });
    }
    if (batches.length === 0) return false;
    for (const b of batches) {
      b.attempts++;
      this.busyPartitions.add(`${b.topic}\0${b.partition}`);
    }
    this.inFlightBatches += batches.length;
    this.inFlightByNode.set(node, (this.inFlightByNode.get(node) ?? 0) + 1);
    const request: ProduceRequest = {
      transactionalId: this.config.transactionalId,
      acks: this.config.acks,
      timeoutMs: this.config.requestTimeoutMs,
      topicData: [...topics.values()],
    };
    const sentAt = performance.now();
    let conn: ReturnType<Cluster['connection']>;
    try {
      conn = this.cluster.connection(node);
    } catch (err) {
      this.onResponse(node, batches, null, err, sentAt);
      return true;
    }
    conn.request(ApiKey.Produce, request, { expectResponse: this.config.acks !== 0 }).then(
      (res) => this.onResponse(node, batches, res ?? null, null, sentAt),
      (err) => this.onResponse(node, batches, null, err, sentAt),
    );
    return true;
  }

  private onResponse(
    node: number,
    batches: ProducerBatch[],
    res: ProduceResponse | null,
    err: unknown,
    sentAt: number,
  ): void {
    this.metrics.onRequestDone(performance.now() - sentAt);
    this.inFlightByNode.set(node, (this.inFlightByNode.get(node) ?? 1) - 1);
    this.inFlightBatches -= batches.length;
    for (const b of batches) this.busyPartitions.delete(`${b.topic}\0${b.partition}`);
    if (err !== null) {
      for (const b of batches) this.retryOrFail(b, err);
    } else if (res === null) {
      // acks=0: nothing comes back, offsets are unknown.
      for (const b of batches) this.complete(b, -1n, -1);
    } else {
      const results = new Map<string, ProduceResponse['responses'][number]['partitionResponses'][number]>();
      for (const t of res.responses) for (const p of t.partitionResponses) results.set(`${t.name}\0${p.index}`, p);
      for (const b of batches) {
        const p = results.get(`${b.topic}\0${b.partition}`);
        if (!p) {
          this.fail(b, new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `no response for ${b.topic}-${b.partition}`));
        } else if (p.errorCode === 0) {
          this.complete(b, p.baseOffset, Number(p.logAppendTimeMs));
        } else if (p.errorCode === ErrorCode.MESSAGE_TOO_LARGE) {
          this.splitOrFail(b, p.errorMessage);
        } else if (p.errorCode === ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
          // An earlier attempt was written: the batch is delivered, its offset is not reported again.
          this.complete(b, p.baseOffset, Number(p.logAppendTimeMs));
        } else {
          const msg = p.errorMessage ?? p.recordErrors[0]?.batchIndexErrorMessage ?? null;
          this.retryOrFail(b, new KafkaError(p.errorCode, msg));
        }
      }
    }
    this.wake();
  }

  /**
   * As the Java client does: a batch over the broker's max.message.bytes goes back as two halves
   * (each split again if still too large); a single record that is too large fails alone.
   */
  private splitOrFail(b: ProducerBatch, message: string | null): void {
    // Batches sent after this one carry later sequences: they fail out of order, and a new epoch
    // numbers everything still unsent from 0 again.
    if (!this.idempotence.rollback(b)) this.idempotence.requestBump(b);
    if (b.count < 2) {
      this.fail(
        b,
        new RecordTooLargeError(
          ErrorCode.MESSAGE_TOO_LARGE,
          message ?? `the record is larger than ${b.topic}-${b.partition} accepts (max.message.bytes)`,
        ),
      );
      return;
    }
    this.logger.debug(
      {
        topic: b.topic,
        partition: b.partition,
        records: b.count,
      },
      'splitting a batch the broker found too large',
    );
    this.idempotence.onDone(b);
    const [first, second] = b.split();
    this.accumulator.reenqueue(second);
    this.accumulator.reenqueue(first);
  }

  /** After an epoch bump: batches stamped with the old id get the new one when they are sent. */
  private restampQueued(): void {
    for (const byPartition of this.accumulator.queues.values()) {
      for (const deque of byPartition.values()) for (const b of deque) if (b.baseSequence >= 0) b.resetProducerState();
    }
  }

  private retryOrFail(b: ProducerBatch, err: unknown): void {
    const now = Date.now();
    if (invalidatesMetadata(err)) this.cluster.refresh().catch(() => {});
    if (
      !this.txn &&
      this.idempotence.enabled &&
      err instanceof KafkaError &&
      SEQUENCE_LOST.has(err.code) &&
      now - b.createdAt < this.config.deliveryTimeoutMs
    ) {
      if (!this.idempotence.isNextExpected(b)) {
        // An earlier batch of the partition failed too; resent in order behind it, this one fits.
        b.retryAt = now + backoffMs(b.attempts - 1, this.config.retryBackoffMs, this.config.retryBackoffMaxMs);
        this.accumulator.reenqueue(b);
        return;
      }
      // The broker did not write the batch: resend it under the new epoch, from sequence 0.
      this.logger.warn(
        {
          topic: b.topic,
          partition: b.partition,
          error: err.errorName,
        },
        'sequence error; bumping the producer epoch and resending',
      );
      this.idempotence.requestBump(b);
      b.resetProducerState();
      b.retryAt = now + backoffMs(b.attempts - 1, this.config.retryBackoffMs, this.config.retryBackoffMaxMs);
      this.accumulator.reenqueue(b);
      return;
    }
    const retriable = isRetriable(err) && this.config.acks !== 0;
    if (!retriable || b.attempts > this.config.retries || now - b.createdAt >= this.config.deliveryTimeoutMs) {
      this.fail(b, err);
      return;
    }
    this.metrics.onBatchRetried(b);
    this.logger.debug(
      {
        topic: b.topic,
        partition: b.partition,
        attempt: b.attempts,
        error: String(err),
      },
      'retrying produce',
    );
    b.retryAt = now + backoffMs(b.attempts - 1, this.config.retryBackoffMs, this.config.retryBackoffMaxMs);
    this.accumulator.reenqueue(b);
  }

  private complete(b: ProducerBatch, baseOffset: bigint, logAppendTime: number): void {
    this.idempotence.onDone(b);
    this.accumulator.release(b.estimatedBytes - BATCH_OVERHEAD);
    b.resolve({ baseOffset, logAppendTime });
  }

  private fail(b: ProducerBatch, err: unknown): void {
    // A numbered batch that will never be written leaves a gap before the partition's next ones.
    if (!this.txn && b.baseSequence >= 0 && !(err instanceof RecordTooLargeError)) this.idempotence.requestBump(b);
    this.idempotence.onDone(b);
    this.accumulator.release(b.estimatedBytes - BATCH_OVERHEAD);
    this.metrics.onBatchFailed(b);
    b.reject(this.txn ? this.txn.onBatchFailed(err) : err);
  }

  /** Fails every queued batch (fatal producer error or forced close). */
  failAll(err: unknown): void {
    for (const b of this.accumulator.abortAll(err)) this.fail(b, err);
    this.checkFlushed();
  }

  private checkFlushed(): void {
    if (this.flushWaiters.length > 0 && this.idle) {
      const waiters = this.flushWaiters;
      this.flushWaiters = [];
      for (const w of waiters) w();
    }
  }
}
