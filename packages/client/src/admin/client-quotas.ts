/**
 * DescribeClientQuotas and AlterClientQuotas (KIP-546): the quotas of users, client ids and IPs,
 * taken and returned the way Java's Admin.describeClientQuotas / alterClientQuotas do. Any broker
 * answers: quotas are cluster metadata.
 */
import { ApiKey, KafkaError } from '@samsa/protocol';
import type { Cluster } from '../metadata/cluster.js';

export type QuotaEntityType = 'user' | 'client-id' | 'ip';

/**
 * An entity: a name per entity type it combines (a user, a client id, or both; or an IP), null for
 * that type's default entity. `{ user: 'alice', 'client-id': null }` is alice's default client.
 */
export type QuotaEntity = Partial<Record<QuotaEntityType, string | null>>;

/** One condition of a filter: an exact name, null for the default entity, or omitted for any entity of the type. */
export interface QuotaFilterComponent {
  entityType: QuotaEntityType;
  match?: string | null;
}

export interface QuotaFilter {
  components: QuotaFilterComponent[];
  /** Only entities of exactly these types (Java's ClientQuotaFilter.containsOnly); default false. */
  strict?: boolean;
}

export interface EntityQuotas {
  entity: QuotaEntity;
  /** Quota key (producer_byte_rate, consumer_byte_rate, request_percentage, ...) → value. */
  quotas: Record<string, number>;
}

export interface QuotaAlteration {
  entity: QuotaEntity;
  /** Key → new value, or null to remove the quota. */
  quotas: Record<string, number | null>;
}

const MATCH_EXACT = 0;
const MATCH_DEFAULT = 1;
const MATCH_ANY = 2;

function entityOf(parts: Array<{ entityType: string; entityName: string | null }>): QuotaEntity {
  return Object.fromEntries(parts.map((p) => [p.entityType, p.entityName])) as QuotaEntity;
}

export async function describeClientQuotas(
  cluster: Cluster,
  filter: QuotaFilter,
  signal?: AbortSignal,
): Promise<EntityQuotas[]> {
  const res = await cluster.any(
    ApiKey.DescribeClientQuotas,
    {
      components: filter.components.map((c) => ({
        entityType: c.entityType,
        matchType: c.match === undefined ? MATCH_ANY : c.match === null ? MATCH_DEFAULT : MATCH_EXACT,
        match: c.match ?? null,
      })),
      strict: filter.strict ?? false,
    },
    { signal },
  );
  if (res.errorCode !== 0) throw new KafkaError(res.errorCode, res.errorMessage);
  return (res.entries ?? []).map((e) => ({
    entity: entityOf(e.entity),
    quotas: Object.fromEntries(e.values.map((v) => [v.key, v.value])),
  }));
}

/** Applies every alteration; throws the first entity's error, naming the entity. */
export async function alterClientQuotas(
  cluster: Cluster,
  alterations: QuotaAlteration[],
  validateOnly: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const res = await cluster.any(
    ApiKey.AlterClientQuotas,
    {
      entries: alterations.map((a) => ({
        entity: Object.entries(a.entity).map(([entityType, entityName]) => ({
          entityType,
          entityName: entityName ?? null,
        })),
        ops: Object.entries(a.quotas).map(([key, value]) => ({ key, value: value ?? 0, remove: value === null })),
      })),
      validateOnly,
    },
    { signal },
  );
  for (const e of res.entries) {
    if (e.errorCode !== 0) {
      throw new KafkaError(e.errorCode, `quotas of ${JSON.stringify(entityOf(e.entity))}: ${e.errorMessage ?? ''}`);
    }
  }
}
