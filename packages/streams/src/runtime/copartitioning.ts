/**
 * Kafka's co-partitioning check (CopartitionedTopicsEnforcer): the input topics of one join must
 * have the same number of partitions, or records of one key would meet in different tasks. Kafka
 * fails the application with "Topics not co-partitioned"; so does this, at start. Repartition
 * topics are created by the runtime with the partition count of the sub-topology's inputs, so
 * only user topics are checked.
 */
import { StreamsError } from '../errors.js';
import type { Topology } from '../processor/topology.js';

export function checkCopartitioning(topology: Topology, partitions: Map<string, number>): void {
  for (const group of topology.copartitionGroups) {
    const counts = new Set(group.filter((t) => !topology.repartitionTopics.has(t)).map((t) => partitions.get(t) ?? -1));
    if (counts.size > 1) {
      throw new StreamsError('TOPOLOGY', `Invalid topology: Topics not co-partitioned: [${group.join(',')}]`);
    }
  }
}
