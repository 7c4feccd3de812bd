/**
 * What a connector's tasks implement (Kafka's SourceTask and SinkTask) and what the worker offers
 * them (SourceTaskContext with its OffsetStorageReader, SinkTaskContext). The worker calls a task
 * from one loop: never two of its methods at once.
 *
 * Source: initialize → start → poll (repeatedly; [] or null when there is nothing) with
 * commitRecord after each record is acknowledged and commit after offsets are flushed → stop.
 * Sink: initialize → start → open(partitions) → put(records) (repeatedly) with preCommit/flush
 * before each offset commit → close(partitions) on rebalance or stop → stop.
 */
import type { OffsetMap, SinkRecord, SourceRecord } from './records.js';

/** Kafka's OffsetStorageReader: the last committed offset of each source partition. */
export interface OffsetStorageReader {
  offset(partition: OffsetMap): Promise<OffsetMap | null>;
  offsets(partitions: readonly OffsetMap[]): Promise<Map<OffsetMap, OffsetMap | null>>;
}

export interface SourceTaskContext {
  configs(): Readonly<Record<string, string>>;
  offsetStorageReader(): OffsetStorageReader;
}

/** Where a produced record landed, for commitRecord (Kafka's RecordMetadata, the parts tasks use). */
export interface SourceRecordMetadata {
  topic: string;
  partition: number;
  offset: bigint;
}

export abstract class SourceTask {
  protected context: SourceTaskContext | null = null;

  initialize(context: SourceTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;
  /** The next records, or null/[] when there are none for now (the worker calls again). */
  abstract poll(): Promise<SourceRecord[] | null>;
  abstract stop(): void | Promise<void>;

  /** Offsets up to the last polled records were stored. */
  commit(): void | Promise<void> {}

  /**
   * `record` was written to Kafka (metadata set) or dropped by a transform or tolerated error
   * (metadata null).
   */
  commitRecord(_record: SourceRecord, _metadata: SourceRecordMetadata | null): void | Promise<void> {}
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  offset: bigint;
}

/** Kafka's ErrantRecordReporter: hand a record that failed in put() to the dead letter queue. */
export type ErrantRecordReporter = (record: SinkRecord, error: Error) => Promise<void>;

export interface SinkTaskContext {
  configs(): Readonly<Record<string, string>>;
  /** Rewind (or skip) partitions: the worker seeks before the next put. */
  offset(offsets: readonly TopicPartitionOffset[]): void;
  /** Retry the last put after `ms` (after a RetriableError). */
  timeout(ms: number): void;
  assignment(): readonly TopicPartition[];
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  requestCommit(): void;
  /** null when the connector has no error reporting configured. */
  errantRecordReporter(): ErrantRecordReporter | null;
}

export abstract class SinkTask {
  protected context: SinkTaskContext | null = null;

  initialize(context: SinkTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;
  abstract put(records: readonly SinkRecord[]): void | Promise<void>;
  abstract stop(): void | Promise<void>;

  /** Write out anything buffered up to `offsets` (the next offset to read, per partition). */
  flush(_offsets: readonly TopicPartitionOffset[]): void | Promise<void> {}

  /** The offsets safe to commit; by default flush() then all of `offsets`. */
  async preCommit(offsets: readonly TopicPartitionOffset[]): Promise<readonly TopicPartitionOffset[]> {
    await this.flush(offsets);
    return offsets;
  }

  /** Partitions assigned to this task (after a rebalance, or at start). */
  open(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  /** Partitions taken away: write out their buffered records now. */
  close(_partitions: readonly TopicPartition[]): void | Promise<void> {}
}
