/**
 * DescribeConfigs (key 32), v0-4.
 * - TOPIC (2): every topic config with its effective value and source; UNKNOWN_TOPIC_OR_PARTITION
 *   for a missing topic. In cluster mode the overrides are read from ZooKeeper, as Kafka's
 *   ZooKeeper-mode brokers do, so a change made through another broker shows at once.
 * - BROKER (4): this broker's configs (name = its id) or the cluster-wide dynamic defaults
 *   (name = ""); another broker's id gets INVALID_REQUEST. BROKER_LOGGER (8) and
 *   others: INVALID_REQUEST.
 * - configuration_keys null means all; synonyms (v1+) and documentation (v3+) only when asked;
 *   is_default (v0) is derived from the source.
 * - error_message as Kafka's broker writes it: "" on success and for an unknown topic (Kafka's
 *   handler leaves the field at its generated default, ""), the error's own text when it says more
 *   than the code's default, and the code's default text when the whole request fails.
 * - Needs DESCRIBE_CONFIGS on the topic (else TOPIC_AUTHORIZATION_FAILED) or, for a broker, on the
 *   cluster (else CLUSTER_AUTHORIZATION_FAILED), per resource, as in Kafka.
 */
import {
  type DescribeConfigsResponseDescribeConfigsResult,
  defaultDescribeConfigsResponse,
  defaultDescribeConfigsResponseDescribeConfigsResourceResult,
  defaultDescribeConfigsResponseDescribeConfigsResult,
  defaultDescribeConfigsResponseDescribeConfigsSynonym,
  ErrorCode,
  errorInfo,
  KafkaError,
} from '@samsa/protocol';
import { type DescribedConfig, describeBroker } from '../admin/described-config.js';
import { describeTopic } from '../admin/topic-config-describer.js';
import { toKafkaFailure } from '../errors/kafka-failure.js';
import type { RequestContext } from '../request-context.js';
import { RESOURCE_BROKER, RESOURCE_TOPIC, requireConfigAccess } from './config-resources.js';
import { defineHandler } from './handler.js';

const DEFAULT_SOURCE = 5;

async function entriesFor(
  ctx: RequestContext,
  type: number,
  name: string,
  keys: string[] | null,
): Promise<DescribedConfig[]> {
  const { topics, config, brokerId } = ctx.broker;
  if (type === RESOURCE_TOPIC) {
    // Read through to ZooKeeper in cluster mode, as Kafka's ZooKeeper-mode brokers do.
    const overrides = await topics.currentTopicOverrides(name);
    return describeTopic(config, topics.topicDefaults, overrides, keys);
  }
  if (type === RESOURCE_BROKER) {
    if (name === '') return describeBroker(config, keys, 'default');
    if (name !== String(brokerId)) {
      throw new KafkaError(
        ErrorCode.INVALID_REQUEST,
        `Unexpected broker id, expected ${brokerId} but received ${name}`,
      );
    }
    return describeBroker(config, keys, 'broker');
  }
  throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${type}`);
}

export default defineHandler({
  apiKey: 32,
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx, request) {
    const response = defaultDescribeConfigsResponse();
    const withSynonyms = ctx.apiVersion >= 1 && request.includeSynonyms;
    const withDocs = ctx.apiVersion >= 3 && request.includeDocumentation;
    for (const res of request.resources) {
      const result = resultFor(res.resourceType, res.resourceName, ErrorCode.NONE, '');
      try {
        requireConfigAccess(ctx, res.resourceType, res.resourceName, false);
        for (const e of await entriesFor(ctx, res.resourceType, res.resourceName, res.configurationKeys)) {
          const c = defaultDescribeConfigsResponseDescribeConfigsResourceResult();
          c.name = e.name;
          c.value = e.value;
          c.readOnly = e.readOnly;
          c.isDefault = e.source === DEFAULT_SOURCE;
          c.configSource = e.source;
          c.isSensitive = e.isSensitive;
          c.configType = e.configType;
          c.documentation = withDocs ? e.documentation : null;
          if (withSynonyms) {
            c.synonyms = e.synonyms.map((s) => {
              const syn = defaultDescribeConfigsResponseDescribeConfigsSynonym();
              syn.name = s.name;
              syn.value = s.value;
              syn.source = s.source;
              return syn;
            });
          }
          result.configs.push(c);
        }
      } catch (err) {
        const e = toKafkaFailure(err, ctx.logger);
        result.errorCode = e.code;
        result.errorMessage = e.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ? '' : e.message;
        result.configs = [];
      }
      response.results.push(result);
    }
    return response;
  },
  errorResponse(request, errorCode) {
    const response = defaultDescribeConfigsResponse();
    for (const r of request.resources)
      response.results.push(resultFor(r.resourceType, r.resourceName, errorCode, errorInfo(errorCode).message));
    return response;
  },
});

function resultFor(
  type: number,
  name: string,
  errorCode: number,
  errorMessage: string | null,
): DescribeConfigsResponseDescribeConfigsResult {
  const r = defaultDescribeConfigsResponseDescribeConfigsResult();
  r.resourceType = type;
  r.resourceName = name;
  r.errorCode = errorCode;
  r.errorMessage = errorMessage;
  return r;
}
