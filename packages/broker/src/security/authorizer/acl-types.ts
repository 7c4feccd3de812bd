/**
 * Kafka's ACL vocabulary with its wire codes (org.apache.kafka.common.acl / .resource): resource
 * types, pattern types, operations and permission types, plus the names Kafka writes in ZooKeeper
 * and prints in its tools. Pure data; nothing here does I/O.
 */

export const ResourceType = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
  USER: 7,
} as const;
export type ResourceType = (typeof ResourceType)[keyof typeof ResourceType];

export const PatternType = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export type PatternType = (typeof PatternType)[keyof typeof PatternType];

export const AclOperation = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
} as const;
export type AclOperation = (typeof AclOperation)[keyof typeof AclOperation];

export const AclPermissionType = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;
export type AclPermissionType = (typeof AclPermissionType)[keyof typeof AclPermissionType];

/** The only name a CLUSTER resource has. */
export const CLUSTER_NAME = 'kafka-cluster';
/** A resource name, principal or host that matches every value. */
export const WILDCARD = '*';
export const WILDCARD_PRINCIPAL = 'User:*';

const invert = <T extends Record<string, number>>(o: T): Map<number, keyof T & string> =>
  new Map(Object.entries(o).map(([k, v]) => [v, k as keyof T & string]));

const RESOURCE_NAMES = invert(ResourceType);
const PATTERN_NAMES = invert(PatternType);
const OPERATION_NAMES = invert(AclOperation);
const PERMISSION_NAMES = invert(AclPermissionType);

/** Upper-case enum names, as Java's toString prints them (TOPIC, LITERAL, READ, ALLOW). */
export const resourceTypeName = (t: number): string => RESOURCE_NAMES.get(t) ?? 'UNKNOWN';
export const patternTypeName = (t: number): string => PATTERN_NAMES.get(t) ?? 'UNKNOWN';
export const operationName = (o: number): string => OPERATION_NAMES.get(o) ?? 'UNKNOWN';
export const permissionTypeName = (p: number): string => PERMISSION_NAMES.get(p) ?? 'UNKNOWN';

/** "TRANSACTIONAL_ID" → "TransactionalId": the camel-case names of ZooKeeper paths and ACL JSON. */
export function camelName(upper: string): string {
  return upper
    .toLowerCase()
    .split('_')
    .map((w) => (w[0] ?? '').toUpperCase() + w.slice(1))
    .join('');
}

/** Parses an enum name in either spelling ("TransactionalId", "TRANSACTIONAL_ID", "transactional_id"). */
function parseName<T extends Record<string, number>>(table: T, name: string): T[keyof T] | undefined {
  const key = name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return key in table ? (table[key as keyof T] as T[keyof T]) : undefined;
}
export const parseResourceType = (n: string) => parseName(ResourceType, n);
export const parsePatternType = (n: string) => parseName(PatternType, n);
export const parseOperation = (n: string) => parseName(AclOperation, n);
export const parsePermissionType = (n: string) => parseName(AclPermissionType, n);

import { ANONYMOUS, type KafkaPrincipal, principalToString } from '../kafka-principal.js';

// The one principal type lives beside authentication (security/kafka-principal.ts).
export { ANONYMOUS, type KafkaPrincipal };
export const principalString = principalToString;

/** "User:alice" → { type: 'User', name: 'alice' }; null when there is no ':' or an empty part. */
export function parsePrincipal(s: string): KafkaPrincipal | null {
  const i = s.indexOf(':');
  if (i <= 0 || i === s.length - 1) return null;
  return { type: s.slice(0, i), name: s.slice(i + 1) };
}
