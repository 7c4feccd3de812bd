/**
 * DescribeTopicPartitions (key 75), v0 (KIP-966): what Kafka 4.x's admin describeTopics sends
 * instead of Metadata, paged so that a topic with many partitions never makes one huge response.
 * As Kafka's broker answers it:
 * - No topics named means all topics (those the principal may not DESCRIBE are left out silently);
 *   named topics it may not DESCRIBE are TOPIC_AUTHORIZATION_FAILED with the zero topic id,
 *   appended after the described ones.
 * - Topics are described in name order, starting at the cursor's topic (names before it are
 *   skipped) and, in that topic, at the cursor's partition. A cursor whose topic is not among the
 *   named ones is INVALID_REQUEST.
 * - At most min(response_partition_limit, max.request.partition.size.limit) partitions: where the
 *   limit cuts a topic, next_cursor names it and the first partition left out; where it falls on a
 *   topic boundary, next_cursor names the next topic at partition 0.
 * - A named topic that does not exist is UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION when
 *   its name is illegal); nothing is auto-created. A partition without a leader has leader -1 and
 *   no error. Samsa has no eligible leader replicas (KIP-966's ELR): both lists are empty.
 */
import {
  type DescribeTopicPartitionsRequest,
  type DescribeTopicPartitionsResponse,
  type DescribeTopicPartitionsResponsePartition,
  type DescribeTopicPartitionsResponseTopic,
  defaultDescribeTopicPartitionsResponse,
  defaultDescribeTopicPartitionsResponsePartition,
  defaultDescribeTopicPartitionsResponseTopic,
  ErrorCode,
} from '@samsa/protocol';
import type { TopicView } from '../metadata/metadata-cache.js';
import { isInternalTopic, topicNameProblem, ZERO_UUID } from '../metadata/topic-name.js';
import type { RequestContext } from '../request-context.js';
import { AclOperation, authorizedOperations, authorizedTopic, ResourceType } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function topicEntry(name: string, errorCode: number, topicId: string): DescribeTopicPartitionsResponseTopic {
  const t = defaultDescribeTopicPartitionsResponseTopic();
  t.name = name;
  t.errorCode = errorCode;
  t.topicId = topicId;
  t.isInternal = errorCode === ErrorCode.TOPIC_AUTHORIZATION_FAILED ? false : isInternalTopic(name);
  return t;
}

/** Partitions [from, from + max) of the topic, in index order. */
function partitionsOf(view: TopicView, from: number, max: number): DescribeTopicPartitionsResponsePartition[] {
  const out: DescribeTopicPartitionsResponsePartition[] = [];
  const byIndex = [...view.partitions].sort((a, b) => a.partition - b.partition);
  for (const p of byIndex.slice(from, from + max)) {
    const e = defaultDescribeTopicPartitionsResponsePartition();
    e.partitionIndex = p.partition;
    e.leaderId = p.leaderId;
    e.leaderEpoch = p.leaderEpoch;
    e.replicaNodes = p.replicas;
    e.isrNodes = p.isr;
    e.offlineReplicas = p.offlineReplicas;
    e.eligibleLeaderReplicas = [];
    e.lastKnownElr = [];
    out.push(e);
  }
  return out;
}

function errorResponse(request: DescribeTopicPartitionsRequest, errorCode: number): DescribeTopicPartitionsResponse {
  const response = defaultDescribeTopicPartitionsResponse();
  for (const t of request.topics) response.topics.push(topicEntry(t.name, errorCode, ZERO_UUID));
  return response;
}

function describe(ctx: RequestContext, request: DescribeTopicPartitionsRequest): DescribeTopicPartitionsResponse {
  const { metadata, config } = ctx.broker;
  const fetchAll = request.topics.length === 0;
  const cursorTopic = request.cursor?.topicName ?? '';
  const candidates = fetchAll ? [...metadata.topics()].map((v) => v.name) : request.topics.map((t) => t.name);
  const names = new Set(candidates.filter((name) => name >= cursorTopic));
  if (!fetchAll && request.cursor && !names.has(cursorTopic)) {
    return errorResponse(request, ErrorCode.INVALID_REQUEST);
  }
  const response = defaultDescribeTopicPartitionsResponse();
  const unauthorized: DescribeTopicPartitionsResponseTopic[] = [];
  const authorizedNames = [...names]
    .filter((name) => {
      if (authorizedTopic(ctx, AclOperation.DESCRIBE, name)) return true;
      if (!fetchAll) unauthorized.push(topicEntry(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, ZERO_UUID));
      return false;
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let remaining = Math.min(config.maxRequestPartitionSizeLimit, request.responsePartitionLimit);
  for (const name of authorizedNames) {
    if (remaining <= 0) {
      // The limit fell on a topic boundary: the next page starts at this topic.
      response.nextCursor = { topicName: name, partitionIndex: 0 };
      break;
    }
    const view = metadata.topic(name);
    if (!view) {
      if (!fetchAll) {
        const code = topicNameProblem(name) ? ErrorCode.INVALID_TOPIC_EXCEPTION : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        response.topics.push(topicEntry(name, code, ZERO_UUID));
      }
      continue;
    }
    const from = name === cursorTopic ? Math.max(0, request.cursor?.partitionIndex ?? 0) : 0;
    const t = topicEntry(name, ErrorCode.NONE, view.topicId);
    t.partitions = partitionsOf(view, from, remaining);
    response.topics.push(t);
    const next = from + t.partitions.length;
    if (next < view.partitions.length) {
      response.nextCursor = { topicName: name, partitionIndex: next };
      break;
    }
    remaining -= t.partitions.length;
  }
  for (const t of response.topics) {
    t.topicAuthorizedOperations = authorizedOperations(ctx, ResourceType.TOPIC, t.name ?? '');
  }
  response.topics.push(...unauthorized);
  return response;
}

export default defineHandler({
  apiKey: 75,
  minVersion: 0,
  maxVersion: 0,
  handle: describe,
  errorResponse,
});
