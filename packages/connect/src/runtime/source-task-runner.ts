/**
 * Runs one SourceTask (Kafka's WorkerSourceTask): poll → transforms → converters → producer. A
 * batch's offsets are recorded only once every record of it is acknowledged (at-least-once), then
 * flushed to the offset store every offset.flush.interval.ms and at stop, after which the task's
 * commit() is called. Transform and converter failures go through the error handler.
 */
import type { Producer } from '@samsa/client';
import type { Logger } from '@samsa/common';
import type { Header, OffsetMap, SourceRecord } from '../api/records.js';
import type { OffsetStorageReader, SourceRecordMetadata, SourceTask } from '../api/tasks.js';
import type { ConverterSet } from './converter-set.js';
import { type RetryWithToleranceOperator, SKIPPED, type Stage } from './error-handling.js';
import type { OffsetStore } from './herder-api.js';
import { offsetKey } from './offset-store.js';
import { type TaskId, TaskRunner } from './task-runner.js';
import type { TransformationChain } from './transformation-chain.js';

export interface SourceTaskRunnerOptions {
  id: TaskId;
  task: SourceTask;
  taskConfig: Readonly<Record<string, string>>;
  converters: ConverterSet;
  transforms: TransformationChain;
  errors: RetryWithToleranceOperator;
  producer: Producer;
  offsets: OffsetStore;
  offsetFlushIntervalMs: number;
  logger: Logger;
}

export class SourceTaskRunner extends TaskRunner {
  private readonly unflushed = new Map<string, { partition: OffsetMap; offset: OffsetMap }>();
  private lastFlush = Date.now();

  constructor(private readonly o: SourceTaskRunnerOptions) {
    super(o.id, o.logger);
  }

  protected async initialize(): Promise<void> {
    const store = this.o.offsets;
    const connector = this.id.connector;
    const reader: OffsetStorageReader = {
      offset: async (partition) => store.get(connector, partition),
      offsets: async (partitions) => new Map(partitions.map((p) => [p, store.get(connector, p)])),
    };
    this.o.task.initialize({ configs: () => this.o.taskConfig, offsetStorageReader: () => reader });
    await this.o.task.start(this.o.taskConfig);
  }

  protected async run(): Promise<void> {
    while (!this.stopping) {
      await this.waitWhilePaused();
      if (this.stopping) break;
      const records = await this.o.task.poll();
      if (records && records.length > 0) await this.send(records);
      if (Date.now() - this.lastFlush >= this.o.offsetFlushIntervalMs) await this.flushOffsets();
    }
  }

  private async send(records: readonly SourceRecord[]): Promise<void> {
    const sends: Array<Promise<SourceRecordMetadata> | null> = [];
    for (const record of records) {
      const out = await this.prepare(record);
      sends.push(
        out === null
          ? null
          : this.o.producer
              .send(out)
              .then((m) => ({ topic: m.topic, partition: m.partition, offset: BigInt(m.offset) })),
      );
    }
    const acked = await Promise.all(sends);
    for (const [i, record] of records.entries()) {
      await this.o.task.commitRecord(record, acked[i] ?? null);
      if (record.sourcePartition && record.sourceOffset) {
        const key = offsetKey(this.id.connector, record.sourcePartition);
        this.unflushed.set(key, { partition: record.sourcePartition, offset: record.sourceOffset });
      }
    }
  }

  /** The producer record for `record`, or null when a transform dropped it or an error was tolerated. */
  private async prepare(record: SourceRecord) {
    const step = async <T>(stage: Stage, className: string, fn: () => T): Promise<T | typeof SKIPPED> => {
      try {
        return fn();
      } catch (err) {
        return this.o.errors.handle(err, fn, { stage, className, source: record });
      }
    };
    const transformed = await step('TRANSFORMATION', 'TransformationChain', () => this.o.transforms.apply(record));
    if (transformed === SKIPPED || transformed === null) return null;
    const { key, value } = this.o.converters;
    const r = transformed;
    const k = await step('KEY_CONVERTER', this.o.converters.classNames.key, () =>
      key.fromConnectData(r.topic, r.keySchema, r.key),
    );
    if (k === SKIPPED) return null;
    const v = await step('VALUE_CONVERTER', this.o.converters.classNames.value, () =>
      value.fromConnectData(r.topic, r.valueSchema, r.value),
    );
    if (v === SKIPPED) return null;
    const h = await step('HEADER_CONVERTER', this.o.converters.classNames.header, () =>
      convertHeaders(r.topic, r.headers, this.o.converters),
    );
    if (h === SKIPPED) return null;
    this.activeTopics.add(r.topic);
    return {
      topic: r.topic,
      key: k,
      value: v,
      headers: h,
      ...(r.kafkaPartition !== null ? { partition: r.kafkaPartition } : {}),
      ...(r.timestamp !== null ? { timestamp: r.timestamp } : {}),
    };
  }

  /** Writes the acknowledged offsets to the store, then tells the task (Kafka's commitOffsets). */
  async flushOffsets(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.unflushed.size === 0) return;
    const entries = [...this.unflushed.values()];
    this.unflushed.clear();
    await this.o.offsets.set(this.id.connector, entries);
    await this.o.task.commit();
  }

  protected async cleanup(): Promise<void> {
    try {
      await this.flushOffsets();
    } finally {
      await this.o.task.stop();
      this.o.transforms.close();
    }
  }
}

function convertHeaders(
  topic: string,
  headers: readonly Header[],
  c: ConverterSet,
): Array<{ key: string; value: Buffer | null }> {
  return headers.map((h) => ({ key: h.key, value: c.header.fromConnectHeader(topic, h.key, h.schema, h.value) }));
}
