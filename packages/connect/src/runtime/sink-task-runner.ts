/**
 * Runs one SinkTask (Kafka's WorkerSinkTask): a consumer in the group `connect-<connector>` reads
 * the connector's topics; each record goes through the converters and transforms into put().
 * Offsets are committed (at-least-once) every offset.flush.interval.ms, when the task asks, on
 * revocation and at stop: the offsets after the last record handed to put() (or skipped), filtered
 * by the task's preCommit(). Pausing pauses the consumer's partitions but keeps polling, so the
 * worker stays in the group.
 */
import type { Consumer, ConsumerRecord } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { RetriableError } from '../api/errors.js';
import { type Header, SinkRecord } from '../api/records.js';
import type { SinkTask, TopicPartition, TopicPartitionOffset } from '../api/tasks.js';
import type { ConverterSet } from './converter-set.js';
import { type RetryWithToleranceOperator, SKIPPED, type Stage } from './error-handling.js';
import { type TaskId, TaskRunner } from './task-runner.js';
import type { TransformationChain } from './transformation-chain.js';

export interface SinkTaskRunnerOptions {
  id: TaskId;
  task: SinkTask;
  taskConfig: Readonly<Record<string, string>>;
  converters: ConverterSet;
  transforms: TransformationChain;
  errors: RetryWithToleranceOperator;
  consumer: Consumer;
  topics: string[] | RegExp;
  offsetFlushIntervalMs: number;
  /** errors.deadletterqueue.topic.name or errors.log.enable is set: tasks get a reporter. */
  errantReporting: boolean;
  logger: Logger;
}

const tpKey = (tp: TopicPartition): string => `${tp.topic}\0${tp.partition}`;

export class SinkTaskRunner extends TaskRunner {
  /** Next offset to commit per partition: after the last record put (or skipped). */
  private readonly current = new Map<string, TopicPartitionOffset>();
  private assigned: TopicPartition[] = [];
  private lastCommit = Date.now();
  private commitRequested = false;
  private retryAfterMs = 0;
  /** The record each SinkRecord of the batch being put came from, for the errant record reporter. */
  private readonly origin = new Map<SinkRecord, ConsumerRecord>();

  /**
   * Kafka's ErrantRecordReporter: a record the task could not write goes through the error
   * handler as stage TASK_PUT — logged, sent to the DLQ as it was read, or, with
   * errors.tolerance=none, failing the task (the returned promise rejects).
   */
  private readonly errantReporter = async (record: SinkRecord, error: Error): Promise<void> => {
    const consumed = this.origin.get(record);
    const fail = (): never => {
      throw error;
    };
    await this.o.errors.handle(error, fail, {
      stage: 'TASK_PUT',
      className: this.o.task.constructor.name,
      ...(consumed ? { consumed } : {}),
    });
  };

  constructor(private readonly o: SinkTaskRunnerOptions) {
    super(o.id, o.logger);
  }

  protected async initialize(): Promise<void> {
    const consumer = this.o.consumer;
    this.o.task.initialize({
      configs: () => this.o.taskConfig,
      offset: (offsets) => {
        for (const o of offsets) {
          consumer.seek(o, o.offset);
          this.current.set(tpKey(o), { ...o });
        }
      },
      timeout: (ms) => {
        this.retryAfterMs = ms;
      },
      assignment: () => this.assigned,
      pause: (tps) => consumer.pause([...tps]),
      resume: (tps) => consumer.resume([...tps]),
      requestCommit: () => {
        this.commitRequested = true;
      },
      errantRecordReporter: () => (this.o.errantReporting ? this.errantReporter : null),
    });
    await this.o.task.start(this.o.taskConfig);
    await consumer.subscribe(this.o.topics, {
      onPartitionsAssigned: async (tps) => {
        this.assigned = [...this.assigned, ...tps];
        if (this.paused) consumer.pause(tps);
        await this.o.task.open(tps);
      },
      onPartitionsRevoked: async (tps) => {
        await this.commit();
        await this.o.task.close(tps);
        const gone = new Set(tps.map(tpKey));
        this.assigned = this.assigned.filter((tp) => !gone.has(tpKey(tp)));
        for (const k of gone) this.current.delete(k);
      },
      onPartitionsLost: async (tps) => {
        await this.o.task.close(tps);
        const gone = new Set(tps.map(tpKey));
        this.assigned = this.assigned.filter((tp) => !gone.has(tpKey(tp)));
        for (const k of gone) this.current.delete(k);
      },
    });
  }

  override pause(): void {
    super.pause();
    this.o.consumer.pause(this.assigned);
  }

  override resume(): void {
    super.resume();
    this.o.consumer.resume(this.assigned);
  }

  protected async run(): Promise<void> {
    while (!this.stopping) {
      const consumed = await this.o.consumer.poll({ timeoutMs: 500 });
      if (consumed.length > 0) await this.deliver(consumed);
      if (this.commitRequested || Date.now() - this.lastCommit >= this.o.offsetFlushIntervalMs) await this.commit();
    }
  }

  private async deliver(consumed: readonly ConsumerRecord[]): Promise<void> {
    this.origin.clear();
    const batch: SinkRecord[] = [];
    for (const c of consumed) {
      const r = await this.toSinkRecord(c);
      if (r !== null) {
        batch.push(r);
        if (this.o.errantReporting) this.origin.set(r, c);
      }
    }
    for (;;) {
      try {
        await this.o.task.put(batch);
        break;
      } catch (err) {
        // A RetriableError from put() means "try the same batch again" (after context.timeout()).
        if (!(err instanceof RetriableError) || this.stopping) throw err;
        await new Promise((r) => setTimeout(r, this.retryAfterMs || 100));
      }
    }
    for (const c of consumed) {
      this.activeTopics.add(c.topic);
      this.current.set(tpKey(c), { topic: c.topic, partition: c.partition, offset: c.offset + 1n });
    }
  }

  /** The SinkRecord for `c`, or null when dropped by a transform or skipped by the error handler. */
  private async toSinkRecord(c: ConsumerRecord): Promise<SinkRecord | null> {
    const step = async <T>(stage: Stage, className: string, fn: () => T): Promise<T | typeof SKIPPED> => {
      try {
        return fn();
      } catch (err) {
        return this.o.errors.handle(err, fn, { stage, className, consumed: c });
      }
    };
    const { key, value, header } = this.o.converters;
    const k = await step('KEY_CONVERTER', this.o.converters.classNames.key, () => key.toConnectData(c.topic, c.key));
    if (k === SKIPPED) return null;
    const v = await step('VALUE_CONVERTER', this.o.converters.classNames.value, () =>
      value.toConnectData(c.topic, c.value),
    );
    if (v === SKIPPED) return null;
    const h = await step('HEADER_CONVERTER', this.o.converters.classNames.header, () =>
      c.headers.map((x): Header => ({ key: x.key, ...header.toConnectHeader(c.topic, x.key, x.value) })),
    );
    if (h === SKIPPED) return null;
    const record = new SinkRecord({
      topic: c.topic,
      kafkaPartition: c.partition,
      keySchema: k.schema,
      key: k.value,
      valueSchema: v.schema,
      value: v.value,
      timestamp: c.timestamp,
      headers: h,
      kafkaOffset: c.offset,
    });
    const t = await step('TRANSFORMATION', 'TransformationChain', () => this.o.transforms.apply(record));
    return t === SKIPPED ? null : t;
  }

  /** preCommit, then commit what it returns (Kafka's WorkerSinkTask.commitOffsets). */
  private async commit(): Promise<void> {
    this.lastCommit = Date.now();
    this.commitRequested = false;
    if (this.current.size === 0) return;
    const offsets = await this.o.task.preCommit([...this.current.values()]);
    if (offsets.length > 0) await this.o.consumer.commit(offsets.map((o) => ({ ...o })));
  }

  protected async cleanup(): Promise<void> {
    try {
      if (this.state !== 'FAILED') await this.commit();
      await this.o.task.close(this.assigned);
    } finally {
      await this.o.task.stop();
      this.o.transforms.close();
      await this.o.consumer.close();
    }
  }
}
