/**
 * ListOffsets (key 2), v0-8.
 * - Timestamps -1 (latest: high watermark, or last stable offset for read_committed), -2 (earliest),
 *   -3 (max timestamp, KIP-734, v7+), -4 (earliest local, v8+), or a time: first offset at or after it.
 * - v0 answers in oldStyleOffsets (a list, of at most max_num_offsets entries).
 * - current_leader_epoch (v4+) fences stale clients (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH).
 * - Each topic needs DESCRIBE (else TOPIC_AUTHORIZATION_FAILED for its partitions), as in Kafka.
 */
import {
  defaultListOffsetsResponse,
  defaultListOffsetsResponseListOffsetsPartitionResponse,
  defaultListOffsetsResponseListOffsetsTopicResponse,
  ErrorCode,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
} from '@samsa/protocol';
import type { OffsetLookup } from '../replica/replica-manager.js';
import { AclOperation, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function build(
  request: ListOffsetsRequest,
  version: number,
  lookup: (topic: string, partition: number, timestamp: number, currentLeaderEpoch: number) => OffsetLookup,
): ListOffsetsResponse {
  const response = defaultListOffsetsResponse();
  for (const t of request.topics) {
    const topic = defaultListOffsetsResponseListOffsetsTopicResponse();
    topic.name = t.name;
    for (const p of t.partitions) {
      const r = lookup(t.name, p.partitionIndex, Number(p.timestamp), p.currentLeaderEpoch);
      const pr = defaultListOffsetsResponseListOffsetsPartitionResponse();
      pr.partitionIndex = p.partitionIndex;
      pr.errorCode = r.errorCode;
      if (version === 0) pr.oldStyleOffsets = r.offset >= 0 && p.maxNumOffsets > 0 ? [BigInt(r.offset)] : [];
      pr.offset = BigInt(r.offset);
      pr.timestamp = BigInt(r.timestamp);
      pr.leaderEpoch = r.leaderEpoch;
      topic.partitions.push(pr);
    }
    response.topics.push(topic);
  }
  return response;
}

export default defineHandler({
  apiKey: 2,
  minVersion: 0,
  maxVersion: 8,
  handle(ctx, request) {
    const readCommitted = ctx.apiVersion >= 2 && request.isolationLevel === 1;
    const replicas = ctx.broker.replicas;
    const allowed = new Set(
      request.topics.map((t) => t.name).filter((t) => authorizedTopic(ctx, AclOperation.DESCRIBE, t)),
    );
    return build(request, ctx.apiVersion, (topic, partition, timestamp, epoch) =>
      allowed.has(topic)
        ? replicas.listOffset(topic, partition, timestamp, readCommitted, epoch)
        : { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, offset: -1, timestamp: -1, leaderEpoch: -1 },
    );
  },
  errorResponse(request, errorCode, ctx) {
    return build(request, ctx.apiVersion, () => ({ errorCode, offset: -1, timestamp: -1, leaderEpoch: -1 }));
  },
});
