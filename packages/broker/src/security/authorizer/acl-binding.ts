/**
 * ACL bindings and binding filters (Kafka's AclBinding / AclBindingFilter): a resource pattern with
 * an access control entry, and what CreateAcls accepts, DescribeAcls and DeleteAcls match with.
 * Pure functions; the rules are Kafka's ResourcePatternFilter.matches and AccessControlEntryFilter.
 */
import {
  AclOperation,
  AclPermissionType,
  CLUSTER_NAME,
  PatternType,
  parsePrincipal,
  ResourceType,
  WILDCARD,
} from './acl-types.js';

export interface ResourcePattern {
  resourceType: number;
  name: string;
  patternType: number;
}

export interface AccessControlEntry {
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

export interface AclBinding {
  pattern: ResourcePattern;
  entry: AccessControlEntry;
}

/** A filter: ANY / null match everything; MATCH finds every pattern that would apply to a name. */
export interface AclBindingFilter {
  resourceType: number;
  name: string | null;
  patternType: number;
  principal: string | null;
  host: string | null;
  operation: number;
  permissionType: number;
}

export const patternKey = (p: ResourcePattern): string => `${p.resourceType}\u0000${p.patternType}\u0000${p.name}`;
export const entryKey = (e: AccessControlEntry): string =>
  `${e.principal}\u0000${e.host}\u0000${e.operation}\u0000${e.permissionType}`;

/** Why a binding cannot be created, or null. Kafka's messages for CreateAcls' INVALID_REQUEST. */
export function invalidBinding(b: AclBinding): string | null {
  const { pattern: p, entry: e } = b;
  const concreteType = p.resourceType >= ResourceType.TOPIC && p.resourceType <= ResourceType.USER;
  if (!concreteType) return 'Invalid ACL resource type';
  if (p.patternType !== PatternType.LITERAL && p.patternType !== PatternType.PREFIXED)
    return 'Invalid ACL pattern type';
  if (p.name === '') return 'Resource name should not be empty';
  if (p.resourceType === ResourceType.CLUSTER && p.name !== CLUSTER_NAME)
    return 'The only valid name for the CLUSTER resource is kafka-cluster';
  if (p.patternType === PatternType.PREFIXED && p.name === WILDCARD)
    return 'Wildcard resource names are only allowed with the LITERAL pattern type';
  if (e.operation < AclOperation.ALL || e.operation > AclOperation.DESCRIBE_TOKENS) return 'Invalid ACL operation';
  if (e.permissionType !== AclPermissionType.ALLOW && e.permissionType !== AclPermissionType.DENY)
    return 'Invalid ACL permission type';
  if (parsePrincipal(e.principal) === null) return `Could not parse principal from \`${e.principal}\``;
  if (e.host === '') return 'Host should not be empty';
  return null;
}

/** Why a filter is malformed (DescribeAcls / DeleteAcls answer INVALID_REQUEST), or null. */
export function invalidFilter(f: AclBindingFilter): string | null {
  if (f.resourceType === ResourceType.UNKNOWN || f.resourceType > ResourceType.USER) return 'Invalid resource type';
  if (f.patternType === PatternType.UNKNOWN || f.patternType > PatternType.PREFIXED) return 'Invalid pattern type';
  if (f.operation === AclOperation.UNKNOWN || f.operation > AclOperation.DESCRIBE_TOKENS) return 'Invalid operation';
  if (f.permissionType === AclPermissionType.UNKNOWN || f.permissionType > AclPermissionType.ALLOW)
    return 'Invalid permission type';
  if (f.principal !== null && parsePrincipal(f.principal) === null)
    return `Could not parse principal from \`${f.principal}\``;
  return null;
}

/** Kafka's ResourcePatternFilter.matches (including MATCH: literal, wildcard and prefixes of the name). */
export function patternMatches(f: AclBindingFilter, p: ResourcePattern): boolean {
  if (f.resourceType !== ResourceType.ANY && f.resourceType !== p.resourceType) return false;
  if (f.patternType === PatternType.MATCH) {
    if (f.name === null) return true;
    if (p.patternType === PatternType.LITERAL) return p.name === f.name || p.name === WILDCARD;
    return p.patternType === PatternType.PREFIXED && f.name.startsWith(p.name);
  }
  if (f.patternType !== PatternType.ANY && f.patternType !== p.patternType) return false;
  return f.name === null || f.name === p.name;
}

export function entryMatches(f: AclBindingFilter, e: AccessControlEntry): boolean {
  if (f.principal !== null && f.principal !== e.principal) return false;
  if (f.host !== null && f.host !== e.host) return false;
  if (f.operation !== AclOperation.ANY && f.operation !== e.operation) return false;
  return f.permissionType === AclPermissionType.ANY || f.permissionType === e.permissionType;
}

export const bindingMatches = (f: AclBindingFilter, b: AclBinding): boolean =>
  patternMatches(f, b.pattern) && entryMatches(f, b.entry);

/** The filter that matches exactly this binding (what a created binding is deleted with). */
export function exactFilter(b: AclBinding): AclBindingFilter {
  return { ...b.pattern, ...b.entry };
}
