/**
 * CreatePartitions (key 37), v0-3.
 * - Grows a topic to `count` partitions (never shrinks: INVALID_PARTITIONS), optionally with an
 *   explicit replica assignment for the new ones; validate_only checks without changing anything.
 * - Needs ALTER on each topic (else TOPIC_AUTHORIZATION_FAILED for it), as in Kafka.
 */
import {
  type CreatePartitionsRequest,
  defaultCreatePartitionsResponse,
  defaultCreatePartitionsResponseCreatePartitionsTopicResult,
  ErrorCode,
} from '@samsa/protocol';
import { toKafkaFailure } from '../errors/kafka-failure.js';
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
    for (const t of request.topics) {
      if (!authorizedTopic(ctx, AclOperation.ALTER, t.name)) {
        response.results.push(result(t.name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, null));
        continue;
      }
      try {
        const assignments = t.assignments === null ? null : t.assignments.map((a) => a.brokerIds);
        await ctx.broker.topics.createPartitions(t.name, t.count, assignments, request.validateOnly);
        response.results.push(result(t.name, 0, null));
      } catch (err) {
        const e = toKafkaFailure(err, ctx.logger);
        response.results.push(result(t.name, e.code, e.message));
      }
    }
    return response;
  },
  errorResponse(request, errorCode) {
    const response = defaultCreatePartitionsResponse();
    for (const t of request.topics) response.results.push(result(t.name, errorCode, null));
    return response;
  },
});
