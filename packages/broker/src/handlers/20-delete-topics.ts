/**
 * DeleteTopics (key 20), v0-6.
 * - Topics by name (topicNames before v6, topics[].name from v6) or by id (v6+).
 * - Unknown topics: UNKNOWN_TOPIC_OR_PARTITION (UNKNOWN_TOPIC_ID by id); internal topics refused.
 * - Needs DELETE on each topic (else TOPIC_AUTHORIZATION_FAILED for it), as in Kafka.
 * - controller_mutation_rate (KIP-599): a topic takes its partition count from the quota before it
 *   is deleted; v5+ refuses topics while the quota is in debt (THROTTLING_QUOTA_EXCEEDED), older
 *   versions delete them and throttle.
 */
import {
  type DeleteTopicsRequest,
  type DeleteTopicsResponse,
  defaultDeleteTopicsResponse,
  defaultDeleteTopicsResponseDeletableTopicResult,
  ErrorCode,
} from '@samsa/protocol';
import { toKafkaFailure } from '../errors/kafka-failure.js';
import { ZERO_UUID } from '../metadata/topic-name.js';
import { mutationQuotaFor, withMutationThrottle } from '../quota/throttle.js';
import { AclOperation, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function targets(request: DeleteTopicsRequest, version: number): Array<{ name: string | null; topicId: string }> {
  if (version < 6) return request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
  return request.topics.map((t) => ({ name: t.name, topicId: t.topicId }));
}

export default defineHandler({
  apiKey: 20,
  minVersion: 0,
  maxVersion: 6,
  async handle(ctx, request) {
    const { metadata, topics } = ctx.broker;
    const response: DeleteTopicsResponse = defaultDeleteTopicsResponse();
    const quota = mutationQuotaFor(ctx, 5);
    for (const t of targets(request, ctx.apiVersion)) {
      const r = defaultDeleteTopicsResponseDeletableTopicResult();
      const byId = t.name === null || t.name === '';
      const name = byId ? metadata.topicNameById(t.topicId) : t.name;
      r.name = name ?? null;
      r.topicId = (name && metadata.topicIdOf(name)) || t.topicId;
      if (name === undefined || name === null) {
        r.errorCode = ErrorCode.UNKNOWN_TOPIC_ID;
      } else if (!authorizedTopic(ctx, AclOperation.DELETE, name)) {
        r.errorCode = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
      } else {
        try {
          // As Kafka: an unknown topic is answered as such, not counted.
          const partitions = metadata.topic(name)?.partitions.length;
          if (quota && partitions !== undefined) quota.record(partitions, Date.now());
          await topics.delete(name);
        } catch (err) {
          const e = toKafkaFailure(err, ctx.logger);
          r.errorCode = e.code;
          r.errorMessage = e.message;
        }
      }
      response.responses.push(r);
    }
    return withMutationThrottle(ctx, quota, response);
  },
  errorResponse(request, errorCode, ctx) {
    const response = defaultDeleteTopicsResponse();
    for (const t of targets(request, ctx.apiVersion)) {
      const r = defaultDeleteTopicsResponseDeletableTopicResult();
      r.name = t.name;
      r.topicId = t.topicId;
      r.errorCode = errorCode;
      response.responses.push(r);
    }
    return response;
  },
});
