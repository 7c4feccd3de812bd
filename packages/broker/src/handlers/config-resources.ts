import type { Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { toKafkaFailure } from '../errors/kafka-failure.js';
import type { RequestContext } from '../request-context.js';
import { AclOperation, authorizedCluster, authorizedTopic } from '../security/authorizer/authorize.js';

/**
 * Shared by DescribeConfigs, AlterConfigs and IncrementalAlterConfigs: resource types, operations,
 * and the per-resource result both alter responses carry.
 */
export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;
export const RESOURCE_BROKER_LOGGER = 8;

/**
 * Kafka's rule for config resources: a topic's configs need DESCRIBE_CONFIGS / ALTER_CONFIGS on
 * the topic (else TOPIC_AUTHORIZATION_FAILED), a broker's (or its loggers') on the cluster (else
 * CLUSTER_AUTHORIZATION_FAILED). Throws the code, for the per-resource error of the response.
 */
export function requireConfigAccess(ctx: RequestContext, resourceType: number, name: string, alter: boolean): void {
  const op = alter ? AclOperation.ALTER_CONFIGS : AclOperation.DESCRIBE_CONFIGS;
  if (resourceType === RESOURCE_TOPIC) {
    if (!authorizedTopic(ctx, op, name)) throw new KafkaError(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  } else if (resourceType === RESOURCE_BROKER || resourceType === RESOURCE_BROKER_LOGGER) {
    if (!authorizedCluster(ctx, op)) throw new KafkaError(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
  }
}

export const OP_SET = 0;
export const OP_DELETE = 1;
export const OP_APPEND = 2;
export const OP_SUBTRACT = 3;

export interface ResourceResult {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  errorMessage: string | null;
}

/** Fills a fresh response entry (from the generated default factory) for one resource. */
export function resourceResult<T extends ResourceResult>(
  fresh: T,
  type: number,
  name: string,
  errorCode: number,
  errorMessage: string | null,
): T {
  fresh.resourceType = type;
  fresh.resourceName = name;
  fresh.errorCode = errorCode;
  fresh.errorMessage = errorMessage;
  return fresh;
}

/**
 * Applies an alter request resource by resource: each succeeds or fails alone, its error carried
 * in its own result, as Kafka answers AlterConfigs and IncrementalAlterConfigs.
 */
export async function alterEachResource<
  R extends { resourceType: number; resourceName: string },
  T extends ResourceResult,
>(logger: Logger, resources: readonly R[], fresh: () => T, apply: (resource: R) => Promise<void>): Promise<T[]> {
  const out: T[] = [];
  for (const res of resources) {
    try {
      await apply(res);
      out.push(resourceResult(fresh(), res.resourceType, res.resourceName, 0, null));
    } catch (err) {
      const e = toKafkaFailure(err, logger);
      out.push(resourceResult(fresh(), res.resourceType, res.resourceName, e.code, e.message));
    }
  }
  return out;
}
