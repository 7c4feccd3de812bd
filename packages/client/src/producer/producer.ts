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
 */
import { CompressionType, type RecordHeader, type RecordInput } from '@samsa/protocol';
import { type Acks, type CommonConfig, type CompressionName, nonNegative, positive, resolveCommon } from '../config.js';
import { ClientError } from '../errors.js';
import { defaultLogger, type Logger } from '../logger.js';
import { Cluster } from '../metadata/cluster.js';
import type { PartitionMetadata, TopicMetadata } from '../metadata/metadata.js';
import { RecordAccumulator } from './accumulator.js';
import { IdempotenceState } from './idempotence.js';
import { BuiltInPartitioner, type CustomPartitioner } from './partitioner.js';
import { type BatchResult, type ProducerBatch, RECORD_OVERHEAD } from './producer-batch.js';
import { Sender } from './sender.js';
import { defaultSerializer, type Serializer } from './serializers.js';

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
  partitioner?: CustomPartitioner;
  partitionerIgnoreKeys?: boolean;
  keySerializer?: Serializer<K>;
  valueSerializer?: Serializer<V>;
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
  private closed = false;

  constructor(config: ProducerConfig<K, V>) {
    const common = resolveCommon(config, 'producer');
    this.logger = config.logger ?? defaultLogger;
    const acks = config.acks === undefined || config.acks === 'all' ? -1 : config.acks;
    if (![-1, 0, 1].includes(acks)) throw new ClientError('INVALID_CONFIG', `acks must be 'all', -1, 0 or 1`);
    const batchSize = nonNegative(config.batchSize, 16_384, 'batchSize');
    const lingerMs = nonNegative(config.lingerMs, 5, 'lingerMs');
    const bufferMemory = positive(config.bufferMemory, 33_554_432, 'bufferMemory');
    const maxInFlight = positive(config.maxInFlightRequestsPerConnection, 5, 'maxInFlightRequestsPerConnection');
    const retries = nonNegative(config.retries, 2_147_483_647, 'retries');
    const deliveryTimeoutMs = positive(config.deliveryTimeoutMs, 120_000, 'deliveryTimeoutMs');
    this.maxBlockMs = nonNegative(config.maxBlockMs, 60_000, 'maxBlockMs');
    this.maxRequestSize = positive(config.maxRequestSize, 1_048_576, 'maxRequestSize');
    const compressionName = config.compressionType ?? config.compression ?? 'none';
    const compression = COMPRESSION[compressionName];
    if (compression === undefined) throw new ClientError('INVALID_CONFIG', `unknown compression ${compressionName}`);
    // As in the Java client: idempotence is on by default, and an explicit `true` conflicts with
    // settings that cannot keep it; a default `true` quietly yields to them.
    let idempotent = config.enableIdempotence ?? true;
    const conflicts = acks !== -1 || maxInFlight > 5 || retries === 0;
    if (idempotent && conflicts) {
      if (config.enableIdempotence === true) {
        throw new ClientError(
          'INVALID_CONFIG',
          'enableIdempotence requires acks=all, retries > 0 and maxInFlightRequestsPerConnection <= 5',
        );
      }
      idempotent = false;
    }
    this.cluster = new Cluster(common, this.logger, { maxInFlight, allowAutoTopicCreation: true });
    this.accumulator = new RecordAccumulator(batchSize, bufferMemory, this.maxBlockMs);
    const idempotence = new IdempotenceState(idempotent, this.cluster, this.logger, {
      maxBlockMs: this.maxBlockMs,
      retryBackoffMs: common.retryBackoffMs,
      retryBackoffMaxMs: common.retryBackoffMaxMs,
    });
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
        transactionalId: config.transactionalId ?? null,
      },
      this.accumulator,
      this.cluster,
      idempotence,
      this.logger,
    );
    this.partitioner = new BuiltInPartitioner(batchSize, config.partitionerIgnoreKeys ?? false);
    this.custom = config.partitioner;
    this.keySerializer = config.keySerializer ?? (defaultSerializer as Serializer<K>);
    this.valueSerializer = config.valueSerializer ?? (defaultSerializer as Serializer<V>);
  }

  /** Sends one record; resolves when its batch is acknowledged. */
  send(record: ProducerRecord<K, V>): Promise<RecordMetadata> {
    if (this.closed) return Promise.reject(new ClientError('CLIENT_CLOSED', 'the producer is closed'));
    let input: RecordInput;
    let bytes: number;
    try {
      input = this.toInput(record);
      bytes = estimate(input);
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
      return this.append(record, topic, input, bytes);
    }
    return this.sendSlow(record, input, bytes);
  }

  /** Sends many records; one promise for all of them. */
  async sendBatch(records: ProducerRecord<K, V>[]): Promise<RecordMetadata[]> {
    return Promise.all(records.map((r) => this.send(r)));
  }

  private async sendSlow(record: ProducerRecord<K, V>, input: RecordInput, bytes: number): Promise<RecordMetadata> {
    const deadline = Date.now() + this.maxBlockMs;
    let topic = await this.cluster.topic(record.topic, this.maxBlockMs);
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
    return this.append(record, this.cluster.metadata.topics.get(record.topic) ?? topic, input, bytes);
  }

  private append(
    record: ProducerRecord<K, V>,
    topic: TopicMetadata,
    input: RecordInput,
    bytes: number,
  ): Promise<RecordMetadata> {
    let partition: number;
    try {
      partition = this.choosePartition(record, topic.partitions, input);
    } catch (err) {
      this.accumulator.release(bytes);
      return Promise.reject(err);
    }
    const { batch, index, newBatch } = this.accumulator.append(topic.name, partition, input, bytes, Date.now());
    if (record.key == null || input.key == null)
      this.partitioner.onAppend(topic.name, partition, bytes, topic.partitions);
    if (newBatch || batch.count === 1) this.sender.wake();
    return resultOf(batch, index, input.timestamp as number);
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

  /** Partitions of a topic as the producer sees them (fetching metadata if needed). */
  async partitionsFor(topic: string): Promise<PartitionMetadata[]> {
    return (await this.cluster.topic(topic, this.maxBlockMs)).partitions;
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

function resultOf(batch: ProducerBatch, index: number, timestamp: number): Promise<RecordMetadata> {
  return batch.promise.then((r: BatchResult) => ({
    topic: batch.topic,
    partition: batch.partition,
    offset: r.baseOffset < 0n ? -1n : r.baseOffset + BigInt(index),
    timestamp: r.logAppendTime >= 0 ? r.logAppendTime : timestamp,
  }));
}

function estimate(r: RecordInput): number {
  let n = RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  if (r.headers) for (const h of r.headers) n += h.key.length * 3 + (h.value?.length ?? 0) + 10;
  return n;
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
