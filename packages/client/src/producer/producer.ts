/**
 * The producer: serializes, partitions and appends records to the accumulator; the Sender batches
 * them to the partition leaders. `send()` resolves with the record's {topic, partition, offset,
 * timestamp} once the broker acknowledged its batch (acks), or rejects with a typed error.
 *
 *   const producer = new Producer({ bootstrapServers: 'localhost:9092' });
 *   const { partition, offset } = await producer.send({ topic: 'orders', key: 'k', value: 'v' });
 *   await producer.close();
 *
 * Lifecycle: usable right after construction (connections open on first use); `flush()` waits for
 * everything sent so far; `close()` flushes and closes connections, after which `send()` rejects.
 *
 * With a `transactionalId`, records are sent only inside transactions (Java's API):
 *
 *   await producer.initTransactions();
 *   await producer.runInTransaction(async (txn) => {
 *     await txn.send({ topic: 'out', value: 'v' });
 *     await txn.sendOffsets([{ topic: 'in', partition: 0, offset: 42n }], consumer.groupMetadata());
 *   });
 */
import type { Logger } from '@samsa/common';
import { CompressionType, type RecordHeader, type RecordInput } from '@samsa/protocol';
import { type Acks, type CommonConfig, type CompressionName, clientLogger, resolveCommon } from '../config.js';
import { clientConfigNumber, clientConfigValue } from '../config-defs.js';
import { ClientError } from '../errors.js';
import { Cluster } from '../metadata/cluster.js';
import type { PartitionMetadata, TopicMetadata } from '../metadata/metadata.js';
import type { Metric } from '../metrics.js';
import { RecordAccumulator } from './accumulator.js';
import { IdempotenceState } from './idempotence.js';
import { BuiltInPartitioner, type CustomPartitioner } from './partitioner.js';
import { type BatchResult, estimateRecord, type ProducerBatch } from './producer-batch.js';
import { ProducerMetrics } from './producer-metrics.js';
import { Sender } from './sender.js';
import { defaultSerializer, type Serializer } from './serializers.js';
import { TransactionManager, type TransactionState } from './transactions/transaction-manager.js';
import { TransactionRequests, type TxnOffset } from './transactions/transaction-requests.js';

export type HeaderValue = string | Buffer | null;
export type Headers = Record<string, HeaderValue | HeaderValue[]> | Array<{ key: string; value: HeaderValue }>;

export interface ProducerRecord<K, V> {
  topic: string;
  key?: K;
  value: V;
  headers?: Headers;
  partition?: number;
  /** Milliseconds since the epoch; default: now. */
  timestamp?: number;
}

export interface RecordMetadata {
  topic: string;
  partition: number;
  /** -1n with acks=0 or when a retried batch was reported as a duplicate. */
  offset: bigint;
  timestamp: number;
}

export interface ProducerConfig<K = unknown, V = unknown> extends CommonConfig {
  acks?: Acks;
  batchSize?: number;
  lingerMs?: number;
  bufferMemory?: number;
  compressionType?: CompressionName;
  /** Alias of compressionType. */
  compression?: CompressionName;
  maxInFlightRequestsPerConnection?: number;
  retries?: number;
  deliveryTimeoutMs?: number;
  maxBlockMs?: number;
  maxRequestSize?: number;
  enableIdempotence?: boolean;
  transactionalId?: string;
  /** transaction.timeout.ms: the coordinator aborts a transaction open longer than this. */
  transactionTimeoutMs?: number;
  partitioner?: CustomPartitioner;
  partitionerIgnoreKeys?: boolean;
  keySerializer?: Serializer<K>;
  valueSerializer?: Serializer<V>;
}

/** What runInTransaction's callback may do inside the transaction. */
export interface Transaction<K, V> {
  send(record: ProducerRecord<K, V>): Promise<RecordMetadata>;
  sendBatch(records: ProducerRecord<K, V>[]): Promise<RecordMetadata[]>;
  sendOffsets(offsets: TxnOffset[], group: ConsumerGroupMetadata | string): Promise<void>;
}

/** A consumer's group membership, from `consumer.groupMetadata()`, for sendOffsetsToTransaction. */
export interface ConsumerGroupMetadata {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

const COMPRESSION: Record<CompressionName, CompressionType> = {
  none: CompressionType.None,
  gzip: CompressionType.Gzip,
  snappy: CompressionType.Snappy,
  lz4: CompressionType.Lz4,
  zstd: CompressionType.Zstd,
};

export class Producer<K = Buffer | string | null | undefined, V = Buffer | string | null | undefined> {
  readonly cluster: Cluster;
  private readonly accumulator: RecordAccumulator;
  private readonly sender: Sender;
  private readonly partitioner: BuiltInPartitioner;
  private readonly custom: CustomPartitioner | undefined;
  private readonly keySerializer: Serializer<K>;
  private readonly valueSerializer: Serializer<V>;
  private readonly maxBlockMs: number;
  private readonly maxRequestSize: number;
  private readonly logger: Logger;
  private readonly txn: TransactionManager | null = null;
  private readonly probe: ProducerMetrics;
  /** Transactional sends still waiting for metadata or buffer memory before their append. */
  private readonly appending = new Set<Promise<void>>();
  private closed = false;

  constructor(config: ProducerConfig<K, V>) {
    const common = resolveCommon(config, 'producer');
    this.logger = clientLogger(config.logger, common.clientId);
    const acksText = clientConfigValue('acks', config.acks === undefined ? undefined : String(config.acks));
    const acks = acksText === 'all' ? -1 : Number(acksText);
    const batchSize = clientConfigNumber('batch.size', config.batchSize);
    const lingerMs = clientConfigNumber('linger.ms', config.lingerMs);
    const bufferMemory = clientConfigNumber('buffer.memory', config.bufferMemory);
    const maxInFlight = clientConfigNumber(
      'max.in.flight.requests.per.connection',
      config.maxInFlightRequestsPerConnection,
    );
    const retries = clientConfigNumber('retries', config.retries);
    const deliveryTimeoutMs = clientConfigNumber('delivery.timeout.ms', config.deliveryTimeoutMs);
    this.maxBlockMs = clientConfigNumber('max.block.ms', config.maxBlockMs);
    this.maxRequestSize = clientConfigNumber('max.request.size', config.maxRequestSize);
    const compressionName = clientConfigValue('compression.type', config.compressionType ?? config.compression);
    const compression = COMPRESSION[compressionName as CompressionName];
    // As in the Java client: idempotence is on by default, and an explicit `true` conflicts with
    // settings that cannot keep it; a default `true` quietly yields to them.
    let idempotent = config.enableIdempotence ?? true;
    const transactionalId = config.transactionalId ?? null;
    if (transactionalId !== null && (transactionalId === '' || !idempotent)) {
      throw new ClientError('INVALID_CONFIG', 'a transactionalId needs enableIdempotence and must not be empty');
    }
    const transactionTimeoutMs = clientConfigNumber('transaction.timeout.ms', config.transactionTimeoutMs);
    const conflicts = acks !== -1 || maxInFlight > 5 || retries === 0;
    if (idempotent && conflicts) {
      if (config.enableIdempotence === true || transactionalId !== null) {
        throw new ClientError(
          'INVALID_CONFIG',
          'enableIdempotence requires acks=all, retries > 0 and maxInFlightRequestsPerConnection <= 5',
        );
      }
      idempotent = false;
    }
    this.cluster = new Cluster(common, this.logger, { maxInFlight, allowAutoTopicCreation: true });
    this.accumulator = new RecordAccumulator(batchSize, bufferMemory, this.maxBlockMs);
    this.probe = new ProducerMetrics(common.clientId, this.accumulator);
    const timeouts = {
      maxBlockMs: this.maxBlockMs,
      retryBackoffMs: common.retryBackoffMs,
      retryBackoffMaxMs: common.retryBackoffMaxMs,
    };
    const idempotence = new IdempotenceState(
      idempotent,
      this.cluster,
      this.logger.child({ subsystem: 'idempotence' }),
      timeouts,
      transactionalId !== null,
    );
    if (transactionalId !== null) {
      const requests = new TransactionRequests(
        this.cluster,
        transactionalId,
        transactionTimeoutMs,
        timeouts,
        this.logger.child({ subsystem: 'transactions' }),
      );
      this.txn = new TransactionManager(requests, idempotence, this.logger.child({ subsystem: 'transactions' }));
    }
    this.sender = new Sender(
      {
        acks,
        compression,
        lingerMs,
        maxInFlight,
        maxRequestSize: this.maxRequestSize,
        requestTimeoutMs: common.requestTimeoutMs,
        deliveryTimeoutMs,
        retries,
        retryBackoffMs: common.retryBackoffMs,
        retryBackoffMaxMs: common.retryBackoffMaxMs,
        transactionalId,
      },
      this.accumulator,
      this.cluster,
      idempotence,
      this.logger.child({ subsystem: 'sender' }),
      this.probe,
      this.txn,
    );
    if (this.txn) this.txn.sender = this.sender;
    this.partitioner = new BuiltInPartitioner(batchSize, config.partitionerIgnoreKeys ?? false);
    this.custom = config.partitioner;
    this.keySerializer = config.keySerializer ?? (defaultSerializer as Serializer<K>);
    this.valueSerializer = config.valueSerializer ?? (defaultSerializer as Serializer<V>);
  }

  /** Sends one record; resolves when its batch is acknowledged. */
  send(record: ProducerRecord<K, V>): Promise<RecordMetadata> {
    const batch = this.place(record);
    return batch instanceof Promise ? batch : resultOfLast(batch);
  }

  /**
   * Sends many records; one promise for all of them. Cheaper than a send() per record: it waits
   * once per batch the records joined instead of once per record.
   */
  async sendBatch(records: ProducerRecord<K, V>[]): Promise<RecordMetadata[]> {
    const placed: Array<ProducerBatch | Promise<RecordMetadata>> = new Array(records.length);
    const indexes: number[] = new Array(records.length);
    const waits: Promise<unknown>[] = [];
    let last: ProducerBatch | null = null;
    for (let i = 0; i < records.length; i++) {
      const p = this.place(records[i] as ProducerRecord<K, V>);
      placed[i] = p;
      if (p instanceof Promise) {
        waits.push(p);
        continue;
      }
      indexes[i] = p.count - 1;
      if (p !== last) {
        last = p;
        waits.push(p.promise);
      }
    }
    await Promise.all(waits);
    const out: RecordMetadata[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const p = placed[i] as ProducerBatch | Promise<RecordMetadata>;
      if (p instanceof Promise) {
        out[i] = await p;
        continue;
      }
      const index = indexes[i] as number;
      const timestamp = (p.records[index] as RecordInput).timestamp as number;
      const r = p.result;
      out[i] = r && !r.splitInto ? metadataOf(p, r, index, timestamp) : await resultOf(p, index, timestamp);
    }
    return out;
  }

  /** Appends a record to its batch now when it can (the fast path), else returns its send's promise. */
  private place(record: ProducerRecord<K, V>): ProducerBatch | Promise<RecordMetadata> {
    if (this.closed) return Promise.reject(new ClientError('CLIENT_CLOSED', 'the producer is closed'));
    const refused = this.txn?.sendError();
    if (refused) return Promise.reject(refused);
    let input: RecordInput;
    let bytes: number;
    try {
      input = this.toInput(record);
      bytes = estimateRecord(input);
      if (bytes > this.maxRequestSize) {
        throw new ClientError(
          'INVALID_RECORD',
          `the record is ${bytes} bytes, more than maxRequestSize (${this.maxRequestSize})`,
        );
      }
    } catch (err) {
      return Promise.reject(err);
    }
    const topic = this.cluster.metadata.topics.get(record.topic);
    // Fast path: metadata known and memory free, so the append happens in this tick.
    if (
      topic &&
      topic.partitions.length > 0 &&
      (record.partition === undefined || record.partition < topic.partitions.length) &&
      this.accumulator.hasRoom(bytes)
    ) {
      this.accumulator.reserveNow(bytes);
      return this.appendNow(record, topic, input, bytes);
    }
    if (topic && topic.partitions.length > 0 && !this.txn && (record.partition ?? 0) < topic.partitions.length) {
      return this.sendWhenRoom(record, topic, input, bytes);
    }
    return this.sendSlow(record, input, bytes);
  }

  /**
   * A send that waits only for bufferMemory (a producer far ahead of the broker): queued with a
   * callback and appended the moment memory frees, one promise per record as on the fast path.
   */
  private sendWhenRoom(
    record: ProducerRecord<K, V>,
    topic: TopicMetadata,
    input: RecordInput,
    bytes: number,
  ): Promise<RecordMetadata> {
    return new Promise<RecordMetadata>((resolve, reject) => {
      this.accumulator.whenRoom(
        bytes,
        () => {
          if (this.closed) {
            this.accumulator.release(bytes);
            reject(new ClientError('CLIENT_CLOSED', 'the producer is closed'));
            return;
          }
          const batch = this.appendNow(record, this.cluster.metadata.topics.get(record.topic) ?? topic, input, bytes);
          resolve(batch instanceof Promise ? batch : resultOfLast(batch));
        },
        reject,
      );
    });
  }

  private sendSlow(record: ProducerRecord<K, V>, input: RecordInput, bytes: number): Promise<RecordMetadata> {
    const appended = this.appendWhenReady(record, input, bytes);
    if (this.txn) {
      // Records sent before commit or abort was called belong to the transaction: those still
      // waiting for metadata or memory are appended before the transaction ends.
      const settled = appended.then(
        () => {},
        () => {},
      );
      this.appending.add(settled);
      void settled.finally(() => this.appending.delete(settled));
    }
    return appended.then((a) => a.delivered);
  }

  private async appendWhenReady(
    record: ProducerRecord<K, V>,
    input: RecordInput,
    bytes: number,
  ): Promise<{ delivered: Promise<RecordMetadata> }> {
    const deadline = Date.now() + this.maxBlockMs;
    // Usually only memory is short (a producer ahead of the broker): no metadata round to wait for.
    const known = this.cluster.metadata.topics.get(record.topic);
    let topic = known && known.partitions.length > 0 ? known : await this.cluster.topic(record.topic, this.maxBlockMs);
    // An explicit partition beyond what metadata knows: the topic may have grown (as in Java's
    // waitOnMetadata, wait for metadata that has it until maxBlockMs).
    for (let attempt = 0; record.partition !== undefined && record.partition >= topic.partitions.length; attempt++) {
      if (Date.now() >= deadline) {
        throw new ClientError(
          'METADATA_TIMEOUT',
          `partition ${record.partition} of topic ${record.topic} with partition count ${topic.partitions.length} is not present in metadata after ${this.maxBlockMs} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, Math.min(this.cluster.config.retryBackoffMs * 2 ** attempt, 1000)));
      topic = (await this.cluster.refresh([record.topic])).topics.get(record.topic) ?? topic;
    }
    await this.accumulator.reserve(bytes);
    if (Date.now() > deadline) {
      this.accumulator.release(bytes);
      throw new ClientError('BUFFER_EXHAUSTED', `send blocked longer than maxBlockMs (${this.maxBlockMs} ms)`);
    }
    if (this.closed) {
      this.accumulator.release(bytes);
      throw new ClientError('CLIENT_CLOSED', 'the producer is closed');
    }
    const refused = this.txn?.sendError();
    if (refused) {
      this.accumulator.release(bytes);
      throw refused;
    }
    return { delivered: this.append(record, this.cluster.metadata.topics.get(record.topic) ?? topic, input, bytes) };
  }

  private append(
    record: ProducerRecord<K, V>,
    topic: TopicMetadata,
    input: RecordInput,
    bytes: number,
  ): Promise<RecordMetadata> {
    const batch = this.appendNow(record, topic, input, bytes);
    return batch instanceof Promise ? batch : resultOfLast(batch);
  }

  private appendNow(
    record: ProducerRecord<K, V>,
    topic: TopicMetadata,
    input: RecordInput,
    bytes: number,
  ): ProducerBatch | Promise<RecordMetadata> {
    let partition: number;
    try {
      partition = this.choosePartition(record, topic.partitions, input);
    } catch (err) {
      this.accumulator.release(bytes);
      return Promise.reject(err);
    }
    this.txn?.addPartition(topic.name, partition);
    const batch = this.accumulator.append(topic.name, partition, input, bytes, Date.now());
    if (record.key == null || input.key == null)
      this.partitioner.onAppend(topic.name, partition, bytes, topic.partitions);
    if (batch.count === 1 || this.accumulator.isFull(batch)) this.sender.wake();
    return batch;
  }

  private choosePartition(
    record: ProducerRecord<K, V>,
    partitions: readonly PartitionMetadata[],
    input: RecordInput,
  ): number {
    let p = record.partition;
    if (p === undefined && this.custom) {
      p = this.custom({ topic: record.topic, key: input.key ?? null, value: input.value ?? null, partitions });
      if (p < 0) p = undefined;
    }
    if (p === undefined) return this.partitioner.partition(record.topic, input.key ?? null, partitions);
    if (!Number.isInteger(p) || p < 0 || p >= partitions.length) {
      throw new ClientError(
        'INVALID_RECORD',
        `partition ${p} is not in topic ${record.topic} (${partitions.length} partitions)`,
      );
    }
    return p;
  }

  private toInput(record: ProducerRecord<K, V>): RecordInput {
    if (typeof record.topic !== 'string' || record.topic.length === 0) {
      throw new ClientError('INVALID_RECORD', 'a record needs a topic');
    }
    const key = record.key === undefined ? null : this.keySerializer(record.key, record.topic);
    const value = this.valueSerializer(record.value, record.topic);
    const timestamp = record.timestamp ?? Date.now();
    return { key, value, timestamp, headers: record.headers ? toHeaders(record.headers) : undefined };
  }

  // ---- transactions (require transactionalId)

  /**
   * Registers the transactionalId with its coordinator (InitProducerId): fences any older producer
   * with the same id and aborts its open transaction. Call once, before the first transaction.
   */
  async initTransactions(): Promise<void> {
    return this.transactions('initTransactions').initTransactions();
  }

  beginTransaction(): void {
    this.transactions('beginTransaction').beginTransaction();
  }

  /**
   * Commits consumed offsets as part of the transaction: they become the group's committed offsets
   * only if the transaction commits. `offsets` are the next offsets to read (last processed + 1).
   * Pass `consumer.groupMetadata()` so a consumer that left the group cannot commit (zombie fencing);
   * a bare group id commits without that check.
   */
  async sendOffsetsToTransaction(offsets: TxnOffset[], group: ConsumerGroupMetadata | string): Promise<void> {
    const member =
      typeof group === 'string' ? { groupId: group, generationId: -1, memberId: '', groupInstanceId: null } : group;
    return this.transactions('sendOffsetsToTransaction').sendOffsets(offsets, member);
  }

  /** Sends everything buffered, then commits. Rejects with AbortableTransactionError if a record failed. */
  async commitTransaction(): Promise<void> {
    const txn = this.transactions('commitTransaction');
    await Promise.all([...this.appending]);
    return txn.commit();
  }

  /** Drops records not yet sent (they fail with TransactionAbortedError) and aborts the transaction. */
  async abortTransaction(): Promise<void> {
    const txn = this.transactions('abortTransaction');
    await Promise.all([...this.appending]);
    return txn.abort();
  }

  /**
   * Begins a transaction, runs `fn`, and commits; if `fn` throws or the commit fails with an
   * abortable error, aborts and rethrows. Fatal errors are rethrown without an abort.
   */
  async runInTransaction<T>(fn: (txn: Transaction<K, V>) => Promise<T>): Promise<T> {
    const txn = this.transactions('runInTransaction');
    txn.beginTransaction();
    let result: T;
    try {
      result = await fn({
        send: (r) => this.send(r),
        sendBatch: (rs) => this.sendBatch(rs),
        sendOffsets: (offsets, group) => this.sendOffsetsToTransaction(offsets, group),
      });
      await txn.commit();
    } catch (err) {
      if (txn.state !== 'FATAL_ERROR') {
        await txn
          .abort()
          .catch((abortErr) => this.logger.warn({ error: String(abortErr) }, 'aborting the transaction failed'));
      }
      throw err;
    }
    return result;
  }

  /** The transaction state machine's state, e.g. 'IN_TRANSACTION'; null without transactionalId. */
  get transactionState(): TransactionState | null {
    return this.txn?.state ?? null;
  }

  private transactions(op: string): TransactionManager {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the producer is closed');
    if (!this.txn) throw new ClientError('ILLEGAL_STATE', `${op}() needs a transactionalId in the producer config`);
    return this.txn;
  }

  /** Partitions of a topic as the producer sees them (fetching metadata if needed). */
  async partitionsFor(topic: string): Promise<PartitionMetadata[]> {
    return (await this.cluster.topic(topic, this.maxBlockMs)).partitions;
  }

  /**
   * A snapshot of the producer's metrics, by Kafka's names (group `producer-metrics`): what
   * `--print-metrics` of the perf tool prints. See ProducerMetrics for what is measured.
   */
  metrics(): Metric[] {
    return this.probe.snapshot();
  }

  /** Sends everything buffered now and waits until all records sent so far are acknowledged or failed. */
  flush(): Promise<void> {
    return this.sender.flush();
  }

  /**
   * Flushes (up to `timeoutMs`, default forever as in Java), then closes connections. Records
   * still unsent when the timeout passes fail with CLIENT_CLOSED.
   */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const timeoutMs = options.timeoutMs ?? Number.POSITIVE_INFINITY;
    if (timeoutMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const flushed = this.sender.flush();
      await (Number.isFinite(timeoutMs)
        ? Promise.race([flushed, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))])
        : flushed);
      if (timer) clearTimeout(timer);
    }
    this.sender.failAll(new ClientError('CLIENT_CLOSED', 'the producer was closed before the record was sent'));
    this.sender.stop();
    this.cluster.close();
  }
}

/** The result of the record just appended to `batch` (its last). */
function resultOfLast(batch: ProducerBatch): Promise<RecordMetadata> {
  const index = batch.count - 1;
  return resultOf(batch, index, (batch.records[index] as RecordInput).timestamp as number);
}

function resultOf(batch: ProducerBatch, index: number, timestamp: number): Promise<RecordMetadata> {
  return batch.promise.then((r: BatchResult): RecordMetadata | Promise<RecordMetadata> => {
    if (r.splitInto) {
      const { first, second } = r.splitInto;
      return index < first.count ? resultOf(first, index, timestamp) : resultOf(second, index - first.count, timestamp);
    }
    return metadataOf(batch, r, index, timestamp);
  });
}

function metadataOf(batch: ProducerBatch, r: BatchResult, index: number, timestamp: number): RecordMetadata {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: r.baseOffset < 0n ? -1n : r.baseOffset + BigInt(index),
    timestamp: r.logAppendTime >= 0 ? r.logAppendTime : timestamp,
  };
}

function headerValue(v: HeaderValue): Buffer | null {
  return v === null ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

export function toHeaders(h: Headers): RecordHeader[] {
  if (Array.isArray(h)) return h.map(({ key, value }) => ({ key, value: headerValue(value) }));
  const out: RecordHeader[] = [];
  for (const [key, v] of Object.entries(h)) {
    if (Array.isArray(v)) for (const x of v) out.push({ key, value: headerValue(x) });
    else out.push({ key, value: headerValue(v) });
  }
  return out;
}
