/**
 * DeleteRecords (key 21), v0-2.
 * - Moves each partition's log start offset up to the given offset (-1: the high watermark);
 *   whole segments below it are deleted. Offsets above the high watermark: OFFSET_OUT_OF_RANGE.
 * - Returns the new low watermark per partition.
 * - Needs DELETE on each topic (else TOPIC_AUTHORIZATION_FAILED for its partitions), as in Kafka.
 */
import {
  type DeleteRecordsRequest,
  defaultDeleteRecordsResponse,
  defaultDeleteRecordsResponseDeleteRecordsPartitionResult,
  defaultDeleteRecordsResponseDeleteRecordsTopicResult,
  ErrorCode,
} from '@samsa/protocol';
import { AclOperation, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function build(
  request: DeleteRecordsRequest,
  each: (topic: string, partition: number, offset: number) => { errorCode: number; lowWatermark: number },
) {
  const response = defaultDeleteRecordsResponse();
  for (const t of request.topics) {
    const topic = defaultDeleteRecordsResponseDeleteRecordsTopicResult();
    topic.name = t.name;
    for (const p of t.partitions) {
      const r = each(t.name, p.partitionIndex, Number(p.offset));
      const pr = defaultDeleteRecordsResponseDeleteRecordsPartitionResult();
      pr.partitionIndex = p.partitionIndex;
      pr.errorCode = r.errorCode;
      pr.lowWatermark = BigInt(r.lowWatermark);
      topic.partitions.push(pr);
    }
    response.topics.push(topic);
  }
  return response;
}

export default defineHandler({
  apiKey: 21,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, request) {
    const replicas = ctx.broker.replicas;
    const allowed = new Set(
      request.topics.map((t) => t.name).filter((t) => authorizedTopic(ctx, AclOperation.DELETE, t)),
    );
    return build(request, (topic, partition, offset) =>
      allowed.has(topic)
        ? replicas.deleteRecords(topic, partition, offset)
        : { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, lowWatermark: -1 },
    );
  },
  errorResponse(request, errorCode) {
    return build(request, () => ({ errorCode, lowWatermark: -1 }));
  },
});
