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
