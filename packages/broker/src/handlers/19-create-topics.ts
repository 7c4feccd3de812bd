/**
 * CreateTopics (key 19), v0-7.
 * - num_partitions / replication_factor of -1 take num.partitions / default.replication.factor
 *   (v4+); an explicit assignment excludes both.
 * - Errors per topic: INVALID_TOPIC_EXCEPTION, TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS,
 *   INVALID_REPLICATION_FACTOR, INVALID_CONFIG (naming the key), INVALID_REQUEST for a topic named
 *   twice in one request.
 * - v5+ returns the topic's id (v7), partition count, replication factor and effective configs.
 * - validate_only checks everything and creates nothing.
 * - error_message: null on success; on failure the error's text when it says more than the code's
 *   default (Kafka's ApiError), e.g. "Topic 'x' already exists.". A failed topic has configs [].
 * - Needs CREATE on the cluster or on the topic (else TOPIC_AUTHORIZATION_FAILED for it), as in Kafka.
 * - controller_mutation_rate (KIP-599): a valid topic takes its partition count from the quota
 *   before it is created; v6+ refuses topics while the quota is in debt (THROTTLING_QUOTA_EXCEEDED),
 *   older versions create them and throttle. validate_only takes nothing.
 */
import {
  type CreateTopicsRequest,
  type CreateTopicsResponseCreatableTopicResult,
  defaultCreateTopicsResponse,
  defaultCreateTopicsResponseCreatableTopicConfigs,
  defaultCreateTopicsResponseCreatableTopicResult,
  ErrorCode,
} from '@samsa/protocol';
import { describeTopic } from '../admin/topic-config-describer.js';
import { toKafkaFailure } from '../errors/kafka-failure.js';
import { mutationQuotaFor, withMutationThrottle } from '../quota/throttle.js';
import { AclOperation, authorizedCluster, authorizedTopic } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function failed(
  name: string,
  errorCode: number,
  errorMessage: string | null,
): CreateTopicsResponseCreatableTopicResult {
  const r = defaultCreateTopicsResponseCreatableTopicResult();
  r.name = name;
  r.errorCode = errorCode;
  r.errorMessage = errorMessage;
  r.numPartitions = -1;
  r.replicationFactor = -1;
  // Kafka resets a failed topic's configs to an empty list (v5+), not null.
  r.configs = [];
  return r;
}

export default defineHandler({
  apiKey: 19,
  minVersion: 0,
  maxVersion: 7,
  async handle(ctx, request: CreateTopicsRequest) {
    const { topics, config } = ctx.broker;
    const response = defaultCreateTopicsResponse();
    const clusterCreate = authorizedCluster(ctx, AclOperation.CREATE, false);
    const mayCreate = (name: string) => clusterCreate || authorizedTopic(ctx, AclOperation.CREATE, name);
    const quota = request.validateOnly ? null : mutationQuotaFor(ctx, 6);
    const counts = new Map<string, number>();
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    for (const t of request.topics) {
      if ((counts.get(t.name) ?? 0) > 1) {
        response.topics.push(failed(t.name, ErrorCode.INVALID_REQUEST, 'Found multiple entries for this topic.'));
        continue;
      }
      if (!mayCreate(t.name)) {
        response.topics.push(failed(t.name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, null));
        continue;
      }
      try {
        const configs = Object.fromEntries(t.configs.map((c) => [c.name, c.value] as const));
        const spec = {
          name: t.name,
          numPartitions: t.numPartitions,
          replicationFactor: t.replicationFactor,
          assignments: t.assignments.map((a) => ({ partition: a.partitionIndex, brokerIds: a.brokerIds })),
          configs,
        };
        // As Kafka: only a topic that would be created counts against the quota.
        if (quota) quota.record((await topics.create(spec, true)).numPartitions, Date.now());
        const created = await topics.create(spec, request.validateOnly);
        const r = defaultCreateTopicsResponseCreatableTopicResult();
        r.name = t.name;
        r.topicId = created.topicId;
        r.numPartitions = created.numPartitions;
        r.replicationFactor = created.replicationFactor;
        const overrides = Object.fromEntries(
          Object.entries(configs).filter((e): e is [string, string] => e[1] !== null),
        );
        r.configs = describeTopic(config, topics.topicDefaults, overrides, null).map((e) => {
          const c = defaultCreateTopicsResponseCreatableTopicConfigs();
          c.name = e.name;
          c.value = e.value;
          c.readOnly = e.readOnly;
          c.configSource = e.source;
          c.isSensitive = e.isSensitive;
          return c;
        });
        response.topics.push(r);
      } catch (err) {
        const e = toKafkaFailure(err, ctx.logger);
        response.topics.push(failed(t.name, e.code, e.message));
      }
    }
    return withMutationThrottle(ctx, quota, response);
  },
  errorResponse(request, errorCode) {
    const response = defaultCreateTopicsResponse();
    for (const t of request.topics) response.topics.push(failed(t.name, errorCode, null));
    return response;
  },
});
