/**
 * KafkaStreams: runs a Topology against a cluster. The instance joins the consumer group named by
 * application.id over every source topic (user and repartition topics), turns assigned partitions
 * into tasks (restoring their stores from changelogs), processes records one at a time on the
 * event loop, writes sink and changelog records through one producer (StreamsProducer: plain under
 * at_least_once, transactional under exactly_once_v2), and commits at least every
 * commit.interval.ms. Partitions revoked by a rebalance are committed before they go. More
 * instances with the same application.id share the tasks.
 *
 * Under exactly_once_v2 a failed commit or send (a fenced producer, a rebalance that fenced the
 * member, a broker error) aborts the transaction and re-initialises every task: its state is
 * dropped and rebuilt from the committed changelog, and its input is re-read from the committed
 * offsets — so nothing of the aborted transaction is ever counted. An error in processing itself
 * (a processor that throws, a record that does not deserialize) aborts and then stops the client.
 *
 * Owner of its tasks: only the processing loop and the rebalance callbacks (which run while the
 * loop awaits a poll) touch them, never both at once.
 */
import { Admin, Consumer, type TopicPartition } from '@samsa/client';
import { type Logger, silentLogger } from '@samsa/common';
import { StreamsConfig, type StreamsOptions } from '../config/streams-config.js';
import { StreamsError } from '../errors.js';
import { GlobalState } from '../processor/global-state.js';
import type { StreamTask } from '../processor/stream-task.js';
import type { StreamsMetric } from '../processor/task-metrics.js';
import type { Topology } from '../processor/topology.js';
import type { StateStore } from '../state/state-store.js';
import { checkCopartitioning } from './copartitioning.js';
import { GlobalStreamThread } from './global-stream-thread.js';
import { createInternalTopics, layoutTopics } from './internal-topics.js';
import { StateDirectory } from './state-directory.js';
import type { StateRestoreListener } from './state-restorer.js';
import { StreamsProducer } from './streams-producer.js';
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
  private producer: StreamsProducer | null = null;
  private readonly stateDirectory: StateDirectory;
  private restoreListener: StateRestoreListener | null = null;
  private consumer: Consumer | null = null;
  private restoreConsumer: Consumer | null = null;
  private tasks: TaskManager | null = null;
  private globalState: GlobalState | null = null;
  private globalConsumer: Consumer | null = null;
  private globalThread: GlobalStreamThread | null = null;
  /** Set by the global thread when it fails; the processing loop stops on it. */
  private globalError: Error | null = null;
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
    this.stateDirectory = new StateDirectory(this.config.get('state.dir') as string, this.config.applicationId);
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

  /**
   * Kafka's cleanUp(): deletes this instance's local state (`<state.dir>/<application.id>/`), so the
   * next start restores everything from the changelogs. Only before start() or after close();
   * refused with STATE_DIR_LOCKED while another instance uses the folder.
   */
  cleanUp(): void {
    if (this.current !== 'CREATED' && this.current !== 'NOT_RUNNING' && this.current !== 'ERROR')
      throw new StreamsError('ILLEGAL_STATE', 'Cannot clean up while running.');
    this.stateDirectory.clean();
  }

  /** Kafka's global StateRestoreListener: restoration progress of every store partition. */
  setGlobalStateRestoreListener(listener: StateRestoreListener): void {
    if (this.current !== 'CREATED')
      throw new StreamsError('ILLEGAL_STATE', 'Can only set GlobalStateRestoreListener before calling start().');
    this.restoreListener = listener;
  }

  /**
   * Creates internal topics, joins the group and starts processing; resolves once the group is
   * joined. Throws STATE_DIR_LOCKED when another instance holds the state directory.
   */
  async start(): Promise<void> {
    if (this.current !== 'CREATED')
      throw new StreamsError('ILLEGAL_STATE', `KafkaStreams cannot start in state ${this.current}`);
    // Taken before any state changes, so a refused instance leaves the holder's folder alone.
    this.stateDirectory.lock();
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
    const partitionCounts = new Map(described.map((d) => [d.name, d.partitions.length]));
    checkCopartitioning(this.topology, partitionCounts);
    await this.startGlobalThread(common);
    const layout = layoutTopics(this.topology, appId, partitionCounts, {
      windowStoreChangelogAdditionalRetentionMs: this.config.get(
        'windowstore.changelog.additional.retention.ms',
      ) as number,
    });
    await createInternalTopics(this.admin, layout.internalTopics, {
      replicationFactor: this.config.get('replication.factor') as number,
      logger: this.logger,
    });
    const eos = this.config.eos;
    // Under EOS every input, repartition and changelog read skips aborted transactions.
    const isolationLevel = eos ? 'read_committed' : 'read_uncommitted';
    // Kept in the state directory, so a restarted instance has the same transactional.id and its
    // initTransactions aborts what the crashed one left open instead of waiting for the timeout.
    const processId = this.stateDirectory.processId();
    const clientId = `${appId}-${processId}-StreamThread-1`;
    this.producer = new StreamsProducer({
      eos,
      transactionalId: `${appId}-${processId}-1`,
      config: { ...common, clientId: `${clientId}-producer`, lingerMs: 5, ...this.config.clientOverrides('producer.') },
      logger: this.logger,
    });
    await this.producer.init();
    this.restoreConsumer = new Consumer({
      ...common,
      clientId: `${clientId}-restore-consumer`,
      autoOffsetReset: 'earliest',
      isolationLevel,
    });
    this.consumer = new Consumer({
      ...common,
      clientId: `${clientId}-consumer`,
      groupId: appId,
      enableAutoCommit: false,
      autoOffsetReset: 'earliest',
      partitionAssignmentStrategy: ['range'],
      isolationLevel,
      ...this.config.clientOverrides('consumer.'),
    });
    const producer = this.producer;
    this.tasks = new TaskManager({
      topology: this.topology,
      config: this.config,
      collector: { send: (r) => producer.send(r) },
      restoreConsumer: this.restoreConsumer,
      stateDirectory: this.stateDirectory,
      restoreListener: () => this.restoreListener,
      logger: this.logger,
      globalStore: (name) => this.globalState?.store(name),
    });
    const tasks = this.tasks;
    const consumer = this.consumer;
    await this.consumer.subscribe(tasks.sourceTopics(), {
      onPartitionsAssigned: async (tps) => {
        this.transition('REBALANCING');
        // The processing loop may poll while stores restore: no records until the tasks exist.
        consumer.pause(tps);
        try {
          await tasks.onAssigned(tps);
        } finally {
          consumer.resume(tps);
        }
        if (!this.stopping) this.transition('RUNNING');
      },
      onPartitionsRevoked: async (tps) => {
        const losing = tasks.tasksLosing(tps);
        if (losing.length === 0) return;
        this.transition('REBALANCING');
        try {
          await this.commit(losing);
        } catch (err) {
          if (!this.config.eos) throw err;
          // Under EOS nothing of the failed transaction is visible: abort, drop every task's state
          // (the coming assignment rebuilds what stays here).
          this.logger.warn({ err }, 'commit before revocation failed');
          await this.abortAndReinitialise(false);
          return;
        }
        tasks.close(losing, true);
      },
      onPartitionsLost: (tps) => tasks.close(tasks.tasksLosing(tps), false),
    });
    this.loop = this.run();
  }

  /** Loads the global tables (if any) from all partitions of their topics, then keeps them current. */
  private async startGlobalThread(common: { bootstrapServers: string[]; logger: Logger }): Promise<void> {
    if (this.topology.globalStores.size === 0) return;
    const appId = this.config.applicationId;
    this.globalState = new GlobalState({
      topology: this.topology,
      applicationId: appId,
      defaultKeySerde: this.config.defaultKeySerde,
      defaultValueSerde: this.config.defaultValueSerde,
      clock: Date.now,
    });
    const topics = this.globalState.topics();
    const described = await (this.admin as Admin).describeTopics(topics).catch((err: unknown) => {
      throw new StreamsError('TOPOLOGY', `global topics missing: ${topics.join(', ')}`, { cause: err });
    });
    this.globalConsumer = new Consumer({
      ...common,
      clientId: `${appId}-global-consumer`,
      autoOffsetReset: 'earliest',
    });
    this.globalThread = new GlobalStreamThread({
      state: this.globalState,
      consumer: this.globalConsumer,
      partitions: described.flatMap((d) => d.partitions.map((p) => ({ topic: d.name, partition: p.partition }))),
      logger: this.logger,
      onError: (err) => {
        this.logger.error({ err }, 'global stream thread failed; shutting down');
        this.globalError ??= err;
      },
    });
    await this.globalThread.start();
  }

  private async run(): Promise<void> {
    const consumer = this.consumer as Consumer;
    const tasks = this.tasks as TaskManager;
    const interval = this.config.commitIntervalMs;
    const producer = this.producer as StreamsProducer;
    try {
      while (!this.stopping) {
        const records = await consumer.poll({ timeoutMs: 100, maxRecords: 1000 });
        const skipped = new Set<string>();
        for (const r of records) {
          const owner = tasks.taskFor(r.topic, r.partition);
          if (owner) {
            if (!skipped.has(`${r.topic}:${r.partition}`)) owner.task.process(r, owner.topologyTopic);
          } else if (!skipped.has(`${r.topic}:${r.partition}`)) {
            // No task (yet) for a partition still assigned: read the record again later.
            skipped.add(`${r.topic}:${r.partition}`);
            if (consumer.assignment().some((tp) => tp.topic === r.topic && tp.partition === r.partition))
              consumer.seek(r, r.offset);
          }
        }
        if (this.globalError) throw this.globalError;
        const now = Date.now();
        let requested = false;
        for (const task of tasks.tasks.values()) {
          task.punctuateWallClock(now);
          requested ||= task.commitRequested;
        }
        try {
          const failed = producer.failed();
          if (failed) throw failed;
          if (requested || now - this.lastCommit >= interval) await this.commit([...tasks.tasks.values()]);
        } catch (err) {
          if (!producer.eos || this.stopping) throw err;
          // Kafka's TaskMigrated/ProducerFenced path under EOS: abort and start the tasks over.
          this.logger.warn({ err }, 'commit failed under exactly_once_v2; aborting and re-initialising tasks');
          await this.abortAndReinitialise(true);
        }
      }
    } catch (err) {
      if (this.stopping) return;
      this.logger.error({ err }, 'stream processing failed; shutting down');
      this.stopping = true;
      // Under EOS the partial work of the failed transaction must not become visible.
      await producer.abort().catch((abortErr: unknown) => this.logger.warn({ err: abortErr }, 'abort failed'));
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
   * Flushes the stores (the suppression buffer writes its changelog then), then commits the
   * offsets after the records the tasks processed with everything they produced
   * (StreamsProducer.commit: acknowledgements then offsets, or one transaction under EOS).
   */
  private async commit(tasks: StreamTask[]): Promise<void> {
    this.lastCommit = Date.now();
    for (const task of tasks) task.flush();
    const offsets: Array<TopicPartition & { offset: bigint }> = [];
    for (const task of tasks) {
      task.commitRequested = false;
      for (const c of task.consumed.values())
        offsets.push({ topic: c.topic, partition: c.partition, offset: c.offset + 1n });
    }
    const producer = this.producer as StreamsProducer;
    await producer.commit(offsets, this.consumer as Consumer);
    for (const task of tasks) task.consumed.clear();
    (this.tasks as TaskManager).onCommitted(tasks, producer.acked);
  }

  /**
   * Under EOS after a failed transaction: abort it, drop every task (state wiped), rewind the
   * input to the committed offsets and build the tasks again from the committed changelogs.
   * `rebuild` false (inside a revocation) only drops them; the coming assignment rebuilds.
   */
  private async abortAndReinitialise(rebuild: boolean): Promise<void> {
    const tasks = this.tasks as TaskManager;
    await (this.producer as StreamsProducer).abort();
    await tasks.reinitialise(this.consumer as Consumer, rebuild);
    this.lastCommit = Date.now();
  }

  /** The metrics of the instance's tasks (Kafka's metrics(): dropped-records-total per task). */
  metrics(): StreamsMetric[] {
    return [...(this.tasks?.tasks.values() ?? [])].flatMap((t) => t.metrics.metrics());
  }

  /** A store of a local task, or a global store (any partition) — for tests and local queries until interactive queries exist. */
  store<S extends StateStore>(name: string, partition: number): S | null {
    const global = this.globalState?.store(name);
    if (global) return global as S;
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
    let clean = false;
    if (this.tasks && this.consumer) {
      const all = [...this.tasks.tasks.values()];
      clean = await this.commit(all).then(
        () => true,
        (err) => {
          this.logger.warn({ err }, 'final commit failed');
          return false;
        },
      );
    }
    await this.shutdown('NOT_RUNNING', clean);
  }

  /** Closes tasks (writing checkpoints when `clean`: everything they hold was committed) and clients. */
  private async shutdown(final: 'NOT_RUNNING' | 'ERROR', clean = false): Promise<void> {
    this.stopping = true;
    if (this.tasks) this.tasks.close([...this.tasks.tasks.values()], clean);
    await this.globalThread?.close();
    this.globalState?.close();
    const closing = [this.consumer, this.restoreConsumer, this.globalConsumer, this.producer, this.admin].map((c) =>
      c?.close().catch((err: unknown) => this.logger.warn({ err }, 'client close failed')),
    );
    await Promise.all(closing);
    this.stateDirectory.unlock();
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
