/** Where a task's output goes (Kafka's RecordCollector): sinks and changelogs write serialized records here. */
import type { RecordHeader } from '@samsa/protocol';

export interface OutputRecord {
  topic: string;
  /** Absent: the collector partitions by key (murmur2, as Kafka's default partitioner). */
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
  headers: RecordHeader[];
}

export interface RecordCollector {
  send(record: OutputRecord): void;
}

/** An input record as the consumer hands it to a task, still in bytes. */
export interface InputRecord {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}
