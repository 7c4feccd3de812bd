/**
 * CreateAcls, DescribeAcls and DeleteAcls in the shapes of Java's Admin: an AclBinding is a
 * resource pattern with an access control entry; an AclBindingFilter matches bindings (omitted
 * fields match anything, patternType MATCH finds every pattern that applies to a name). Names are
 * Java's enum names ('TOPIC', 'PREFIXED', 'READ', 'ALLOW'). Any broker answers: ACLs are cluster
 * metadata.
 */
import { ApiKey, KafkaError } from '@samsa/protocol';
import type { Cluster } from '../metadata/cluster.js';

export const ACL_RESOURCE_TYPES = [
  'UNKNOWN',
  'ANY',
  'TOPIC',
  'GROUP',
  'CLUSTER',
  'TRANSACTIONAL_ID',
  'DELEGATION_TOKEN',
  'USER',
] as const;
export type AclResourceType = (typeof ACL_RESOURCE_TYPES)[number];
export const ACL_PATTERN_TYPES = ['UNKNOWN', 'ANY', 'MATCH', 'LITERAL', 'PREFIXED'] as const;
export type AclPatternType = (typeof ACL_PATTERN_TYPES)[number];
export const ACL_OPERATIONS = [
  'UNKNOWN',
  'ANY',
  'ALL',
  'READ',
  'WRITE',
  'CREATE',
  'DELETE',
  'ALTER',
  'DESCRIBE',
  'CLUSTER_ACTION',
  'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS',
  'IDEMPOTENT_WRITE',
  'CREATE_TOKENS',
  'DESCRIBE_TOKENS',
] as const;
export type AclOperationName = (typeof ACL_OPERATIONS)[number];
export const ACL_PERMISSION_TYPES = ['UNKNOWN', 'ANY', 'DENY', 'ALLOW'] as const;
export type AclPermissionTypeName = (typeof ACL_PERMISSION_TYPES)[number];

export interface ResourcePattern {
  resourceType: AclResourceType;
  name: string;
  patternType: AclPatternType;
}

export interface AccessControlEntry {
  /** "User:alice", or "User:*" for everyone. */
  principal: string;
  /** An IP address, or "*" for every host. */
  host: string;
  operation: AclOperationName;
  permissionType: AclPermissionTypeName;
}

export interface AclBinding {
  pattern: ResourcePattern;
  entry: AccessControlEntry;
}

export interface AclBindingFilter {
  patternFilter: { resourceType?: AclResourceType; name?: string | null; patternType?: AclPatternType };
  entryFilter: {
    principal?: string | null;
    host?: string | null;
    operation?: AclOperationName;
    permissionType?: AclPermissionTypeName;
  };
}

/** Matches every binding (Java's AclBindingFilter.ANY). */
export const ANY_ACL_FILTER: AclBindingFilter = { patternFilter: {}, entryFilter: {} };

const code = <T extends string>(names: readonly T[], name: T): number => {
  const i = names.indexOf(name);
  if (i < 0) throw new KafkaError(42, `unknown ACL name ${name}`);
  return i;
};
const nameOf = <T extends string>(names: readonly T[], n: number): T => names[n] ?? (names[0] as T);

function wireFilter(f: AclBindingFilter) {
  return {
    resourceTypeFilter: code(ACL_RESOURCE_TYPES, f.patternFilter.resourceType ?? 'ANY'),
    resourceNameFilter: f.patternFilter.name ?? null,
    patternTypeFilter: code(ACL_PATTERN_TYPES, f.patternFilter.patternType ?? 'ANY'),
    principalFilter: f.entryFilter.principal ?? null,
    hostFilter: f.entryFilter.host ?? null,
    operation: code(ACL_OPERATIONS, f.entryFilter.operation ?? 'ANY'),
    permissionType: code(ACL_PERMISSION_TYPES, f.entryFilter.permissionType ?? 'ANY'),
  };
}

function bindingOf(r: {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}): AclBinding {
  return {
    pattern: {
      resourceType: nameOf(ACL_RESOURCE_TYPES, r.resourceType),
      name: r.resourceName,
      patternType: nameOf(ACL_PATTERN_TYPES, r.patternType),
    },
    entry: {
      principal: r.principal,
      host: r.host,
      operation: nameOf(ACL_OPERATIONS, r.operation),
      permissionType: nameOf(ACL_PERMISSION_TYPES, r.permissionType),
    },
  };
}

/** Creates every binding; throws the first failure (its Kafka code), naming the binding. */
export async function createAcls(cluster: Cluster, bindings: AclBinding[], signal?: AbortSignal): Promise<void> {
  const res = await cluster.any(
    ApiKey.CreateAcls,
    {
      creations: bindings.map((b) => ({
        resourceType: code(ACL_RESOURCE_TYPES, b.pattern.resourceType),
        resourceName: b.pattern.name,
        resourcePatternType: code(ACL_PATTERN_TYPES, b.pattern.patternType),
        principal: b.entry.principal,
        host: b.entry.host,
        operation: code(ACL_OPERATIONS, b.entry.operation),
        permissionType: code(ACL_PERMISSION_TYPES, b.entry.permissionType),
      })),
    },
    { signal },
  );
  res.results.forEach((r, i) => {
    if (r.errorCode !== 0) {
      throw new KafkaError(r.errorCode, `ACL ${JSON.stringify(bindings[i])}: ${r.errorMessage ?? ''}`);
    }
  });
}

/** Every binding the filter matches. */
export async function describeAcls(
  cluster: Cluster,
  filter: AclBindingFilter,
  signal?: AbortSignal,
): Promise<AclBinding[]> {
  const res = await cluster.any(ApiKey.DescribeAcls, wireFilter(filter), { signal });
  if (res.errorCode !== 0) throw new KafkaError(res.errorCode, res.errorMessage);
  return res.resources.flatMap((r) =>
    r.acls.map((a) =>
      bindingOf({ ...a, resourceType: r.resourceType, resourceName: r.resourceName, patternType: r.patternType }),
    ),
  );
}

/** Deletes what each filter matches; every binding deleted (Java's DeleteAclsResult.all()). */
export async function deleteAcls(
  cluster: Cluster,
  filters: AclBindingFilter[],
  signal?: AbortSignal,
): Promise<AclBinding[]> {
  const res = await cluster.any(ApiKey.DeleteAcls, { filters: filters.map(wireFilter) }, { signal });
  const out: AclBinding[] = [];
  for (const r of res.filterResults) {
    if (r.errorCode !== 0) throw new KafkaError(r.errorCode, r.errorMessage);
    out.push(...r.matchingAcls.map(bindingOf));
  }
  return out;
}
