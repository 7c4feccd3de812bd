/**
 * Requests to a group's coordinator: finding it (FindCoordinator, single key before v4, batched
 * after), and committing / fetching offsets. Coordinator errors (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, a broken connection) forget the coordinator so the next call finds
 * it again; the caller's retry loop decides whether to try again.
 */
import { ApiKey, KafkaError } from '@samsa/protocol';
import type { Cluster } from '../../metadata/cluster.js';
import type { Connection } from '../../network/connection.js';
import { CoordinatorType, coordinatorMoved, findCoordinator } from '../../network/find-coordinator.js';
import type { TopicPartition } from '../subscription-state.js';
import { groupByTopic } from './consumer-protocol.js';

export interface CommitEntry extends TopicPartition {
  offset: bigint;
  metadata?: string;
}

export class GroupRequests {
  private coordinatorId = -1;

  constructor(
    private readonly cluster: Cluster,
    readonly groupId: string,
  ) {}

  /** Whether `err` means the coordinator moved or died; forgets it if so. */
  checkCoordinatorError(err: unknown): boolean {
    const moved = coordinatorMoved(err);
    if (moved) this.coordinatorId = -1;
    return moved;
  }

  async coordinator(signal?: AbortSignal): Promise<Connection> {
    if (this.coordinatorId < 0 || !this.cluster.pool.knows(this.coordinatorId)) {
      this.coordinatorId = await findCoordinator(this.cluster, this.groupId, CoordinatorType.GROUP, signal);
    }
    return this.cluster.connection(this.coordinatorId);
  }

  async commit(
    entries: CommitEntry[],
    member: { generationId: number; memberId: string; groupInstanceId: string | null },
    signal?: AbortSignal,
  ): Promise<void> {
    if (entries.length === 0) return;
    const conn = await this.coordinator(signal);
    const byTopic = new Map<string, CommitEntry[]>();
    for (const e of entries) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    const res = await conn.request(
      ApiKey.OffsetCommit,
      {
        groupId: this.groupId,
        generationIdOrMemberEpoch: member.generationId,
        memberId: member.memberId,
        groupInstanceId: member.groupInstanceId,
        retentionTimeMs: -1n,
        topics: [...byTopic].map(([name, es]) => ({
          name,
          partitions: es.map((e) => ({
            partitionIndex: e.partition,
            committedOffset: e.offset,
            committedLeaderEpoch: -1,
            commitTimestamp: -1n,
            committedMetadata: e.metadata ?? '',
          })),
        })),
      },
      { signal },
    );
    for (const t of res.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== 0)
          throw new KafkaError(p.errorCode, `commit ${t.name}-${p.partitionIndex} for group ${this.groupId}`);
      }
    }
  }

  /** Committed offsets (null where the group has none); `null` asks for every partition the group has. */
  async fetchCommitted(tps: TopicPartition[] | null, signal?: AbortSignal): Promise<Map<string, bigint | null>> {
    const out = new Map<string, bigint | null>();
    if (tps !== null && tps.length === 0) return out;
    const conn = await this.coordinator(signal);
    const topics =
      tps === null ? null : groupByTopic(tps).map((t) => ({ name: t.topic, partitionIndexes: t.partitions }));
    const res = await conn.request(
      ApiKey.OffsetFetch,
      {
        groupId: this.groupId,
        topics,
        groups: [{ groupId: this.groupId, memberId: null, memberEpoch: -1, topics }],
        requireStable: true,
      },
      { signal },
    );
    const group = res.groups.length > 0 ? res.groups[0] : null;
    const errorCode = group ? group.errorCode : res.errorCode;
    if (errorCode !== 0) throw new KafkaError(errorCode, `fetch committed offsets of group ${this.groupId}`);
    for (const t of group ? group.topics : res.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== 0) throw new KafkaError(p.errorCode, `fetch committed ${t.name}-${p.partitionIndex}`);
        out.set(`${t.name}\0${p.partitionIndex}`, p.committedOffset >= 0n ? p.committedOffset : null);
      }
    }
    return out;
  }
}
