/**
 * IncrementalAlterConfigs (key 44), v0-1: SET, DELETE, APPEND and SUBTRACT on single keys.
 * - TOPIC: APPEND/SUBTRACT work on list configs (cleanup.policy), others get INVALID_CONFIG.
 * - BROKER: dynamic configs of this broker ("<id>") or of the cluster default ("").
 * - A key named twice in one resource is INVALID_REQUEST, as in Kafka.
 * - Needs ALTER_CONFIGS on the topic (else TOPIC_AUTHORIZATION_FAILED) or, for a broker, on the
 *   cluster (else CLUSTER_AUTHORIZATION_FAILED), per resource, as in Kafka.
 */
import {
  defaultIncrementalAlterConfigsResponse,
  defaultIncrementalAlterConfigsResponseAlterConfigsResourceResponse,
  ErrorCode,
  type IncrementalAlterConfigsRequest,
  KafkaError,
} from '@samsa/protocol';
import { applyListOp } from '../admin/list-config-ops.js';
import type { AlterOp } from '../metadata/topic-manager.js';
import {
  alterEachResource,
  OP_APPEND,
  OP_DELETE,
  OP_SET,
  OP_SUBTRACT,
  RESOURCE_BROKER,
  RESOURCE_TOPIC,
  requireConfigAccess,
  resourceResult,
} from './config-resources.js';
import { defineHandler } from './handler.js';

const OPS: Record<number, AlterOp> = {
  [OP_SET]: 'SET',
  [OP_DELETE]: 'DELETE',
  [OP_APPEND]: 'APPEND',
  [OP_SUBTRACT]: 'SUBTRACT',
};

function result(type: number, name: string, errorCode: number, errorMessage: string | null) {
  return resourceResult(
    defaultIncrementalAlterConfigsResponseAlterConfigsResourceResponse(),
    type,
    name,
    errorCode,
    errorMessage,
  );
}

export default defineHandler({
  apiKey: 44,
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request: IncrementalAlterConfigsRequest) {
    const response = defaultIncrementalAlterConfigsResponse();
    response.responses = await alterEachResource(
      ctx.logger,
      request.resources,
      defaultIncrementalAlterConfigsResponseAlterConfigsResourceResponse,
      async (res) => {
        requireConfigAccess(ctx, res.resourceType, res.resourceName, true);
        const names = res.configs.map((c) => c.name);
        if (new Set(names).size !== names.length) {
          throw new KafkaError(ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys');
        }
        const ops = res.configs.map((c) => {
          const op = OPS[c.configOperation];
          if (!op) throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unknown config operation ${c.configOperation}`);
          return { name: c.name, op, value: c.value };
        });
        if (res.resourceType === RESOURCE_TOPIC) {
          await ctx.broker.topics.alterConfigs(res.resourceName, ops, request.validateOnly);
        } else if (res.resourceType === RESOURCE_BROKER) {
          const dyn = ctx.broker.dynamicConfigs;
          const updates: Record<string, string | null> = {};
          for (const { name, op, value } of ops) {
            if (op === 'SET') updates[name] = value;
            else if (op === 'DELETE') updates[name] = null;
            else updates[name] = applyListOp(dyn.currentValue(name), op, value);
          }
          await dyn.alter(dyn.scopeOf(res.resourceName), updates, false, request.validateOnly);
        } else {
          throw new KafkaError(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${res.resourceType}`);
        }
      },
    );
    return response;
  },
  errorResponse(request, errorCode) {
    const response = defaultIncrementalAlterConfigsResponse();
    for (const r of request.resources) response.responses.push(result(r.resourceType, r.resourceName, errorCode, null));
    return response;
  },
});
