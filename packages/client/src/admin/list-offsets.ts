/**
 * ListOffsets by partition leader: earliest, latest, max-timestamp or the first offset at or after a
 * timestamp. Shared by the admin client (listOffsets) and the consumer (seekToBeginning/End,
 * offsetsForTimes, auto.offset.reset). Partitions are grouped by leader, one request per broker;
 * leadership errors refresh metadata and retry until the deadline.
 */
import { ApiKey, KafkaError, type ListOffsetsRequest } from '@samsa/protocol';
import { ClientError, invalidatesMetadata } from '../errors.js';
import type { Cluster } from '../metadata/cluster.js';
import { withRetries } from '../retry.js';

export type OffsetSpec = 'earliest' | 'latest' | 'maxTimestamp' | { timestamp: number };

export interface OffsetQuery {
  topic: string;
  partition: number;
  spec: OffsetSpec;
}

export interface OffsetAnswer {
  topic: string;
  partition: number;
  /** -1n when no record has a timestamp at or after the one asked for. */
  offset: bigint;
  timestamp: number;
  leaderEpoch: number;
}

export const ISOLATION_LEVEL = { read_uncommitted: 0, read_committed: 1 } as const;

function specTimestamp(spec: OffsetSpec): bigint {
  if (spec === 'latest') return -1n;
  if (spec === 'earliest') return -2n;
  if (spec === 'maxTimestamp') return -3n;
  return BigInt(spec.timestamp);
}

export async function listOffsets(
  cluster: Cluster,
  queries: OffsetQuery[],
  options: {
    isolationLevel: number;
    deadline: number;
    retryBackoffMs: number;
    retryBackoffMaxMs: number;
    signal?: AbortSignal;
  },
): Promise<OffsetAnswer[]> {
  const answers = new Map<string, OffsetAnswer>();
  let remaining = queries;
  await withRetries(
    async () => {
      const topics = [...new Set(remaining.map((q) => q.topic))];
      const missing = topics.filter((t) => !cluster.metadata.topics.has(t));
      if (missing.length > 0) await cluster.refresh(missing, options.signal);
      const byLeader = new Map<number, OffsetQuery[]>();
      for (const q of remaining) {
        const t = cluster.metadata.topics.get(q.topic);
        if (!t) throw new KafkaError(cluster.metadata.topicErrors.get(q.topic) ?? 3, `topic ${q.topic} not found`);
        if (q.partition < 0 || q.partition >= t.partitions.length) {
          throw new KafkaError(3, `partition ${q.topic}-${q.partition} does not exist`);
        }
        const leader = cluster.metadata.leaderOf(q.topic, q.partition);
        if (leader < 0) throw new KafkaError(5, `no leader for ${q.topic}-${q.partition}`);
        const list = byLeader.get(leader) ?? [];
        list.push(q);
        byLeader.set(leader, list);
      }
      const failed: OffsetQuery[] = [];
      let firstError: unknown = null;
      await Promise.all(
        [...byLeader].map(async ([leader, qs]) => {
          const request: ListOffsetsRequest = { replicaId: -1, isolationLevel: options.isolationLevel, topics: [] };
          const byTopic = new Map<string, ListOffsetsRequest['topics'][number]>();
          for (const q of qs) {
            let t = byTopic.get(q.topic);
            if (!t) byTopic.set(q.topic, (t = { name: q.topic, partitions: [] }));
            t.partitions.push({
              partitionIndex: q.partition,
              currentLeaderEpoch: -1,
              timestamp: specTimestamp(q.spec),
              maxNumOffsets: 1,
            });
          }
          request.topics = [...byTopic.values()];
          try {
            const res = await cluster
              .connection(leader)
              .request(ApiKey.ListOffsets, request, { signal: options.signal });
            for (const t of res.topics) {
              for (const p of t.partitions) {
                const q = qs.find((x) => x.topic === t.name && x.partition === p.partitionIndex);
                if (!q) continue;
                if (p.errorCode !== 0) {
                  failed.push(q);
                  firstError ??= new KafkaError(p.errorCode, `ListOffsets ${t.name}-${p.partitionIndex}`);
                  continue;
                }
                answers.set(`${t.name}\0${p.partitionIndex}`, {
                  topic: t.name,
                  partition: p.partitionIndex,
                  offset: p.offset,
                  timestamp: Number(p.timestamp),
                  leaderEpoch: p.leaderEpoch,
                });
              }
            }
          } catch (err) {
            failed.push(...qs);
            firstError ??= err;
          }
        }),
      );
      remaining = failed;
      if (firstError) throw firstError;
    },
    {
      ...options,
      onRetry: async (err) => {
        if (invalidatesMetadata(err)) await cluster.refresh(undefined, options.signal).catch(() => {});
      },
    },
  );
  return queries.map((q) => {
    const a = answers.get(`${q.topic}\0${q.partition}`);
    if (!a) throw new ClientError('ILLEGAL_STATE', `no offset for ${q.topic}-${q.partition}`);
    return a;
  });
}
