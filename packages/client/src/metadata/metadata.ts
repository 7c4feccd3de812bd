/**
 * An immutable picture of the cluster from one Metadata response: brokers, controller, and for
 * each topic its id and partitions with their leaders. A refresh builds a new one; readers keep the
 * one they started with.
 */
import type { BrokerAddress } from '../network/broker-pool.js';

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export interface PartitionMetadata {
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  errorCode: number;
}

export interface TopicMetadata {
  name: string;
  topicId: string;
  isInternal: boolean;
  /** Indexed by partition number. */
  partitions: PartitionMetadata[];
}

export class ClusterMetadata {
  readonly topicNamesById = new Map<string, string>();

  constructor(
    readonly clusterId: string | null,
    readonly controllerId: number,
    readonly brokers: ReadonlyMap<number, BrokerAddress>,
    readonly topics: ReadonlyMap<string, TopicMetadata>,
    /** Topic-level errors of the last response (UNKNOWN_TOPIC_OR_PARTITION, INVALID_TOPIC_EXCEPTION...). */
    readonly topicErrors: ReadonlyMap<string, number>,
    readonly updatedAt: number,
  ) {
    for (const t of topics.values()) if (t.topicId !== ZERO_UUID) this.topicNamesById.set(t.topicId, t.name);
  }

  static empty(): ClusterMetadata {
    return new ClusterMetadata(null, -1, new Map(), new Map(), new Map(), 0);
  }

  leaderOf(topic: string, partition: number): number {
    return this.topics.get(topic)?.partitions[partition]?.leader ?? -1;
  }

  partitionCount(topic: string): number {
    return this.topics.get(topic)?.partitions.length ?? 0;
  }

  /** A copy with the topics of `next` replacing ours (a refresh of some topics keeps the others). */
  merge(next: ClusterMetadata, replaceAll: boolean): ClusterMetadata {
    if (replaceAll) return next;
    const topics = new Map(this.topics);
    const errors = new Map(this.topicErrors);
    for (const [name, t] of next.topics) {
      topics.set(name, t);
      errors.delete(name);
    }
    for (const [name, code] of next.topicErrors) {
      errors.set(name, code);
      topics.delete(name);
    }
    return new ClusterMetadata(next.clusterId, next.controllerId, next.brokers, topics, errors, next.updatedAt);
  }
}
