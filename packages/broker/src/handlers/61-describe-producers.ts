/**
 * DescribeProducers (key 61), v0: the producers each asked partition knows (KIP-664) — id, epoch,
 * last sequence and timestamp, coordinator epoch, and the first offset of an open transaction
 * (-1 if none). Partitions not led here: NOT_LEADER_OR_FOLLOWER; unknown: UNKNOWN_TOPIC_OR_PARTITION.
 * - Needs READ on each topic (else TOPIC_AUTHORIZATION_FAILED for its partitions), as in Kafka.
 */
import {
  type DescribeProducersRequest,
  type DescribeProducersResponse,
  type DescribeProducersResponsePartitionResponse,
  defaultDescribeProducersResponse,
  ErrorCode,
} from '@samsa/protocol';
import type { RequestContext } from '../request-context.js';
import { AclOperation, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function partitionResponse(partitionIndex: number, errorCode: number): DescribeProducersResponsePartitionResponse {
  return { partitionIndex, errorCode, errorMessage: null, activeProducers: [] };
}

function describe(ctx: RequestContext, topic: string, partition: number): DescribeProducersResponsePartitionResponse {
  const p = ctx.broker.replicas.getPartition(topic, partition);
  if (!p) return partitionResponse(partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!p.isLeader(ctx.broker.brokerId)) return partitionResponse(partition, ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const r = partitionResponse(partition, ErrorCode.NONE);
  for (const e of p.log.producerState.all()) {
    const last = e.batches[e.batches.length - 1];
    r.activeProducers.push({
      producerId: BigInt(e.producerId),
      producerEpoch: e.producerEpoch,
      lastSequence: last ? last.lastSeq : -1,
      lastTimestamp: BigInt(e.lastTimestamp),
      coordinatorEpoch: e.coordinatorEpoch,
      currentTxnStartOffset: BigInt(e.currentTxnFirstOffset),
    });
  }
  return r;
}

function respond(
  request: DescribeProducersRequest,
  each: (topic: string, partition: number) => DescribeProducersResponsePartitionResponse,
): DescribeProducersResponse {
  const r = defaultDescribeProducersResponse();
  r.topics = request.topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((i) => each(t.name, i)) }));
  return r;
}

export default defineHandler({
  apiKey: 61,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    const allowed = new Set(
      request.topics.map((t) => t.name).filter((t) => authorizedTopic(ctx, AclOperation.READ, t)),
    );
    return respond(request, (topic, partition) =>
      allowed.has(topic)
        ? describe(ctx, topic, partition)
        : partitionResponse(partition, ErrorCode.TOPIC_AUTHORIZATION_FAILED),
    );
  },
  errorResponse(request, errorCode) {
    return respond(request, (_topic, partition) => partitionResponse(partition, errorCode));
  },
});
