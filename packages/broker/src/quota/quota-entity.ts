/**
 * Kafka's client quota vocabulary: entity types, quota keys, and which keys apply to which
 * entities (QuotaConfigs), plus the order in which a (user, client-id) pair finds its quota
 * (DefaultQuotaCallback). Pure functions; no state.
 */
import type { QuotaEntity } from '../metadata/metadata-store.js';
import { IP_QUOTA_CONFIGS, USER_CLIENT_QUOTA_CONFIGS } from './quota-configs.js';

export const USER = 'user';
export const CLIENT_ID = 'client-id';
export const IP = 'ip';
export const ENTITY_TYPES: readonly string[] = [USER, CLIENT_ID, IP];

export {
  CONNECTION_CREATION_RATE,
  CONSUMER_BYTE_RATE,
  CONTROLLER_MUTATION_RATE,
  PRODUCER_BYTE_RATE,
  REQUEST_PERCENTAGE,
} from './quota-configs.js';

/** Why an entity is not one Kafka accepts, or null when it is fine. */
export function invalidEntity(entity: Array<{ entityType: string; entityName: string | null }>): string | null {
  if (entity.length === 0) return 'Invalid empty client quota entity';
  const seen = new Set<string>();
  for (const e of entity) {
    if (!ENTITY_TYPES.includes(e.entityType)) return `Unhandled client quota entity type: ${e.entityType}`;
    if (seen.has(e.entityType)) return `Duplicate ${e.entityType} entity type in the client quota entity`;
    if (e.entityName === '') return `Empty ${e.entityType} not supported`;
    seen.add(e.entityType);
  }
  if (seen.has(IP) && seen.size > 1)
    return 'Invalid quota entity combination, IP entity should not be combined with User or ClientId';
  return null;
}

/** Why `key=value` cannot be set on an entity of these types, or null when it can. */
export function invalidQuota(types: string[], key: string, value: number): string | null {
  const kind = (types.includes(IP) ? IP_QUOTA_CONFIGS : USER_CLIENT_QUOTA_CONFIGS).get(key)?.type;
  if (kind === undefined) return `Invalid configuration key ${key}`;
  if (!Number.isFinite(value)) return `Configuration ${key} must be a number`;
  if ((kind === 'LONG' || kind === 'INT') && !Number.isInteger(value))
    return `Configuration ${key} must be a ${kind === 'LONG' ? 'Long' : 'Integer'} value`;
  return null;
}

/** Canonical text of an entity, for maps: types in a fixed order, the default as a separate marker. */
export function entityKey(entity: QuotaEntity): string {
  return ENTITY_TYPES.filter((t) => t in entity)
    .map((t) => `${t}\u0000${entity[t] === null ? '\u0001' : entity[t]}`)
    .join('\u0000\u0000');
}

/**
 * The entities a (user, client-id) pair consults, most specific first, as Kafka's
 * DefaultQuotaCallback does (null is the default entity):
 * user+client, user+default client, user, default user+client, default user+default client,
 * default user, client, default client.
 */
export function candidates(user: string, clientId: string): QuotaEntity[] {
  return [
    { [USER]: user, [CLIENT_ID]: clientId },
    { [USER]: user, [CLIENT_ID]: null },
    { [USER]: user },
    { [USER]: null, [CLIENT_ID]: clientId },
    { [USER]: null, [CLIENT_ID]: null },
    { [USER]: null },
    { [CLIENT_ID]: clientId },
    { [CLIENT_ID]: null },
  ];
}

/** The user name a quota matches: the principal's name without its type (User:alice → alice). */
export function userOf(principal: string): string {
  return principal.startsWith('User:') ? principal.slice(5) : principal;
}
