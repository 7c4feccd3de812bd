/**
 * The worker (Kafka's Worker): owns the clients, the plug-ins and the offset store, and builds a
 * runner for each task — the task instance, its converters, transforms, error handling and, for a
 * sink, its own consumer in the group `connect-<connector>`. The herder decides what runs; the
 * worker knows how. Owner: the process (connect-standalone) or an embedding program; close() once.
 */
import { Admin, Consumer, Producer } from '@samsa/client';
import type { Logger } from '@samsa/common';
import type { SinkConnector, SourceConnector } from '../api/connector.js';
import type { SinkTask, SourceTask } from '../api/tasks.js';
import { convertersFor, withPrefix } from './converter-set.js';
import { DeadLetterQueueReporter } from './dead-letter-queue.js';
import { type ErrorReporter, errorSettings, RetryWithToleranceOperator } from './error-handling.js';
import type { HerderWorker, OffsetStore } from './herder-api.js';
import type { Plugins } from './plugins.js';
import { SinkTaskRunner } from './sink-task-runner.js';
import { SourceTaskRunner } from './source-task-runner.js';
import type { TaskRunner } from './task-runner.js';
import { TransformationChain } from './transformation-chain.js';
import type { WorkerSettings } from './worker-config.js';

export interface WorkerOptions {
  settings: WorkerSettings;
  plugins: Plugins;
  logger: Logger;
  /** host:port as the status API reports it. */
  workerId: string;
  /** Where source offsets live: the file store (standalone) or the offset topic (distributed). */
  offsets: OffsetStore & { load?(): Promise<void> };
}

export class Worker implements HerderWorker {
  readonly settings: WorkerSettings;
  readonly plugins: Plugins;
  readonly logger: Logger;
  /** host:port of the REST listener (set once it is bound). */
  workerId: string;
  readonly admin: Admin;
  readonly offsets: OffsetStore & { load?(): Promise<void> };
  private readonly producer: Producer;

  constructor(o: WorkerOptions) {
    this.settings = o.settings;
    this.plugins = o.plugins;
    this.logger = o.logger;
    this.workerId = o.workerId;
    const common = { bootstrapServers: o.settings.bootstrapServers, logger: o.logger.child({ subsystem: 'clients' }) };
    this.admin = new Admin({ ...common, clientId: 'connect-admin' });
    this.producer = new Producer({ ...common, clientId: 'connect-producer', acks: -1, lingerMs: 5 });
    this.offsets = o.offsets;
  }

  async start(): Promise<void> {
    await this.offsets.load?.();
  }

  async clusterId(): Promise<string | null> {
    return (await this.admin.describeCluster()).clusterId ?? null;
  }

  /** A task runner, not yet started. `connectorConfig` is the connector's whole configuration. */
  async taskRunner(o: {
    connector: SourceConnector | SinkConnector;
    connectorName: string;
    connectorConfig: Readonly<Record<string, string>>;
    taskId: number;
    taskConfig: Readonly<Record<string, string>>;
  }): Promise<TaskRunner> {
    const id = { connector: o.connectorName, task: o.taskId };
    const logger = this.logger.child({ connector: o.connectorName, task: o.taskId });
    const converters = convertersFor(o.connectorConfig, this.settings, this.plugins);
    const transforms = TransformationChain.fromConfig(o.connectorConfig, this.plugins);
    const settings = errorSettings(o.connectorConfig);
    const reporters: ErrorReporter[] = [];
    const dlqTopic = (o.connectorConfig['errors.deadletterqueue.topic.name'] ?? '').trim();
    if (o.connector.type === 'sink' && dlqTopic) {
      await DeadLetterQueueReporter.ensureTopic(
        this.admin,
        dlqTopic,
        Number(o.connectorConfig['errors.deadletterqueue.topic.replication.factor'] ?? 3),
      );
      reporters.push(
        new DeadLetterQueueReporter({
          producer: this.producer,
          topic: dlqTopic,
          contextHeaders: o.connectorConfig['errors.deadletterqueue.context.headers.enable'] === 'true',
          connector: o.connectorName,
          taskId: o.taskId,
        }),
      );
    }
    const errors = new RetryWithToleranceOperator(settings, reporters, logger, `${o.connectorName}-${o.taskId}`);
    const TaskClass = o.connector.taskClass();
    if (o.connector.type === 'source') {
      return new SourceTaskRunner({
        id,
        task: new TaskClass() as SourceTask,
        taskConfig: o.taskConfig,
        converters,
        transforms,
        errors,
        producer: this.producer,
        offsets: this.offsets,
        offsetFlushIntervalMs: this.settings.offsetFlushIntervalMs,
        logger,
      });
    }
    const consumerProps = withPrefix(this.settings.originals, 'consumer.');
    const consumer = new Consumer({
      bootstrapServers: this.settings.bootstrapServers,
      logger: logger.child({ subsystem: 'consumer' }),
      clientId: `connector-consumer-${o.connectorName}-${o.taskId}`,
      groupId: `connect-${o.connectorName}`,
      enableAutoCommit: false,
      autoOffsetReset: consumerProps['auto.offset.reset'] === 'latest' ? 'latest' : 'earliest',
    });
    const topics = (o.connectorConfig.topics ?? '').trim();
    return new SinkTaskRunner({
      id,
      task: new TaskClass() as SinkTask,
      taskConfig: { ...o.taskConfig, ...(topics ? { topics } : {}) },
      converters,
      transforms,
      errors,
      consumer,
      topics: topics
        ? topics
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : new RegExp(`^(?:${o.connectorConfig['topics.regex']})$`),
      offsetFlushIntervalMs: this.settings.offsetFlushIntervalMs,
      errantReporting: dlqTopic !== '' || settings.logEnable,
      logger,
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.close(), this.admin.close()]);
  }
}
