/**
 * Admin calls that change where replicas and leaders live, all answered by the controller:
 * ElectLeaders (preferred or unclean election) and partition reassignment (KIP-455:
 * AlterPartitionReassignments, ListPartitionReassignments). A top-level error (NOT_CONTROLLER
 * after the controller moved) throws so the caller's retry finds the new controller; per-partition
 * outcomes are returned, as the Java client's results are.
 */
import { ApiKey, KafkaError } from '@samsa/protocol';
import type { TopicPartition } from '../consumer/subscription-state.js';
import type { Cluster } from '../metadata/cluster.js';

export type ElectionType = 'preferred' | 'unclean';

export interface PartitionOutcome extends TopicPartition {
  /** 0 when it worked; ELECTION_NOT_NEEDED (84) is not a failure. */
  errorCode: number;
  errorMessage: string | null;
}

export interface PartitionReassignment extends TopicPartition {
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

function byTopic<T extends TopicPartition>(items: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) m.set(i.topic, [...(m.get(i.topic) ?? []), i]);
  return m;
}

export async function electLeaders(
  cluster: Cluster,
  type: ElectionType,
  partitions: TopicPartition[] | null,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PartitionOutcome[]> {
  const conn = await cluster.controller(signal);
  const r = await conn.request(
    ApiKey.ElectLeaders,
    {
      electionType: type === 'preferred' ? 0 : 1,
      topicPartitions: partitions
        ? [...byTopic(partitions)].map(([topic, ps]) => ({ topic, partitions: ps.map((p) => p.partition) }))
        : null,
      timeoutMs,
    },
    { signal, timeoutMs: timeoutMs + cluster.config.requestTimeoutMs },
  );
  if (r.errorCode !== 0) throw new KafkaError(r.errorCode, 'ElectLeaders failed');
  return r.replicaElectionResults.flatMap((t) =>
    t.partitionResult.map((p) => ({
      topic: t.topic,
      partition: p.partitionId,
      errorCode: p.errorCode,
      errorMessage: p.errorMessage,
    })),
  );
}

/** `replicas: null` cancels that partition's reassignment. */
export async function alterPartitionReassignments(
  cluster: Cluster,
  changes: Array<TopicPartition & { replicas: number[] | null }>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PartitionOutcome[]> {
  const conn = await cluster.controller(signal);
  const r = await conn.request(
    ApiKey.AlterPartitionReassignments,
    {
      timeoutMs,
      topics: [...byTopic(changes)].map(([name, ps]) => ({
        name,
        partitions: ps.map((p) => ({ partitionIndex: p.partition, replicas: p.replicas })),
      })),
    },
    { signal, timeoutMs: timeoutMs + cluster.config.requestTimeoutMs },
  );
  if (r.errorCode !== 0) throw new KafkaError(r.errorCode, r.errorMessage ?? 'AlterPartitionReassignments failed');
  return r.responses.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      errorCode: p.errorCode,
      errorMessage: p.errorMessage,
    })),
  );
}

export async function listPartitionReassignments(
  cluster: Cluster,
  partitions: TopicPartition[] | null,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PartitionReassignment[]> {
  const conn = await cluster.controller(signal);
  const r = await conn.request(
    ApiKey.ListPartitionReassignments,
    {
      timeoutMs,
      topics: partitions
        ? [...byTopic(partitions)].map(([name, ps]) => ({ name, partitionIndexes: ps.map((p) => p.partition) }))
        : null,
    },
    { signal, timeoutMs: timeoutMs + cluster.config.requestTimeoutMs },
  );
  if (r.errorCode !== 0) throw new KafkaError(r.errorCode, r.errorMessage ?? 'ListPartitionReassignments failed');
  return r.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      replicas: p.replicas,
      addingReplicas: p.addingReplicas,
      removingReplicas: p.removingReplicas,
    })),
  );
}
