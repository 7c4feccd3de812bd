/**
 * A task's metrics, by Kafka Streams' names: `dropped-records-total` in group
 * `stream-task-metrics` (tags `thread-id`, `task-id`) counts records a processor skipped — a null
 * key, or a record for windows already closed (later than their end plus the grace period). Owned
 * by its task; processors record through `ProcessorContext.metrics()`.
 */
export interface StreamsMetric {
  name: string;
  group: string;
  tags: Record<string, string>;
  value: number;
}

export class TaskMetrics {
  private dropped = 0;

  constructor(
    readonly threadId: string,
    readonly taskId: string,
  ) {}

  /** Kafka's droppedRecordsSensor().record(). */
  recordDroppedRecord(): void {
    this.dropped++;
  }

  get droppedRecordsTotal(): number {
    return this.dropped;
  }

  metrics(): StreamsMetric[] {
    const tags = { 'thread-id': this.threadId, 'task-id': this.taskId };
    return [{ name: 'dropped-records-total', group: 'stream-task-metrics', tags, value: this.dropped }];
  }
}
