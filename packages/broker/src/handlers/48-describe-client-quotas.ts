/**
 * DescribeClientQuotas (key 48), v0-1.
 * - Each filter component names an entity type ('user', 'client-id', 'ip') and a match: 0 exact
 *   name, 1 the default entity, 2 any entity of that type (the default included, as Kafka's
 *   ZooKeeper-mode brokers answer).
 * - strict: entities with types the filter does not mention are left out.
 * - A malformed filter (unknown type or match type, a type twice, a match string where none
 *   belongs or none where one does, ip with user or client-id) fails the whole request with
 *   INVALID_REQUEST and a message; entries is then null.
 * - In cluster mode the answer is read from ZooKeeper, as Kafka's ZooKeeper-mode brokers do: a
 *   change made through another broker shows at once, not when this broker's watch fires.
 * - Needs DESCRIBE_CONFIGS on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  type DescribeClientQuotasRequest,
  type DescribeClientQuotasRequestComponentData,
  defaultDescribeClientQuotasResponse,
  ErrorCode,
} from '@samsa/protocol';
import type { QuotaEntity } from '../metadata/metadata-store.js';
import { ENTITY_TYPES, IP } from '../quota/quota-entity.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

const EXACT = 0;
const DEFAULT = 1;
const SPECIFIED = 2;

function invalidFilter(components: DescribeClientQuotasRequestComponentData[]): string | null {
  const seen = new Set<string>();
  for (const c of components) {
    if (!ENTITY_TYPES.includes(c.entityType)) return `Custom entity type '${c.entityType}' not supported`;
    if (seen.has(c.entityType)) return `Duplicate ${c.entityType} filter component entity type`;
    seen.add(c.entityType);
    if (c.matchType === EXACT && c.match === null) return 'Request specified MATCH_EXACT, but set match string to null';
    if (c.matchType === DEFAULT && c.match !== null)
      return 'Request specified MATCH_DEFAULT, but also specified a match string';
    if (c.matchType === SPECIFIED && c.match !== null)
      return 'Request specified MATCH_SPECIFIED, but also specified a match string';
    if (c.matchType !== EXACT && c.matchType !== DEFAULT && c.matchType !== SPECIFIED)
      return `Unexpected match type: ${c.matchType}`;
  }
  if (seen.has(IP) && seen.size > 1)
    return 'Invalid entity filter component combination, IP filter component should not be used with User or ClientId filter component.';
  return null;
}

function matches(entity: QuotaEntity, request: DescribeClientQuotasRequest): boolean {
  for (const c of request.components) {
    if (!(c.entityType in entity)) return false;
    const name = entity[c.entityType];
    if (c.matchType === EXACT && name !== c.match) return false;
    if (c.matchType === DEFAULT && name !== null) return false;
  }
  if (request.strict) {
    const named = new Set(request.components.map((c) => c.entityType));
    if (Object.keys(entity).some((t) => !named.has(t))) return false;
  }
  return true;
}

export default defineHandler({
  apiKey: 48,
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.DESCRIBE_CONFIGS);
    const invalid = invalidFilter(request.components);
    if (invalid !== null) {
      const r = defaultDescribeClientQuotasResponse();
      r.errorCode = ErrorCode.INVALID_REQUEST;
      r.errorMessage = invalid;
      r.entries = null;
      return r;
    }
    const r = defaultDescribeClientQuotasResponse();
    r.errorMessage = null;
    r.entries = (await ctx.broker.quotas.describe())
      .filter((q) => matches(q.entity, request))
      .map((q) => ({
        entity: ENTITY_TYPES.filter((t) => t in q.entity).map((t) => ({
          entityType: t,
          entityName: q.entity[t] ?? null,
        })),
        values: Object.entries(q.quotas).map(([key, value]) => ({ key, value })),
      }));
    return r;
  },
  errorResponse(_request, errorCode) {
    const r = defaultDescribeClientQuotasResponse();
    r.errorCode = errorCode;
    r.errorMessage = null;
    r.entries = null;
    return r;
  },
});
