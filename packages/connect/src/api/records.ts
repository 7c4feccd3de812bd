/**
 * Kafka Connect's records: ConnectRecord (topic, partition, key and value with their schemas,
 * timestamp, headers), SourceRecord (what a SourceTask returns, with its source partition and
 * offset) and SinkRecord (what a SinkTask receives, with its Kafka offset). Records are immutable
 * by convention; transforms make new ones with newRecord().
 */
import type { Schema } from './data/schema.js';

/** One header: a key and a value with its (optional) schema, as Kafka's Header. */
export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

/** A source partition or offset: a map of primitives, JSON-serializable. */
export type OffsetMap = Record<string, unknown>;

export interface RecordFields {
  topic: string;
  kafkaPartition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value: unknown;
  timestamp?: number | null;
  headers?: readonly Header[];
}

export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  readonly headers: readonly Header[];

  constructor(f: RecordFields) {
    this.topic = f.topic;
    this.kafkaPartition = f.kafkaPartition ?? null;
    this.keySchema = f.keySchema ?? null;
    this.key = f.key ?? null;
    this.valueSchema = f.valueSchema ?? null;
    this.value = f.value ?? null;
    this.timestamp = f.timestamp ?? null;
    this.headers = f.headers ?? [];
  }

  /** A copy with some fields replaced; everything a record type adds (offsets) is kept. */
  abstract newRecord(changes: Partial<RecordFields>): R;

  protected fields(changes: Partial<RecordFields>): RecordFields {
    return {
      topic: this.topic,
      kafkaPartition: this.kafkaPartition,
      keySchema: this.keySchema,
      key: this.key,
      valueSchema: this.valueSchema,
      value: this.value,
      timestamp: this.timestamp,
      headers: this.headers,
      ...changes,
    };
  }
}

export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: OffsetMap | null;
  readonly sourceOffset: OffsetMap | null;

  constructor(f: RecordFields & { sourcePartition?: OffsetMap | null; sourceOffset?: OffsetMap | null }) {
    super(f);
    this.sourcePartition = f.sourcePartition ?? null;
    this.sourceOffset = f.sourceOffset ?? null;
  }

  newRecord(changes: Partial<RecordFields>): SourceRecord {
    return new SourceRecord({
      ...this.fields(changes),
      sourcePartition: this.sourcePartition,
      sourceOffset: this.sourceOffset,
    });
  }
}

export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';

export class SinkRecord extends ConnectRecord<SinkRecord> {
  readonly kafkaOffset: bigint;
  readonly timestampType: TimestampType;
  /** Where the record was read, before any transform changed topic or partition (KIP-793). */
  readonly originalTopic: string;
  readonly originalKafkaPartition: number | null;

  constructor(
    f: RecordFields & {
      kafkaOffset: bigint;
      timestampType?: TimestampType;
      originalTopic?: string;
      originalKafkaPartition?: number | null;
    },
  ) {
    super(f);
    this.kafkaOffset = f.kafkaOffset;
    this.timestampType = f.timestampType ?? 'CreateTime';
    this.originalTopic = f.originalTopic ?? f.topic;
    this.originalKafkaPartition = f.originalKafkaPartition ?? this.kafkaPartition;
  }

  newRecord(changes: Partial<RecordFields>): SinkRecord {
    return new SinkRecord({
      ...this.fields(changes),
      kafkaOffset: this.kafkaOffset,
      timestampType: this.timestampType,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
    });
  }
}
