/**
 * The Processor API's shapes (Kafka's org.apache.kafka.streams.processor.api): a record, a
 * processor, the context it receives, and punctuation types.
 */
import type { RecordHeader } from '@samsa/protocol';
import type { StateStore } from '../state/state-store.js';
import type { TaskMetrics } from './task-metrics.js';

/** A record flowing through a topology (Kafka's api.Record). */
export interface StreamRecord<K, V> {
  key: K;
  value: V;
  /** Milliseconds since the epoch. */
  timestamp: number;
  headers: RecordHeader[];
}

/** Where the record being processed came from; null for records a punctuator forwards. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: bigint;
}

export type PunctuationType = 'STREAM_TIME' | 'WALL_CLOCK_TIME';
export const PunctuationType = { STREAM_TIME: 'STREAM_TIME', WALL_CLOCK_TIME: 'WALL_CLOCK_TIME' } as const;

export interface Cancellable {
  cancel(): void;
}

export interface TaskId {
  subtopology: number;
  partition: number;
}

export interface ProcessorContext<KOut = unknown, VOut = unknown> {
  readonly applicationId: string;
  readonly taskId: TaskId;
  /** Sends a record to every child, or to the named child only. */
  forward<K extends KOut, V extends VOut>(record: StreamRecord<K, V>, childName?: string): void;
  recordMetadata(): RecordMetadata | null;
  /** The largest timestamp seen by this task (-1 before any record). */
  currentStreamTimeMs(): number;
  currentSystemTimeMs(): number;
  /** Calls `punctuator` every `intervalMs` of stream time or wall-clock time. */
  schedule(intervalMs: number, type: PunctuationType, punctuator: (timestamp: number) => void): Cancellable;
  getStateStore<S extends StateStore>(name: string): S;
  /** Asks for a commit as soon as possible (after the current record). */
  commit(): void;
  /** The task's metrics (dropped records). */
  metrics(): TaskMetrics;
}

export interface Processor<KIn, VIn, KOut = never, VOut = never> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: StreamRecord<KIn, VIn>): void;
  close?(): void;
}

/** A new processor instance per task, as Kafka's ProcessorSupplier. */
export type ProcessorSupplier<KIn, VIn, KOut = never, VOut = never> = () => Processor<KIn, VIn, KOut, VOut>;
