/**
 * Records waiting to be sent, as one queue of ProducerBatches per partition (Java's
 * RecordAccumulator). A record joins the last open batch of its partition if it fits in batchSize,
 * else starts a new batch. bufferMemory bounds the bytes of all unacknowledged records: an append
 * that does not fit waits (FIFO, so order is kept) until acknowledgements free memory, for at most
 * maxBlockMs.
 *
 * Owner: the Producer appends; the Sender drains, re-enqueues retries at the front, and releases
 * memory when a batch completes. All on the event loop, never concurrently.
 */
import type { RecordInput } from '@samsa/protocol';
import { ClientError } from '../errors.js';
import { ProducerBatch } from './producer-batch.js';

interface MemoryWaiter {
  bytes: number;
  deadline: number;
  resolve(): void;
  reject(e: unknown): void;
}

export class RecordAccumulator {
  /** topic → partition → batches, oldest first. */
  readonly queues = new Map<string, Map<number, ProducerBatch[]>>();
  private used = 0;
  /**
   * Appends waiting for memory, FIFO: `waiters[waitHead]` is the oldest. A head index rather than
   * shift(), and one timer for the oldest deadline rather than one per waiter, because a producer
   * far ahead of the broker can have hundreds of thousands of sends waiting here.
   */
  private waiters: MemoryWaiter[] = [];
  private waitHead = 0;
  private expiryTimer: NodeJS.Timeout | null = null;
  private pendingBatches = 0;

  constructor(
    private readonly batchSize: number,
    readonly bufferMemory: number,
    private readonly maxBlockMs: number,
  ) {}

  get bufferedBytes(): number {
    return this.used;
  }

  private get waiting(): number {
    return this.waiters.length - this.waitHead;
  }

  /** Whether an append of `bytes` can happen now without waiting for memory. */
  hasRoom(bytes: number): boolean {
    return this.waiting === 0 && (this.used + bytes <= this.bufferMemory || this.used === 0);
  }

  /** Waits until `bytes` fit in bufferMemory (FIFO with other waiters), then reserves them. */
  reserve(bytes: number): Promise<void> {
    if (this.hasRoom(bytes)) {
      this.used += bytes;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.whenRoom(bytes, resolve, reject));
  }

  /**
   * The callback form of `reserve` for a send that must wait: `ready` runs once the bytes are
   * reserved, `fail` after maxBlockMs or an abort. No promise per waiting record.
   */
  whenRoom(bytes: number, ready: () => void, fail: (e: unknown) => void): void {
    this.waiters.push({ bytes, deadline: Date.now() + this.maxBlockMs, resolve: ready, reject: fail });
    this.armExpiry();
  }

  /** Reserves without waiting; the caller checked `hasRoom`. */
  reserveNow(bytes: number): void {
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    while (this.waiting > 0) {
      const w = this.waiters[this.waitHead] as MemoryWaiter;
      if (this.used + w.bytes > this.bufferMemory && this.used > 0) break;
      this.dequeue();
      this.used += w.bytes;
      w.resolve();
    }
    if (this.waiting === 0 && this.expiryTimer) {
      clearTimeout(this.expiryTimer);
      this.expiryTimer = null;
    }
  }

  private dequeue(): void {
    this.waitHead++;
    if (this.waitHead === this.waiters.length) {
      this.waiters = [];
      this.waitHead = 0;
    } else if (this.waitHead >= 1024 && this.waitHead * 2 >= this.waiters.length) {
      this.waiters = this.waiters.slice(this.waitHead);
      this.waitHead = 0;
    }
  }

  /** Fails the waiters past maxBlockMs; all wait equally long, so the oldest expire first. */
  private armExpiry(): void {
    if (this.expiryTimer || this.waiting === 0) return;
    const head = this.waiters[this.waitHead] as MemoryWaiter;
    this.expiryTimer = setTimeout(
      () => {
        this.expiryTimer = null;
        const now = Date.now();
        while (this.waiting > 0 && (this.waiters[this.waitHead] as MemoryWaiter).deadline <= now) {
          const w = this.waiters[this.waitHead] as MemoryWaiter;
          this.dequeue();
          w.reject(
            new ClientError(
              'BUFFER_EXHAUSTED',
              `failed to allocate ${w.bytes} bytes within maxBlockMs (${this.maxBlockMs} ms); bufferMemory is ${this.bufferMemory}`,
            ),
          );
        }
        this.wakeWaiters();
        this.armExpiry();
      },
      Math.max(0, head.deadline - Date.now()),
    );
  }

  /**
   * Appends to the partition's open batch, or a new one, and returns that batch: the record is its
   * last (index `count - 1`). No result object, as this runs once per record sent.
   */
  append(topic: string, partition: number, record: RecordInput, bytes: number, now: number): ProducerBatch {
    let byPartition = this.queues.get(topic);
    if (!byPartition) {
      byPartition = new Map();
      this.queues.set(topic, byPartition);
    }
    let deque = byPartition.get(partition);
    if (!deque) {
      deque = [];
      byPartition.set(partition, deque);
    }
    const last = deque[deque.length - 1];
    if (last && !last.closed && last.estimatedBytes + bytes <= this.batchSize) {
      last.append(record, bytes);
      return last;
    }
    const batch = new ProducerBatch(topic, partition, now);
    deque.push(batch);
    this.pendingBatches++;
    batch.append(record, bytes);
    return batch;
  }

  /** Whether a batch reached batchSize: the sender need not wait for lingerMs. */
  isFull(batch: ProducerBatch): boolean {
    return batch.estimatedBytes >= this.batchSize;
  }

  /**
   * Puts a batch that failed retriably back in its partition's queue, ahead of every batch created
   * after it: several batches of a partition can fail together (a broken connection) and must be
   * resent in their original order whatever order their failures arrive in.
   */
  reenqueue(batch: ProducerBatch): void {
    const byPartition = this.queues.get(batch.topic) ?? new Map<number, ProducerBatch[]>();
    this.queues.set(batch.topic, byPartition);
    const deque = byPartition.get(batch.partition) ?? [];
    byPartition.set(batch.partition, deque);
    let i = 0;
    while (i < deque.length && (deque[i] as ProducerBatch).order < batch.order) i++;
    deque.splice(i, 0, batch);
    this.pendingBatches++;
  }

  /** Removes the head batch of a partition (the sender took it). */
  take(batch: ProducerBatch): void {
    const deque = this.queues.get(batch.topic)?.get(batch.partition);
    if (deque && deque[0] === batch) {
      deque.shift();
      batch.closed = true;
      this.pendingBatches--;
    }
  }

  get isEmpty(): boolean {
    return this.pendingBatches === 0;
  }

  /** Fails everything queued (close with force, fatal errors). */
  abortAll(err: unknown): ProducerBatch[] {
    const out: ProducerBatch[] = [];
    for (const byPartition of this.queues.values()) {
      for (const deque of byPartition.values()) out.push(...deque.splice(0));
    }
    this.pendingBatches = 0;
    const waiters = this.waiters.slice(this.waitHead);
    this.waiters = [];
    this.waitHead = 0;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    for (const w of waiters) w.reject(err);
    return out;
  }
}
