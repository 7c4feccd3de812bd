/**
 * DeleteRecords (key 21), v0-2.
 * - Moves each partition's log start offset up to the given offset (-1: the high watermark);
 *   whole segments below it are deleted. Offsets above the high watermark: OFFSET_OUT_OF_RANGE.
 * - Returns the new low watermark per partition.
 */
import {
  type DeleteRecordsRequest,
  defaultDeleteRecordsResponse,
  defaultDeleteRecordsResponseDeleteRecordsPartitionResult,
  defaultDeleteRecordsResponseDeleteRecordsTopicResult,
} from '@samsa/protocol';
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
    return build(request, (topic, partition, offset) => replicas.deleteRecords(topic, partition, offset));
  },
  errorResponse(request, errorCode) {
    return build(request, () => ({ errorCode, lowWatermark: -1 }));
  },
});
