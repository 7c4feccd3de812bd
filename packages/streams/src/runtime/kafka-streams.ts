/**
 * KafkaStreams: runs a Topology against a cluster. The instance joins the consumer group named by
 * application.id over every source topic (user and repartition topics), turns assigned partitions
 * into tasks (restoring their stores from changelogs), processes records one at a time on the
 * event loop, writes sink and changelog records through one producer, and commits at least every
 * commit.interval.ms: first every pending send is acknowledged, then the offsets after the records
 * processed are committed — at-least-once. Partitions revoked by a rebalance are committed before
 * they go. More instances with the same application.id share the tasks.
 *
 * Owner of its tasks: only the processing loop and the rebalance callbacks (which run while the
 * loop awaits a poll) touch them, never both at once.
 */
import { Admin, Consumer, Producer, type TopicPartition } from '@samsa/client';
import { type Logger, silentLogger } from '@samsa/common';
import { EXACTLY_ONCE_V2, StreamsConfig, type StreamsOptions } from '../config/streams-config.js';
import { StreamsError } from '../errors.js';
import type { OutputRecord } from '../processor/record-collector.js';
import type { StreamTask } from '../processor/stream-task.js';
import type { StreamsMetric } from '../processor/task-metrics.js';
import type { Topology } from '../processor/topology.js';
import type { StateStore } from '../state/state-store.js';
import { createInternalTopics, layoutTopics } from './internal-topics.js';
import { TaskManager } from './task-manager.js';

export type KafkaStreamsState =
  | 'CREATED'
  | 'REBALANCING'
  | 'RUNNING'
  | 'PENDING_SHUTDOWN'
  | 'NOT_RUNNING'
  | 'PENDING_ERROR'
  | 'ERROR';

export interface KafkaStreamsOptions extends StreamsOptions {
  logger?: Logger;
}

export class KafkaStreams {
  private readonly config: StreamsConfig;
  private readonly logger: Logger;
  private current: KafkaStreamsState = 'CREATED';
  private listener: ((next: KafkaStreamsState, previous: KafkaStreamsState) => void) | null = null;
  private uncaughtHandler: ((err: Error) => void) | null = null;
  private admin: Admin | null = null;
  private producer: Producer | null = null;
  private consumer: Consumer | null = null;
  private restoreConsumer: Consumer | null = null;
  private tasks: TaskManager | null = null;
  private readonly pending = new Set<Promise<unknown>>();
  private sendError: Error | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private lastCommit = Date.now();

  constructor(
    private readonly topology: Topology,
    options: KafkaStreamsOptions,
  ) {
    const { logger, ...streams } = options;
    this.config = new StreamsConfig(streams);
    this.logger = (logger ?? silentLogger).child({ subsystem: 'streams' });
  }

  state(): KafkaStreamsState {
    return this.current;
  }

  setStateListener(listener: (next: KafkaStreamsState, previous: KafkaStreamsState) => void): void {
    if (this.current !== 'CREATED')
      throw new StreamsError('ILLEGAL_STATE', 'Can only set StateListener before calling start().');
    this.listener = listener;
  }

  /**
   * Called with the error that stopped processing (a record that does not deserialize, a processor
   * that throws, a send that failed). Kafka's handler chooses REPLACE_THREAD, SHUTDOWN_CLIENT or
   * SHUTDOWN_APPLICATION; this version always shuts the client down (state ERROR).
   */
  setUncaughtExceptionHandler(handler: (err: Error) => void): void {
    this.uncaughtHandler = handler;
  }

  /** Creates internal topics, joins the group and starts processing; resolves once the group is joined. */
  async start(): Promise<void> {
    if (this.current !== 'CREATED')
      throw new StreamsError('ILLEGAL_STATE', `KafkaStreams cannot start in state ${this.current}`);
    if (this.config.get('processing.guarantee') === EXACTLY_ONCE_V2) {
      throw new StreamsError('ILLEGAL_STATE', 'processing.guarantee=exactly_once_v2 is not supported yet');
    }
    this.transition('REBALANCING');
    try {
      await this.startClients();
    } catch (err) {
      this.logger.error({ err }, 'start failed');
      await this.shutdown('ERROR');
      throw err;
    }
  }

  private async startClients(): Promise<void> {
    const appId = this.config.applicationId;
    const bootstrapServers = this.config.get('bootstrap.servers') as string[];
    const common = { bootstrapServers, logger: this.logger };
    this.admin = new Admin({ ...common, clientId: `${appId}-admin` });
    const userTopics = [...new Set(this.topology.subtopologies().flatMap((s) => s.sourceTopics))].filter(
      (t) => !this.topology.repartitionTopics.has(t),
    );
    const described = await this.admin.describeTopics(userTopics).catch((err: unknown) => {
      throw new StreamsError('TOPOLOGY', `source topics missing: ${userTopics.join(', ')}`, { cause: err });
    });
    const layout = layoutTopics(this.topology, appId, new Map(described.map((d) => [d.name, d.partitions.length])), {
      windowStoreChangelogAdditionalRetentionMs: this.config.get(
        'windowstore.changelog.additional.retention.ms',
      ) as number,
    });
    await createInternalTopics(this.admin, layout.internalTopics, {
      replicationFactor: this.config.get('replication.factor') as number,
      logger: this.logger,
    });
    this.producer = new Producer({ ...common, clientId: `${appId}-producer`, lingerMs: 5 });
    this.restoreConsumer = new Consumer({
      ...common,
      clientId: `${appId}-restore-consumer`,
      autoOffsetReset: 'earliest',
    });
    this.consumer = new Consumer({
      ...common,
      clientId: `${appId}-consumer`,
      groupId: appId,
      enableAutoCommit: false,
      autoOffsetReset: 'earliest',
      partitionAssignmentStrategy: ['range'],
    });
    this.tasks = new TaskManager({
      topology: this.topology,
      config: this.config,
      collector: { send: (r) => this.send(r) },
      restoreConsumer: this.restoreConsumer,
      logger: this.logger,
    });
    const tasks = this.tasks;
    await this.consumer.subscribe(tasks.sourceTopics(), {
      onPartitionsAssigned: async (tps) => {
        this.transition('REBALANCING');
        await tasks.onAssigned(tps);
        if (!this.stopping) this.transition('RUNNING');
      },
      onPartitionsRevoked: async (tps) => {
        const losing = tasks.tasksLosing(tps);
        if (losing.length === 0) return;
        this.transition('REBALANCING');
        await this.commit(losing);
        tasks.close(losing);
      },
      onPartitionsLost: (tps) => tasks.close(tasks.tasksLosing(tps)),
    });
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const consumer = this.consumer as Consumer;
    const tasks = this.tasks as TaskManager;
    const interval = this.config.commitIntervalMs;
    try {
      while (!this.stopping) {
        const records = await consumer.poll({ timeoutMs: 100, maxRecords: 1000 });
        for (const r of records) {
          const owner = tasks.taskFor(r.topic, r.partition);
          if (owner) {
            owner.task.process(r, owner.topologyTopic);
            continue;
          }
          // The consumer fetches a partition as soon as it is assigned, while the rebalance
          // callback may still be restoring the task's stores: read these records again later
          // rather than lose them.
          consumer.seek({ topic: r.topic, partition: r.partition }, r.offset);
          await new Promise((resolve) => setTimeout(resolve, 10));
          break;
        }
        const now = Date.now();
        let requested = false;
        for (const task of tasks.tasks.values()) {
          task.punctuateWallClock(now);
          requested ||= task.commitRequested;
        }
        if (this.sendError) throw this.sendError;
        if (requested || now - this.lastCommit >= interval) await this.commit([...tasks.tasks.values()]);
      }
    } catch (err) {
      if (this.stopping) return;
      this.logger.error({ err }, 'stream processing failed; shutting down');
      this.stopping = true;
      try {
        this.uncaughtHandler?.(err instanceof Error ? err : new StreamsError('PROCESSING', String(err)));
      } catch (handlerErr) {
        this.logger.warn({ err: handlerErr }, 'uncaught exception handler threw');
      }
      this.transition('PENDING_ERROR');
      await this.shutdown('ERROR');
    }
  }

  /**
   * Flushes the stores (the suppression buffer writes its changelog then), waits for every send,
   * then commits the offsets after the records the tasks processed.
   */
  private async commit(tasks: StreamTask[]): Promise<void> {
    this.lastCommit = Date.now();
    for (const task of tasks) task.flush();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.sendError) throw this.sendError;
    const offsets: Array<TopicPartition & { offset: bigint }> = [];
    for (const task of tasks) {
      task.commitRequested = false;
      for (const c of task.consumed.values())
        offsets.push({ topic: c.topic, partition: c.partition, offset: c.offset + 1n });
      task.consumed.clear();
    }
    if (offsets.length > 0) await (this.consumer as Consumer).commit(offsets);
  }

  private send(r: OutputRecord): void {
    const p = (this.producer as Producer)
      .send({
        topic: r.topic,
        partition: r.partition,
        key: r.key,
        value: r.value,
        timestamp: r.timestamp,
        headers: r.headers,
      })
      .catch((err: Error) => {
        this.sendError ??= new StreamsError('PROCESSING', `failed to send a record to ${r.topic}`, { cause: err });
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** The metrics of the instance's tasks (Kafka's metrics(): dropped-records-total per task). */
  metrics(): StreamsMetric[] {
    return [...(this.tasks?.tasks.values() ?? [])].flatMap((t) => t.metrics.metrics());
  }

  /** A store of a local task (for tests and local queries until interactive queries exist). */
  store<S extends StateStore>(name: string, partition: number): S | null {
    for (const task of this.tasks?.tasks.values() ?? []) {
      if (task.id.partition === partition && task.getStore(name)) return task.getStore(name) as S;
    }
    return null;
  }

  /** Stops processing, commits what was processed, leaves the group and closes the clients. */
  async close(): Promise<void> {
    if (this.current === 'NOT_RUNNING' || this.current === 'ERROR' || this.current === 'PENDING_SHUTDOWN') {
      await this.loop;
      return;
    }
    this.stopping = true;
    this.transition('PENDING_SHUTDOWN');
    await this.loop;
    if (this.tasks && this.consumer) {
      const all = [...this.tasks.tasks.values()];
      await this.commit(all).catch((err) => this.logger.warn({ err }, 'final commit failed'));
    }
    await this.shutdown('NOT_RUNNING');
  }

  private async shutdown(final: 'NOT_RUNNING' | 'ERROR'): Promise<void> {
    this.stopping = true;
    if (this.tasks) this.tasks.close([...this.tasks.tasks.values()]);
    const closing = [this.consumer, this.restoreConsumer, this.producer, this.admin].map((c) =>
      c?.close().catch((err: unknown) => this.logger.warn({ err }, 'client close failed')),
    );
    await Promise.all(closing);
    this.transition(final);
  }

  private transition(next: KafkaStreamsState): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    this.logger.info({ from: previous, to: next }, 'state change');
    this.listener?.(next, previous);
  }
}
