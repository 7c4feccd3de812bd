/**
 * The tasks of one KafkaStreams instance (Kafka's TaskManager): which task owns each assigned input
 * partition, creating tasks (after restoring their stores) when partitions arrive and closing them
 * when partitions go. A task is (sub-topology, partition); every source topic of a sub-topology
 * with the same partition number feeds the same task (co-partitioning).
 */
import type { Consumer, TopicPartition } from '@samsa/client';
import type { Logger } from '@samsa/common';
import type { StreamsConfig } from '../config/streams-config.js';
import type { RecordCollector } from '../processor/record-collector.js';
import { StreamTask, taskName } from '../processor/stream-task.js';
import type { Subtopology, Topology } from '../processor/topology.js';
import { restoreChangelogs } from './state-restorer.js';

export class TaskManager {
  readonly tasks = new Map<string, StreamTask>();
  /** Actual (prefixed) topic → its sub-topology and its name in the topology. */
  private readonly topicIndex = new Map<string, { subtopology: Subtopology; topologyTopic: string }>();

  constructor(
    private readonly options: {
      topology: Topology;
      config: StreamsConfig;
      collector: RecordCollector;
      restoreConsumer: Consumer;
      logger: Logger;
    },
  ) {
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
    const { topology, config, collector, restoreConsumer, logger } = this.options;
    for (const tp of partitions) {
      const entry = this.topicIndex.get(tp.topic);
      if (!entry) continue;
      const id = { subtopology: entry.subtopology.id, partition: tp.partition };
      const name = taskName(id);
      if (this.tasks.has(name)) continue;
      const task = new StreamTask({
        id,
        topology,
        subtopology: entry.subtopology,
        applicationId: config.applicationId,
        collector,
        defaultKeySerde: config.defaultKeySerde,
        defaultValueSerde: config.defaultValueSerde,
        clock: Date.now,
      });
      await restoreChangelogs(restoreConsumer, task.registrations, { logger, timeoutMs: 60_000 });
      task.init();
      this.tasks.set(name, task);
      logger.info({ task: name }, 'task created');
    }
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

  close(tasks: StreamTask[]): void {
    for (const task of tasks) {
      task.close();
      this.tasks.delete(taskName(task.id));
      this.options.logger.info({ task: taskName(task.id) }, 'task closed');
    }
  }
}
