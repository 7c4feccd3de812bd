/**
 * OffsetCommit (key 8), v0-9.
 * - v0 (once ZooKeeper-backed) is stored like v1+, in __consumer_offsets, as a commit outside any
 *   generation. v1 lets the client set the commit timestamp; v2-4 carry a retention time, ignored
 *   as Kafka 2.1+ does (offsets.retention.minutes applies). v7+: group.instance.id.
 * - Answered after the records are appended to the group's partition (the acks=all rule).
 * - Per partition: UNKNOWN_TOPIC_OR_PARTITION, OFFSET_METADATA_TOO_LARGE; group-level failures
 *   (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, ...) are reported on every partition.
 * - A consumer (KIP-848) group checks the member epoch instead of the generation: v9+ answers
 *   STALE_MEMBER_EPOCH (or FENCED_MEMBER_EPOCH for a future epoch), older versions ILLEGAL_GENERATION.
 * - Authorization (Kafka's): READ on the group (else GROUP_AUTHORIZATION_FAILED everywhere), then
 *   READ on each topic (else TOPIC_AUTHORIZATION_FAILED for its partitions, which are not committed).
 */
import {
  defaultOffsetCommitResponse,
  defaultOffsetCommitResponsePartition,
  defaultOffsetCommitResponseTopic,
  ErrorCode,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
} from '@samsa/protocol';
import { OFFSETS_TOPIC } from '../coordinator/group/group-partition.js';
import type { OffsetCommitEntry } from '../coordinator/group/offset-manager.js';
import { AclOperation, authorizedGroup, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function entries(request: OffsetCommitRequest, version: number): OffsetCommitEntry[] {
  return request.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      offset: p.committedOffset,
      leaderEpoch: version >= 6 ? p.committedLeaderEpoch : -1,
      metadata: p.committedMetadata,
      commitTimestamp: version === 1 ? Number(p.commitTimestamp) : -1,
    })),
  );
}

function build(request: OffsetCommitRequest, codes: (i: number) => number): OffsetCommitResponse {
  const r = defaultOffsetCommitResponse();
  let i = 0;
  for (const t of request.topics) {
    const topic = defaultOffsetCommitResponseTopic();
    topic.name = t.name;
    for (const p of t.partitions) {
      const e = defaultOffsetCommitResponsePartition();
      e.partitionIndex = p.partitionIndex;
      e.errorCode = codes(i++);
      topic.partitions.push(e);
    }
    r.topics.push(topic);
  }
  return r;
}

export default defineHandler({
  apiKey: 8,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx, request) {
    const v = ctx.apiVersion;
    if (!authorizedGroup(ctx, AclOperation.READ, request.groupId)) {
      return build(request, () => ErrorCode.GROUP_AUTHORIZATION_FAILED);
    }
    const all = entries(request, v);
    const readable = new Set(
      request.topics.map((t) => t.name).filter((t) => authorizedTopic(ctx, AclOperation.READ, t)),
    );
    const committed = await ctx.broker.groups.commitOffsets(
      {
        groupId: request.groupId,
        generationId: v >= 1 ? request.generationIdOrMemberEpoch : -1,
        memberId: v >= 1 ? request.memberId : '',
        groupInstanceId: v >= 7 ? request.groupInstanceId : null,
        offsets: all.filter((e) => readable.has(e.topic)),
      },
      v,
    );
    let next = 0;
    const codes = all.map((e) =>
      readable.has(e.topic) ? (committed[next++] ?? 0) : ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    );
    if (ctx.broker.cluster) {
      // The commit must reach the in-sync replicas before it is acknowledged (Kafka appends
      // offsets with acks=all), or a coordinator failover right after could forget it.
      const partition = ctx.broker.groups.partitionFor(request.groupId);
      const ok = await ctx.broker.replicas.awaitLogEndReplicated(
        OFFSETS_TOPIC,
        partition,
        ctx.broker.config.offsetsCommitTimeoutMs,
      );
      if (!ok) return build(request, (i) => (codes[i] ? (codes[i] as number) : ErrorCode.REQUEST_TIMED_OUT));
    }
    return build(request, (i) => codes[i] ?? 0);
  },
  errorResponse(request, errorCode) {
    return build(request, () => errorCode);
  },
});
