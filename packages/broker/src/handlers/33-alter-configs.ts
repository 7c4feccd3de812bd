/**
 * AlterConfigs (key 33), v0-2: replaces the whole set of overrides of each resource.
 * - TOPIC: every topic config not named returns to its default; INVALID_CONFIG names a bad key.
 * - BROKER: dynamic configs of this broker ("<id>") or of the cluster default (""); keys Kafka
 *   cannot change at runtime are refused with INVALID_CONFIG / INVALID_REQUEST.
 * - validate_only checks without applying.
 * - Needs ALTER_CONFIGS on the topic (else TOPIC_AUTHORIZATION_FAILED) or, for a broker, on the
 *   cluster (else CLUSTER_AUTHORIZATION_FAILED), per resource, as in Kafka.
 */
import {
  type AlterConfigsRequest,
  defaultAlterConfigsResponse,
  defaultAlterConfigsResponseAlterConfigsResourceResponse,
  ErrorCode,
  KafkaError,
} from '@samsa/protocol';
import {
  alterEachResource,
  RESOURCE_BROKER,
  RESOURCE_TOPIC,
  requireConfigAccess,
  resourceResult,
} from './config-resources.js';
import { defineHandler } from './handler.js';

function result(type: number, name: string, errorCode: number, errorMessage: string | null) {
  return resourceResult(defaultAlterConfigsResponseAlterConfigsResourceResponse(), type, name, errorCode, errorMessage);
}

export default defineHandler({
  apiKey: 33,
  minVersion: 0,
  maxVersion: 2,
  async handle(ctx, request: AlterConfigsRequest) {
    const response = defaultAlterConfigsResponse();
    response.responses = await alterEachResource(
      ctx.logger,
      request.resources,
      defaultAlterConfigsResponseAlterConfigsResourceResponse,
      async (res) => {
        requireConfigAccess(ctx, res.resourceType, res.resourceName, true);
        const configs = Object.fromEntries(res.configs.map((c) => [c.name, c.value] as const));
        if (res.resourceType === RESOURCE_TOPIC) {
          await ctx.broker.topics.replaceConfigs(res.resourceName, configs, request.validateOnly);
        } else if (res.resourceType === RESOURCE_BROKER) {
          const dyn = ctx.broker.dynamicConfigs;
          await dyn.alter(dyn.scopeOf(res.resourceName), configs, true, request.validateOnly);
        } else {
          throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${res.resourceType}`);
        }
      },
    );
    return response;
  },
  errorResponse(request, errorCode) {
    const response = defaultAlterConfigsResponse();
    for (const r of request.resources) response.responses.push(result(r.resourceType, r.resourceName, errorCode, null));
    return response;
  },
});
