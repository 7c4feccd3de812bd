/**
 * Consumer group administration: list (every broker), describe (each group's coordinator, with
 * members' assignments decoded), delete, committed offsets with lag, and altering, resetting or
 * deleting a group's offsets. Offsets can be altered only while the group has no members, as in
 * Kafka (the coordinator answers UNKNOWN_MEMBER_ID otherwise).
 */
import { ApiKey, ErrorCode, KafkaError } from '@samsa/protocol';
import { decodeAssignment, groupByTopic } from '../consumer/group/consumer-protocol.js';
import { GroupRequests } from '../consumer/group/group-requests.js';
import type { TopicPartition } from '../consumer/subscription-state.js';
import type { Cluster } from '../metadata/cluster.js';
import type { Connection } from '../network/connection.js';

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: string;
  /** KIP-848's group type (ListGroups v5+): 'classic' or 'consumer'; '' from older brokers. */
  type: string;
}

/** What ConsumerGroupDescribe adds for a consumer (KIP-848) group. */
export interface ConsumerGroupEpochs {
  groupEpoch: number;
  assignmentEpoch: number;
  members: Map<string, { memberEpoch: number; targetAssignment: TopicPartition[] }>;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  /** The assignor in use (for consumer groups). */
  protocol: string;
  members: Array<{
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    assignment: TopicPartition[];
  }>;
  /** Set for a consumer (KIP-848) group, from ConsumerGroupDescribe. */
  consumerGroup?: ConsumerGroupEpochs;
}

export interface GroupOffset extends TopicPartition {
  offset: bigint;
  /** The partition's end offset when listed, and how far the group is behind it. */
  logEndOffset: bigint;
  lag: bigint;
}

export async function listGroups(cluster: Cluster, states: string[], signal?: AbortSignal): Promise<GroupListing[]> {
  const m = await cluster.refresh([], signal);
  const byId = new Map<string, GroupListing>();
  await Promise.all(
    [...m.brokers.keys()].map(async (nodeId) => {
      const res = await cluster
        .connection(nodeId)
        .request(ApiKey.ListGroups, { statesFilter: states, typesFilter: [] }, { signal });
      if (res.errorCode !== 0) throw new KafkaError(res.errorCode, `ListGroups on broker ${nodeId}`);
      for (const g of res.groups)
        byId.set(g.groupId, {
          groupId: g.groupId,
          protocolType: g.protocolType,
          state: g.groupState,
          type: g.groupType,
        });
    }),
  );
  return [...byId.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}

export async function describeGroup(
  cluster: Cluster,
  groupId: string,
  signal?: AbortSignal,
): Promise<GroupDescription> {
  const conn = await new GroupRequests(cluster, groupId).coordinator(signal);
  const res = await conn.request(
    ApiKey.DescribeGroups,
    { groups: [groupId], includeAuthorizedOperations: false },
    { signal },
  );
  const g = res.groups[0];
  if (!g) throw new KafkaError(69, `group ${groupId}: no description`);
  if (g.errorCode !== 0) throw new KafkaError(g.errorCode, `group ${groupId}`);
  const consumerGroup =
    g.protocolType === 'consumer' && (await conn.apiVersions(signal)).supports(ApiKey.ConsumerGroupDescribe)
      ? await consumerGroupEpochs(conn, groupId, signal)
      : undefined;
  return {
    ...(consumerGroup ? { consumerGroup } : {}),
    groupId: g.groupId,
    state: g.groupState,
    protocolType: g.protocolType,
    protocol: g.protocolData,
    members: g.members.map((m) => {
      let assignment: TopicPartition[] = [];
      if (g.protocolType === 'consumer') {
        try {
          assignment = decodeAssignment(m.memberAssignment);
        } catch {
          assignment = [];
        }
      }
      return {
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment,
      };
    }),
  };
}

export async function deleteGroup(cluster: Cluster, groupId: string, signal?: AbortSignal): Promise<void> {
  const conn = await new GroupRequests(cluster, groupId).coordinator(signal);
  const res = await conn.request(ApiKey.DeleteGroups, { groupsNames: [groupId] }, { signal });
  for (const r of res.results) if (r.errorCode !== 0) throw new KafkaError(r.errorCode, `delete group ${r.groupId}`);
}

export async function deleteGroupOffsets(
  cluster: Cluster,
  groupId: string,
  tps: TopicPartition[],
  signal?: AbortSignal,
): Promise<void> {
  const conn = await new GroupRequests(cluster, groupId).coordinator(signal);
  const res = await conn.request(
    ApiKey.OffsetDelete,
    {
      groupId,
      topics: groupByTopic(tps).map((t) => ({
        name: t.topic,
        partitions: t.partitions.map((partitionIndex) => ({ partitionIndex })),
      })),
    },
    { signal },
  );
  if (res.errorCode !== 0) throw new KafkaError(res.errorCode, `delete offsets of group ${groupId}`);
  for (const t of res.topics) {
    for (const p of t.partitions)
      if (p.errorCode !== 0)
        throw new KafkaError(p.errorCode, `delete offset ${t.name}-${p.partitionIndex} of group ${groupId}`);
  }
}

/** ConsumerGroupDescribe's epochs and target assignments; undefined for a classic group. */
async function consumerGroupEpochs(
  conn: Connection,
  groupId: string,
  signal?: AbortSignal,
): Promise<ConsumerGroupEpochs | undefined> {
  const res = await conn.request(
    ApiKey.ConsumerGroupDescribe,
    { groupIds: [groupId], includeAuthorizedOperations: false },
    { signal },
  );
  const g = res.groups[0];
  if (!g || g.errorCode === ErrorCode.GROUP_ID_NOT_FOUND) return undefined;
  if (g.errorCode !== 0) throw new KafkaError(g.errorCode, `group ${groupId}`);
  const members = new Map(
    g.members.map((m) => [
      m.memberId,
      {
        memberEpoch: m.memberEpoch,
        targetAssignment: m.targetAssignment.topicPartitions.flatMap((t) =>
          t.partitions.map((partition) => ({ topic: t.topicName, partition })),
        ),
      },
    ]),
  );
  return { groupEpoch: g.groupEpoch, assignmentEpoch: g.assignmentEpoch, members };
}
