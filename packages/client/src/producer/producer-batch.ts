/**
 * The records bound for one partition that will travel together as one record batch. One promise
 * per batch settles every record in it: `send()` derives its per-record result from this promise
 * (base offset + index), so no per-record resolver is kept.
 *
 * Owner: the RecordAccumulator until drained, then the Sender until the batch is acknowledged,
 * failed or re-enqueued for a retry. Records are appended only while the batch is open (not drained).
 */
import { type CompressionType, encodeRecordBatch, type RecordInput } from '@samsa/protocol';

export interface BatchResult {
  baseOffset: bigint;
  /** The broker's LogAppendTime, or -1 when the topic uses CreateTime. */
  logAppendTime: number;
  /**
   * Set when the broker found the batch too large and it was split: the records' results come
   * from these two batches (the first holds records 0 to first.count - 1).
   */
  splitInto?: { first: ProducerBatch; second: ProducerBatch };
}

export const RECORD_OVERHEAD = 21;

let created = 0;
export const BATCH_OVERHEAD = 61;

export class ProducerBatch {
  readonly records: RecordInput[] = [];
  estimatedBytes = BATCH_OVERHEAD;
  readonly promise: Promise<BatchResult>;
  resolve!: (r: BatchResult) => void;
  /** The batch's result once it resolved, for callers that waited on `promise` already. */
  result: BatchResult | null = null;
  reject!: (e: unknown) => void;
  /** No more appends: drained into a request at least once. */
  closed = false;
  attempts = 0;
  /** Not to be sent again before this time (retry backoff). */
  retryAt = 0;
  baseSequence = -1;
  producerId = -1n;
  producerEpoch = -1;
  /**
   * Creation order, which is also the order of the batch's records among its partition's: a
   * retried batch goes back in front of every later one. The halves of a split batch take its
   * place (the first its order, the second half-way to the next), `span` being that gap.
   */
  order = ++created;
  private span = 1;
  private encoded: Buffer | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly createdAt: number,
  ) {
    this.promise = new Promise<BatchResult>((resolve, reject) => {
      this.resolve = (r) => {
        this.result = r;
        resolve(r);
      };
      this.reject = reject;
    });
    // A batch's failure is observed through the records' promises; this keeps it from being
    // reported as unhandled when the application ignores some of them.
    this.promise.catch(() => {});
  }

  get count(): number {
    return this.records.length;
  }

  /** Appends a record and returns its index in the batch. */
  append(record: RecordInput, bytes: number): number {
    this.records.push(record);
    this.estimatedBytes += bytes;
    return this.records.length - 1;
  }

  /** The batch's bytes, encoded once so a retry resends exactly what was sent (same sequence). */
  encode(compression: CompressionType, isTransactional = false): Buffer {
    if (!this.encoded) {
      this.encoded = encodeRecordBatch({
        compression,
        isTransactional,
        producerId: this.producerId,
        producerEpoch: this.producerEpoch,
        baseSequence: this.baseSequence,
        records: this.records,
      });
    }
    return this.encoded;
  }

  /** Forgets producer id, epoch and sequence (the producer got a new epoch): stamped again when sent. */
  resetProducerState(): void {
    this.baseSequence = -1;
    this.producerId = -1n;
    this.producerEpoch = -1;
    this.encoded = null;
  }

  /**
   * Splits the records into two new batches (first half, second half) and settles this batch with
   * them, so every record's promise follows the half it went to. Only for a batch of 2+ records.
   */
  split(): [ProducerBatch, ProducerBatch] {
    const half = Math.ceil(this.records.length / 2);
    const first = new ProducerBatch(this.topic, this.partition, this.createdAt);
    const second = new ProducerBatch(this.topic, this.partition, this.createdAt);
    for (const [i, r] of this.records.entries()) (i < half ? first : second).append(r, estimateRecord(r));
    for (const b of [first, second]) {
      b.closed = true;
      b.attempts = this.attempts;
      b.span = this.span / 2;
    }
    first.order = this.order;
    second.order = this.order + this.span / 2;
    this.resolve({ baseOffset: -1n, logAppendTime: -1, splitInto: { first, second } });
    return [first, second];
  }
}

/** The bytes a record is counted for in batchSize and bufferMemory (an upper-bound estimate). */
export function estimateRecord(r: RecordInput): number {
  let n = RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  if (r.headers) for (const h of r.headers) n += h.key.length * 3 + (h.value?.length ?? 0) + 10;
  return n;
}
