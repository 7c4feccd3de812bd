/**
 * The tasks of one KafkaStreams instance (Kafka's TaskManager + ProcessorStateManager): which task
 * owns each assigned input partition, creating tasks (after restoring their stores) when partitions
 * arrive and closing them when partitions go. A task is (sub-topology, partition); every source
 * topic of a sub-topology with the same partition number feeds the same task (co-partitioning).
 *
 * State on disk: each task has `<state.dir>/<application.id>/<task id>/` for its persistent stores
 * and `.checkpoint`. A checkpoint lets a restart restore only the changelog tail. Under
 * at_least_once it is written after every commit; under exactly_once_v2 only on a clean close, and
 * it is deleted when the task starts, so after a crash there is none: the stores are wiped and
 * restored in full from the committed changelog (what the crashed instance wrote uncommitted must
 * not stay in them). In-memory stores always restore in full.
 */
import type { Consumer, TopicPartition } from '@samsa/client';
import type { Logger } from '@samsa/common';
import type { StreamsConfig } from '../config/streams-config.js';
import type { RecordCollector } from '../processor/record-collector.js';
import { StreamTask, taskName } from '../processor/stream-task.js';
import type { Subtopology, Topology } from '../processor/topology.js';
import type { StateStore } from '../state/state-store.js';
import { type ChangelogOffsets, deleteCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoint-file.js';
import type { StateDirectory } from './state-directory.js';
import { CheckpointAheadError, restoreChangelogs, type StateRestoreListener } from './state-restorer.js';

export interface TaskManagerOptions {
  topology: Topology;
  config: StreamsConfig;
  collector: RecordCollector;
  restoreConsumer: Consumer;
  stateDirectory: StateDirectory;
  restoreListener: () => StateRestoreListener | null;
  logger: Logger;
  /** The instance's global stores (global tables), readable by every task. */
  globalStore?: (name: string) => StateStore | undefined;
}

export class TaskManager {
  readonly tasks = new Map<string, StreamTask>();
  /** Actual (prefixed) topic → its sub-topology and its name in the topology. */
  private readonly topicIndex = new Map<string, { subtopology: Subtopology; topologyTopic: string }>();

  constructor(private readonly options: TaskManagerOptions) {
    const appId = options.config.applicationId;
    for (const s of options.topology.subtopologies()) {
      for (const t of s.sourceTopics) {
        const actual = options.topology.repartitionTopics.has(t) ? `${appId}-${t}` : t;
        this.topicIndex.set(actual, { subtopology: s, topologyTopic: t });
      }
    }
  }

  /** Every topic the instance subscribes to. */
  sourceTopics(): string[] {
    return [...this.topicIndex.keys()];
  }

  taskFor(topic: string, partition: number): { task: StreamTask; topologyTopic: string } | null {
    const entry = this.topicIndex.get(topic);
    if (!entry) return null;
    const task = this.tasks.get(taskName({ subtopology: entry.subtopology.id, partition }));
    return task ? { task, topologyTopic: entry.topologyTopic } : null;
  }

  async onAssigned(partitions: TopicPartition[]): Promise<void> {
    for (const tp of partitions) {
      const entry = this.topicIndex.get(tp.topic);
      if (!entry) continue;
      const id = { subtopology: entry.subtopology.id, partition: tp.partition };
      if (this.tasks.has(taskName(id))) continue;
      await this.createTask(id, entry.subtopology);
    }
  }

  private async createTask(id: { subtopology: number; partition: number }, subtopology: Subtopology): Promise<void> {
    const { config, stateDirectory, logger } = this.options;
    const name = taskName(id);
    let dir = stateDirectory.taskDir(name);
    let checkpoints: ChangelogOffsets;
    try {
      checkpoints = readCheckpoint(dir);
    } catch (err) {
      logger.warn({ err, task: name }, 'unreadable checkpoint; restoring the task in full');
      checkpoints = new Map();
    }
    if (config.eos) deleteCheckpoint(dir);
    if (checkpoints.size === 0) {
      // No checkpoint: whatever persistent stores hold may be ahead of the changelog (uncommitted
      // under EOS) or partial: start from nothing.
      stateDirectory.wipeTask(name);
      dir = stateDirectory.taskDir(name);
    }
    try {
      await this.restoreTask(id, subtopology, dir, checkpoints);
    } catch (err) {
      if (!(err instanceof CheckpointAheadError)) throw err;
      logger.warn({ err, task: name }, 'checkpoint past the changelog end; wiping the task and restoring in full');
      stateDirectory.wipeTask(name);
      await this.restoreTask(id, subtopology, stateDirectory.taskDir(name), new Map());
    }
  }

  private async restoreTask(
    id: { subtopology: number; partition: number },
    subtopology: Subtopology,
    dir: string,
    checkpoints: ChangelogOffsets,
  ): Promise<void> {
    const { topology, config, collector, restoreConsumer, logger } = this.options;
    const name = taskName(id);
    const task = new StreamTask({
      id,
      topology,
      subtopology,
      applicationId: config.applicationId,
      collector,
      defaultKeySerde: config.defaultKeySerde,
      defaultValueSerde: config.defaultValueSerde,
      clock: Date.now,
      stateDir: dir,
      globalStore: this.options.globalStore,
    });
    const persistentCheckpoints = new Map<string, bigint>();
    for (const r of task.registrations) {
      const k = `${r.topic}:${r.partition}`;
      const at = checkpoints.get(k);
      if (at !== undefined && task.getStore(r.store)?.persistent) persistentCheckpoints.set(k, at);
    }
    let restored: Map<string, bigint>;
    try {
      restored = await restoreChangelogs(restoreConsumer, task.registrations, {
        logger,
        timeoutMs: 60_000,
        checkpoints: persistentCheckpoints,
        listener: this.options.restoreListener(),
      });
    } catch (err) {
      task.close();
      throw err;
    }
    for (const [k, offset] of restored) task.changelogOffsets.set(k, offset);
    task.init();
    this.tasks.set(name, task);
    logger.info({ task: name, checkpointed: persistentCheckpoints.size }, 'task created');
  }

  /**
   * After a successful commit: the changelog offsets the producer had acknowledged are now the
   * tasks' committed state. Under at_least_once the checkpoints are written now.
   */
  onCommitted(tasks: StreamTask[], acked: ReadonlyMap<string, bigint>): void {
    for (const task of tasks) {
      for (const r of task.registrations) {
        const k = `${r.topic}:${r.partition}`;
        const at = acked.get(k);
        if (at !== undefined && at > (task.changelogOffsets.get(k) ?? -1n)) task.changelogOffsets.set(k, at);
      }
      if (!this.options.config.eos) this.checkpoint(task);
    }
  }

  private checkpoint(task: StreamTask): void {
    const offsets = new Map<string, bigint>();
    for (const r of task.registrations) {
      const at = task.changelogOffsets.get(`${r.topic}:${r.partition}`);
      if (at !== undefined && task.getStore(r.store)?.persistent) offsets.set(`${r.topic}:${r.partition}`, at);
    }
    if (offsets.size === 0) return;
    task.flush();
    writeCheckpoint(this.options.stateDirectory.taskDir(taskName(task.id)), offsets);
  }

  /**
   * Drops every task (their state with them) and, with `rebuild`, rewinds the assigned input to the
   * group's committed offsets and builds the tasks again, restoring from the changelogs: after an
   * aborted transaction the tasks start over from the last committed state.
   */
  async reinitialise(consumer: Consumer, rebuild: boolean): Promise<void> {
    const all = [...this.tasks.values()];
    this.close(all, false);
    for (const t of all) this.options.stateDirectory.wipeTask(taskName(t.id));
    if (!rebuild) return;
    const assigned = consumer.assignment();
    const committed = await consumer.committed(assigned);
    const fresh: TopicPartition[] = [];
    for (const c of committed) {
      if (c.offset === null) fresh.push({ topic: c.topic, partition: c.partition });
      else consumer.seek(c, c.offset);
    }
    if (fresh.length > 0) await consumer.seekToBeginning(fresh);
    await this.onAssigned(assigned);
  }

  /** Tasks none of whose input partitions remain assigned. */
  tasksLosing(partitions: TopicPartition[]): StreamTask[] {
    const out = new Set<StreamTask>();
    for (const tp of partitions) {
      const t = this.taskFor(tp.topic, tp.partition);
      if (t) out.add(t.task);
    }
    return [...out];
  }

  /** Closes tasks; `clean` (after a successful commit) writes their checkpoints first. */
  close(tasks: StreamTask[], clean: boolean): void {
    for (const task of tasks) {
      const name = taskName(task.id);
      try {
        if (clean) this.checkpoint(task);
      } catch (err) {
        this.options.logger.warn({ err, task: name }, 'checkpoint failed');
      }
      task.close();
      this.tasks.delete(name);
      this.options.logger.info({ task: name, clean }, 'task closed');
    }
  }
}
