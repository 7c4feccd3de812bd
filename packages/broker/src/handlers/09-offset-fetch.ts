/**
 * OffsetFetch (key 9), v0-9.
 * - Served from the coordinator's memory. Partitions without a committed offset get offset -1,
 *   leader epoch -1 and empty metadata, with no error.
 * - v0-1: errors only per partition; v2+: a top-level error, and null topics mean "all committed".
 * - v7+: requireStable — a partition asked for by name whose offset an open transaction holds
 *   answers UNSTABLE_OFFSET_COMMIT (retriable) instead of the committed offset, as in Kafka.
 * - v8+: several groups per request, each answered (and failed) alone.
 * - v9+: memberId and memberEpoch of a consumer-group (KIP-848) member: UNKNOWN_MEMBER_ID or
 *   STALE_MEMBER_EPOCH when it is not the group's current member.
 * - Authorization (Kafka's): DESCRIBE on the group (else GROUP_AUTHORIZATION_FAILED), DESCRIBE on
 *   each topic asked for (else TOPIC_AUTHORIZATION_FAILED for its partitions); "all committed"
 *   leaves out topics the principal may not DESCRIBE.
 */
import {
  defaultOffsetFetchResponse,
  defaultOffsetFetchResponseGroup,
  defaultOffsetFetchResponsePartition,
  defaultOffsetFetchResponsePartitions,
  defaultOffsetFetchResponseTopic,
  defaultOffsetFetchResponseTopics,
  ErrorCode,
  type OffsetFetchRequest,
  type OffsetFetchResponse,
  type OffsetFetchResponseGroup,
} from '@samsa/protocol';
import type { MemberEpochCheck } from '../coordinator/group/group-coordinator.js';
import type { FetchedOffset } from '../coordinator/group/offset-manager.js';
import { markUnstable, pendingTxnOffsets } from '../coordinator/txn/pending-txn-offsets.js';
import type { RequestContext } from '../request-context.js';
import { AclOperation, authorizedGroup, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

type Asked = Array<{ name: string; partitions: number[] }> | null;
type Fetched = { errorCode: number; topics: Array<{ name: string; partitions: FetchedOffset[] }> };

function failedFor(asked: Asked, errorCode: number): Fetched {
  const partitions = (ps: number[]) =>
    ps.map((partition) => ({ partition, offset: -1n, leaderEpoch: -1, metadata: '', errorCode }));
  return { errorCode, topics: (asked ?? []).map((t) => ({ name: t.name, partitions: partitions(t.partitions) })) };
}

type Member = MemberEpochCheck | null;

function fetchGroup(
  ctx: RequestContext,
  groupId: string,
  asked: Asked,
  requireStable: boolean,
  member: Member = null,
): Fetched {
  if (!authorizedGroup(ctx, AclOperation.DESCRIBE, groupId))
    return failedFor(asked, ErrorCode.GROUP_AUTHORIZATION_FAILED);
  const visible = (topic: string) => authorizedTopic(ctx, AclOperation.DESCRIBE, topic, asked !== null);
  const fetched = fetchAuthorized(
    ctx,
    groupId,
    asked === null ? null : asked.filter((t) => visible(t.name)),
    requireStable,
    member,
  );
  if (fetched.errorCode !== 0 || asked === null) {
    return asked === null
      ? { ...fetched, topics: fetched.topics.filter((t) => visible(t.name)) }
      : failedFor(asked, fetched.errorCode);
  }
  // Answer in the order asked, refused topics with TOPIC_AUTHORIZATION_FAILED.
  const byName = new Map(fetched.topics.map((t) => [t.name, t]));
  const refused = failedFor(asked, ErrorCode.TOPIC_AUTHORIZATION_FAILED).topics;
  return {
    errorCode: 0,
    topics: asked.map((t, i) => byName.get(t.name) ?? (refused[i] as Fetched['topics'][number])),
  };
}

function fetchAuthorized(
  ctx: RequestContext,
  groupId: string,
  asked: Asked,
  requireStable: boolean,
  member: Member,
): Fetched {
  const { groups, replicas } = ctx.broker;
  const r = groups.fetchOffsets(groupId, asked, member);
  if (r.errorCode !== 0) return failedFor(asked, r.errorCode);
  if (!requireStable || asked === null) return r;
  return { ...r, topics: markUnstable(r.topics, pendingTxnOffsets(replicas, groups.partitionFor(groupId), groupId)) };
}

function single(f: Fetched, version: number): OffsetFetchResponse {
  const r = defaultOffsetFetchResponse();
  if (version >= 2) r.errorCode = f.errorCode;
  r.topics = f.topics.map((t) => {
    const topic = defaultOffsetFetchResponseTopic();
    topic.name = t.name;
    topic.partitions = t.partitions.map((p) => {
      const e = defaultOffsetFetchResponsePartition();
      e.partitionIndex = p.partition;
      e.committedOffset = p.offset;
      e.committedLeaderEpoch = p.leaderEpoch;
      e.metadata = p.metadata;
      // From v2 a group-level failure is reported once, at the top.
      e.errorCode = version >= 2 && f.errorCode !== 0 ? 0 : p.errorCode;
      return e;
    });
    return topic;
  });
  return r;
}

function group(groupId: string, f: Fetched): OffsetFetchResponseGroup {
  const g = defaultOffsetFetchResponseGroup();
  g.groupId = groupId;
  g.errorCode = f.errorCode;
  g.topics =
    f.errorCode !== 0
      ? []
      : f.topics.map((t) => {
          const topic = defaultOffsetFetchResponseTopics();
          topic.name = t.name;
          topic.partitions = t.partitions.map((p) => {
            const e = defaultOffsetFetchResponsePartitions();
            e.partitionIndex = p.partition;
            e.committedOffset = p.offset;
            e.committedLeaderEpoch = p.leaderEpoch;
            e.metadata = p.metadata;
            e.errorCode = p.errorCode;
            return e;
          });
          return topic;
        });
  return g;
}

/** v9+: a consumer-group member names itself and its epoch (-1: not a member, no check). */
function memberOf(version: number, memberId: string | null, memberEpoch: number): Member {
  return version >= 9 && memberId !== null ? { memberId, memberEpoch } : null;
}

function askedOf(topics: Array<{ name: string; partitionIndexes: number[] }> | null): Asked {
  return topics === null ? null : topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes }));
}

export default defineHandler({
  apiKey: 9,
  minVersion: 0,
  maxVersion: 9,
  handle(ctx, request) {
    const v = ctx.apiVersion;
    if (v < 8) return single(fetchGroup(ctx, request.groupId, askedOf(request.topics), request.requireStable), v);
    const r = defaultOffsetFetchResponse();
    r.groups = request.groups.map((g) =>
      group(
        g.groupId,
        fetchGroup(ctx, g.groupId, askedOf(g.topics), request.requireStable, memberOf(v, g.memberId, g.memberEpoch)),
      ),
    );
    return r;
  },
  errorResponse(request: OffsetFetchRequest, errorCode: number, ctx): OffsetFetchResponse {
    const v = ctx.apiVersion;
    if (v < 8) return single(failedFor(askedOf(request.topics), errorCode), v);
    const r = defaultOffsetFetchResponse();
    r.groups = request.groups.map((g) => group(g.groupId, failedFor(askedOf(g.topics), errorCode)));
    return r;
  },
});
