/**
 * What handlers call to authorize, one line each: whether the request's principal, from its host,
 * may perform an operation on a resource. With no authorizer configured everything is allowed, as
 * in Kafka. `requireCluster` throws CLUSTER_AUTHORIZATION_FAILED, which the dispatcher turns into
 * the handler's error response (the whole request refused, as Kafka answers cluster-level APIs).
 */
import { ErrorCode, KafkaError } from '@samsa/protocol';
import type { RequestContext } from '../../request-context.js';
import { AclOperation, CLUSTER_NAME, ResourceType } from './acl-types.js';

export { AclOperation, ResourceType };

export function authorized(
  ctx: RequestContext,
  operation: number,
  resourceType: number,
  name: string,
  logIfDenied = true,
): boolean {
  const a = ctx.broker.authorizer;
  return !a || a.authorize(ctx.principal, ctx.clientHost, operation, resourceType, name, logIfDenied);
}

export const authorizedTopic = (ctx: RequestContext, operation: number, topic: string, logIfDenied = true) =>
  authorized(ctx, operation, ResourceType.TOPIC, topic, logIfDenied);

export const authorizedGroup = (ctx: RequestContext, operation: number, group: string, logIfDenied = true) =>
  authorized(ctx, operation, ResourceType.GROUP, group, logIfDenied);

export const authorizedCluster = (ctx: RequestContext, operation: number, logIfDenied = true) =>
  authorized(ctx, operation, ResourceType.CLUSTER, CLUSTER_NAME, logIfDenied);

export const authorizedTransactionalId = (ctx: RequestContext, operation: number, id: string) =>
  authorized(ctx, operation, ResourceType.TRANSACTIONAL_ID, id);

/** Refuses the whole request with CLUSTER_AUTHORIZATION_FAILED unless `operation` on CLUSTER is allowed. */
export function requireCluster(ctx: RequestContext, operation: number): void {
  if (!authorizedCluster(ctx, operation)) throw new KafkaError(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
}

/** Throws `code` unless `operation` on the resource is allowed (for single-resource requests). */
export function requireAuthorized(
  ctx: RequestContext,
  operation: number,
  resourceType: number,
  name: string,
  code: number,
): void {
  if (!authorized(ctx, operation, resourceType, name)) throw new KafkaError(code);
}

/** The operations Kafka reports as "authorized operations" per resource type (AclEntry.supportedOperations). */
const SUPPORTED_OPERATIONS: Record<number, readonly number[]> = {
  [ResourceType.TOPIC]: [
    AclOperation.READ,
    AclOperation.WRITE,
    AclOperation.CREATE,
    AclOperation.DESCRIBE,
    AclOperation.DELETE,
    AclOperation.ALTER,
    AclOperation.DESCRIBE_CONFIGS,
    AclOperation.ALTER_CONFIGS,
  ],
  [ResourceType.GROUP]: [AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE],
  [ResourceType.CLUSTER]: [
    AclOperation.CREATE,
    AclOperation.CLUSTER_ACTION,
    AclOperation.DESCRIBE_CONFIGS,
    AclOperation.ALTER_CONFIGS,
    AclOperation.IDEMPOTENT_WRITE,
    AclOperation.ALTER,
    AclOperation.DESCRIBE,
  ],
};

/**
 * The bit field of operations the principal may perform on a resource (bit = operation code), as
 * Metadata, DescribeGroups and DescribeCluster report when asked: every supported operation
 * without an authorizer, the allowed ones with it (checked without logging denials).
 */
export function authorizedOperations(ctx: RequestContext, resourceType: number, name: string): number {
  let bits = 0;
  for (const op of SUPPORTED_OPERATIONS[resourceType] ?? []) {
    if (authorized(ctx, op, resourceType, name, false)) bits |= 1 << op;
  }
  return bits;
}
