/**
 * OffsetDelete (key 47), v0.
 * - GROUP_ID_NOT_FOUND for unknown groups; NON_EMPTY_GROUP for an active group whose protocol is
 *   not "consumer" (its subscriptions cannot be read).
 * - Per partition: GROUP_SUBSCRIBED_TO_TOPIC while an active consumer group subscribes to the topic,
 *   UNKNOWN_TOPIC_OR_PARTITION for partitions that do not exist; the rest are tombstoned.
 * - Authorization (Kafka's): DELETE on the group (else GROUP_AUTHORIZATION_FAILED), READ on each
 *   topic (else TOPIC_AUTHORIZATION_FAILED for its partitions, which keep their offsets).
 */
import {
  defaultOffsetDeleteResponse,
  defaultOffsetDeleteResponsePartition,
  defaultOffsetDeleteResponseTopic,
  ErrorCode,
  type OffsetDeleteResponse,
} from '@samsa/protocol';
import { AclOperation, authorizedGroup, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

type Results = Array<{ name: string; partitions: Array<{ partition: number; errorCode: number }> }>;

function build(errorCode: number, results: Results): OffsetDeleteResponse {
  const r = defaultOffsetDeleteResponse();
  r.errorCode = errorCode;
  r.topics = results.map((t) => {
    const topic = defaultOffsetDeleteResponseTopic();
    topic.name = t.name;
    topic.partitions = t.partitions.map((p) => {
      const e = defaultOffsetDeleteResponsePartition();
      e.partitionIndex = p.partition;
      e.errorCode = p.errorCode;
      return e;
    });
    return topic;
  });
  return r;
}

export default defineHandler({
  apiKey: 47,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    if (!authorizedGroup(ctx, AclOperation.DELETE, request.groupId))
      return build(ErrorCode.GROUP_AUTHORIZATION_FAILED, []);
    const topics = request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionIndex) }));
    const readable = topics.filter((t) => authorizedTopic(ctx, AclOperation.READ, t.name));
    const r = ctx.broker.groups.deleteOffsets(request.groupId, readable);
    const refused = topics
      .filter((t) => !readable.includes(t))
      .map((t) => ({
        name: t.name,
        partitions: t.partitions.map((partition) => ({ partition, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED })),
      }));
    return build(r.errorCode, r.errorCode === ErrorCode.NONE ? [...r.results, ...refused] : r.results);
  },
  errorResponse(_request, errorCode) {
    return build(errorCode, []);
  },
});
