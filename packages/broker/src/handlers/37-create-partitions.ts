/**
 * CreatePartitions (key 37), v0-3.
 * - Grows a topic to `count` partitions (never shrinks: INVALID_PARTITIONS), optionally with an
 *   explicit replica assignment for the new ones; validate_only checks without changing anything.
 * - Needs ALTER on each topic (else TOPIC_AUTHORIZATION_FAILED for it), as in Kafka.
 * - controller_mutation_rate (KIP-599): a valid request takes the partitions it adds from the
 *   quota; v3 refuses topics while the quota is in debt (THROTTLING_QUOTA_EXCEEDED), older versions
 *   add them and throttle. validate_only takes nothing.
 */
import {
  type CreatePartitionsRequest,
  defaultCreatePartitionsResponse,
  defaultCreatePartitionsResponseCreatePartitionsTopicResult,
  ErrorCode,
} from '@samsa/protocol';
import { toKafkaFailure } from '../errors/kafka-failure.js';
import { mutationQuotaFor, withMutationThrottle } from '../quota/throttle.js';
import { AclOperation, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function result(name: string, errorCode: number, errorMessage: string | null) {
  const r = defaultCreatePartitionsResponseCreatePartitionsTopicResult();
  r.name = name;
  r.errorCode = errorCode;
  r.errorMessage = errorMessage;
  return r;
}

export default defineHandler({
  apiKey: 37,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request: CreatePartitionsRequest) {
    const response = defaultCreatePartitionsResponse();
    const quota = request.validateOnly ? null : mutationQuotaFor(ctx, 3);
    for (const t of request.topics) {
      if (!authorizedTopic(ctx, AclOperation.ALTER, t.name)) {
        response.results.push(result(t.name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, null));
        continue;
      }
      try {
        const assignments = t.assignments === null ? null : t.assignments.map((a) => a.brokerIds);
        if (quota) {
          // As Kafka: only a valid increase counts, by the partitions it adds.
          await ctx.broker.topics.createPartitions(t.name, t.count, assignments, true);
          quota.record(t.count - (ctx.broker.metadata.topic(t.name)?.partitions.length ?? t.count), Date.now());
        }
        await ctx.broker.topics.createPartitions(t.name, t.count, assignments, request.validateOnly);
        response.results.push(result(t.name, 0, null));
      } catch (err) {
        const e = toKafkaFailure(err, ctx.logger);
        response.results.push(result(t.name, e.code, e.message));
      }
    }
    return withMutationThrottle(ctx, quota, response);
  },
  errorResponse(request, errorCode) {
    const response = defaultCreatePartitionsResponse();
    for (const t of request.topics) response.results.push(result(t.name, errorCode, null));
    return response;
  },
});
