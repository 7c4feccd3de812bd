/**
 * OffsetForLeaderEpoch (key 23), v0-4.
 * - For each partition: the end offset of the requested leader epoch (the start offset of the next
 *   epoch, or the log end for the current one), and the largest epoch <= the requested (KIP-279).
 * - current_leader_epoch (v2+) fences stale callers; replica_id (v3+) tells followers (>= 0, who
 *   truncate to the answer, KIP-101) and consumers (-1) from debugging tools (-2, also what v0-2
 *   imply), which any replica may answer; the others need the leader.
 * - For the leader's current epoch the end offset is its log end, not the high watermark.
 * - Authorization (Kafka's): a follower (replica_id >= 0) needs CLUSTER_ACTION on the cluster (else
 *   CLUSTER_AUTHORIZATION_FAILED), a client DESCRIBE on each topic (else TOPIC_AUTHORIZATION_FAILED).
 */
import {
  defaultOffsetForLeaderEpochResponse,
  defaultOffsetForLeaderEpochResponseEpochEndOffset,
  defaultOffsetForLeaderEpochResponseOffsetForLeaderTopicResult,
  ErrorCode,
  type OffsetForLeaderEpochRequest,
} from '@samsa/protocol';
import type { EpochEnd } from '../replica/replica-manager.js';
import { AclOperation, authorizedTopic, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function build(
  request: OffsetForLeaderEpochRequest,
  each: (topic: string, partition: number, currentLeaderEpoch: number, leaderEpoch: number) => EpochEnd,
) {
  const response = defaultOffsetForLeaderEpochResponse();
  for (const t of request.topics) {
    const topic = defaultOffsetForLeaderEpochResponseOffsetForLeaderTopicResult();
    topic.topic = t.topic;
    for (const p of t.partitions) {
      const r = each(t.topic, p.partition, p.currentLeaderEpoch, p.leaderEpoch);
      const e = defaultOffsetForLeaderEpochResponseEpochEndOffset();
      e.partition = p.partition;
      e.errorCode = r.errorCode;
      e.leaderEpoch = r.leaderEpoch;
      e.endOffset = BigInt(r.endOffset);
      topic.partitions.push(e);
    }
    response.topics.push(topic);
  }
  return response;
}

export default defineHandler({
  apiKey: 23,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, request) {
    const replicas = ctx.broker.replicas;
    if (request.replicaId >= 0) requireCluster(ctx, AclOperation.CLUSTER_ACTION);
    const allowed = new Set(
      request.replicaId >= 0
        ? request.topics.map((t) => t.topic)
        : request.topics.map((t) => t.topic).filter((t) => authorizedTopic(ctx, AclOperation.DESCRIBE, t)),
    );
    return build(request, (topic, partition, current, epoch) =>
      allowed.has(topic)
        ? replicas.endOffsetForEpoch(topic, partition, current, epoch, request.replicaId)
        : { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, leaderEpoch: -1, endOffset: -1 },
    );
  },
  errorResponse(request, errorCode) {
    return build(request, () => ({ errorCode, leaderEpoch: -1, endOffset: -1 }));
  },
});
