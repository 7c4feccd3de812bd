/**
 * Internal topics (Kafka's InternalTopicManager and the partition-count part of
 * RepartitionTopics): a sub-topology has as many tasks as its largest source topic has
 * partitions; a repartition topic gets the task count of the sub-topologies writing to it, so the
 * downstream sub-topology keeps the upstream parallelism; a changelog topic gets its store's task
 * count and `cleanup.policy=compact`. Topics that exist are left as they are.
 */
import type { Admin } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { StreamsError } from '../errors.js';
import type { Topology } from '../processor/topology.js';
import { changelogTopic } from '../state/change-logging-key-value-store.js';
import type { StoreBuilder } from '../state/stores.js';

export interface InternalTopicSpec {
  name: string;
  numPartitions: number;
  configs: Record<string, string>;
}

export interface TopicLayout {
  /** Sub-topology id → number of tasks. */
  tasksPerSubtopology: Map<number, number>;
  internalTopics: InternalTopicSpec[];
}

/** Computes task counts and internal topics from the user topics' partition counts. Pure. */
export function layoutTopics(
  topology: Topology,
  applicationId: string,
  userPartitions: Map<string, number>,
  options: { windowStoreChangelogAdditionalRetentionMs?: number } = {},
): TopicLayout {
  const additionalRetention = options.windowStoreChangelogAdditionalRetentionMs ?? 86_400_000;
  const subtopologies = topology.subtopologies();
  const repartition = new Map<string, number>();
  const tasks = new Map<number, number>();
  const countOf = (topic: string): number | undefined =>
    topology.repartitionTopics.has(topic) ? repartition.get(topic) : userPartitions.get(topic);
  // Repartition topics can chain; iterate until every count is known.
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of subtopologies) {
      const counts = s.sourceTopics.map(countOf);
      if (counts.some((c) => c === undefined)) continue;
      const n = Math.max(...(counts as number[]));
      if (tasks.get(s.id) !== n) {
        tasks.set(s.id, n);
        changed = true;
      }
      for (const t of s.sinkTopics) {
        if (topology.repartitionTopics.has(t) && (repartition.get(t) ?? 0) < n) {
          repartition.set(t, n);
          changed = true;
        }
      }
    }
  }
  for (const s of subtopologies) {
    if (!tasks.has(s.id)) {
      const missing = s.sourceTopics.filter((t) => countOf(t) === undefined);
      throw new StreamsError(
        'TOPOLOGY',
        `cannot size sub-topology ${s.id}: unknown source topics ${missing.join(', ')}`,
      );
    }
  }
  const internalTopics: InternalTopicSpec[] = [];
  for (const [t, n] of repartition) {
    internalTopics.push({
      name: `${applicationId}-${t}`,
      numPartitions: n,
      // Kafka's RepartitionTopicConfig defaults (it also purges read records; not built yet).
      configs: { 'cleanup.policy': 'delete', 'segment.bytes': '52428800', 'retention.ms': '-1' },
    });
  }
  for (const s of subtopologies) {
    for (const storeName of s.stores) {
      const builder = topology.stores.get(storeName) as StoreBuilder | undefined;
      if (!builder?.loggingEnabled) continue;
      internalTopics.push({
        name: changelogTopic(applicationId, storeName),
        numPartitions: tasks.get(s.id) as number,
        configs: changelogConfigs(builder, additionalRetention),
      });
    }
  }
  return { tasksPerSubtopology: tasks, internalTopics };
}

/**
 * A key-value store's changelog is compacted. A window or session store's is compacted and
 * deleted (Kafka's WindowedChangelogTopicConfig): retention.ms is the store's retention plus
 * windowstore.changelog.additional.retention.ms unless the user's log config sets it.
 */
function changelogConfigs(builder: StoreBuilder, additionalRetentionMs: number): Record<string, string> {
  if (builder.retentionMs === undefined) return { ...builder.logConfig, 'cleanup.policy': 'compact' };
  return {
    'cleanup.policy': 'compact,delete',
    'retention.ms': String(builder.retentionMs + additionalRetentionMs),
    ...builder.logConfig,
  };
}

/** Creates the internal topics that do not exist yet. */
export async function createInternalTopics(
  admin: Admin,
  specs: InternalTopicSpec[],
  options: { replicationFactor: number; logger: Logger },
): Promise<void> {
  for (const spec of specs) {
    try {
      await admin.createTopics([
        {
          name: spec.name,
          numPartitions: spec.numPartitions,
          replicationFactor: options.replicationFactor > 0 ? options.replicationFactor : undefined,
          configs: spec.configs,
        },
      ]);
      options.logger.info({ topic: spec.name, partitions: spec.numPartitions }, 'internal topic created');
    } catch (err) {
      if (err instanceof KafkaError && err.code === ErrorCode.TOPIC_ALREADY_EXISTS) continue;
      throw err;
    }
  }
}
