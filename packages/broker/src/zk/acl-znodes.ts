/**
 * The ACL znodes, in Kafka's ZooKeeper layout (ZkData.scala's ZkAclStore, ResourceZNode and the
 * change stores), so Kafka's own tools and brokers read what we write:
 * - literal patterns: /kafka-acl/<Type>/<name>; prefixed: /kafka-acl-extended/prefixed/<Type>/<name>
 *   holding `{"version":1,"acls":[{"principal","permissionType","operation","host"}]}` with the
 *   camel-case names ("Allow", "Read", "TransactionalId");
 * - a change to a literal pattern is announced by a sequential node
 *   /kafka-acl-changes/acl_changes_NNNNNNNNNN holding "<TYPE>:<name>", to a prefixed one under
 *   /kafka-acl-extended-changes holding `{"version":1,"resourceType","name","patternType"}`.
 */
import type { AccessControlEntry, ResourcePattern } from '../security/authorizer/acl-binding.js';
import {
  camelName,
  operationName,
  PatternType,
  parseOperation,
  parsePatternType,
  parsePermissionType,
  parseResourceType,
  permissionTypeName,
  ResourceType,
  resourceTypeName,
} from '../security/authorizer/acl-types.js';
import { ZNodeDecodeError } from './znodes.js';

export const ACL_CHANGE_PREFIX = 'acl_changes_';
const LITERAL_ROOT = '/kafka-acl';
const PREFIXED_ROOT = '/kafka-acl-extended/prefixed';
const LITERAL_CHANGES = '/kafka-acl-changes';
const EXTENDED_CHANGES = '/kafka-acl-extended-changes';

/** The concrete resource types, in the order Kafka lists them. */
export const ACL_RESOURCE_TYPES = [
  ResourceType.TOPIC,
  ResourceType.GROUP,
  ResourceType.CLUSTER,
  ResourceType.TRANSACTIONAL_ID,
  ResourceType.DELEGATION_TOKEN,
  ResourceType.USER,
] as const;

const rootOf = (patternType: number): string => (patternType === PatternType.PREFIXED ? PREFIXED_ROOT : LITERAL_ROOT);

/** /kafka-acl/<Type> and /kafka-acl-extended/prefixed/<Type>: parents of the resource znodes. */
export const AclTypeZNode = {
  path: (patternType: number, resourceType: number): string =>
    `${rootOf(patternType)}/${camelName(resourceTypeName(resourceType))}`,
  /** Every type directory, for creating them at start-up and reading every ACL. */
  all(): Array<{ patternType: number; resourceType: number; path: string }> {
    return [PatternType.LITERAL, PatternType.PREFIXED].flatMap((patternType) =>
      ACL_RESOURCE_TYPES.map((resourceType) => ({
        patternType,
        resourceType,
        path: this.path(patternType, resourceType),
      })),
    );
  },
};

function field(path: string, o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ZNodeDecodeError(path, `${key} missing`);
  return v;
}

/** One resource pattern's ACLs. */
export const AclResourceZNode = {
  path: (p: ResourcePattern): string => `${AclTypeZNode.path(p.patternType, p.resourceType)}/${p.name}`,
  encode: (entries: readonly AccessControlEntry[]): Buffer =>
    Buffer.from(
      JSON.stringify({
        version: 1,
        acls: entries.map((e) => ({
          principal: e.principal,
          permissionType: camelName(permissionTypeName(e.permissionType)),
          operation: camelName(operationName(e.operation)),
          host: e.host,
        })),
      }),
      'utf8',
    ),
  decode(p: ResourcePattern, data: Buffer): AccessControlEntry[] {
    const path = this.path(p);
    if (data.length === 0) return [];
    let o: unknown;
    try {
      o = JSON.parse(data.toString('utf8'));
    } catch {
      throw new ZNodeDecodeError(path, 'not JSON');
    }
    const acls = (o as { acls?: unknown } | null)?.acls;
    if (!Array.isArray(acls)) throw new ZNodeDecodeError(path, 'acls missing');
    return acls.map((a: Record<string, unknown>) => {
      const operation = parseOperation(field(path, a, 'operation'));
      const permissionType = parsePermissionType(field(path, a, 'permissionType'));
      if (operation === undefined || permissionType === undefined)
        throw new ZNodeDecodeError(path, `bad operation or permission type in ${JSON.stringify(a)}`);
      return { principal: field(path, a, 'principal'), host: field(path, a, 'host'), operation, permissionType };
    });
  },
};

/** The change notifications: where one is created for a pattern, and the pattern one names. */
export const AclChangeZNode = {
  roots: [LITERAL_CHANGES, EXTENDED_CHANGES] as const,
  /** The prefix of the sequential node to create for a change of `p`. */
  createPath: (p: ResourcePattern): string =>
    `${p.patternType === PatternType.LITERAL ? LITERAL_CHANGES : EXTENDED_CHANGES}/${ACL_CHANGE_PREFIX}`,
  encode(p: ResourcePattern): Buffer {
    if (p.patternType === PatternType.LITERAL)
      return Buffer.from(`${resourceTypeName(p.resourceType)}:${p.name}`, 'utf8');
    return Buffer.from(
      JSON.stringify({
        version: 1,
        resourceType: resourceTypeName(p.resourceType),
        name: p.name,
        patternType: 'PREFIXED',
      }),
      'utf8',
    );
  },
  decode(root: string, child: string, data: Buffer): ResourcePattern {
    const path = `${root}/${child}`;
    const text = data.toString('utf8');
    if (root === LITERAL_CHANGES) {
      const i = text.indexOf(':');
      const resourceType = i > 0 ? parseResourceType(text.slice(0, i)) : undefined;
      if (resourceType === undefined) throw new ZNodeDecodeError(path, `not <type>:<name>: ${text.slice(0, 100)}`);
      return { resourceType, name: text.slice(i + 1), patternType: PatternType.LITERAL };
    }
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ZNodeDecodeError(path, 'not JSON');
    }
    const resourceType = parseResourceType(field(path, o, 'resourceType'));
    const patternType = parsePatternType(field(path, o, 'patternType'));
    if (resourceType === undefined || patternType === undefined)
      throw new ZNodeDecodeError(path, 'bad resourceType or patternType');
    return { resourceType, name: field(path, o, 'name'), patternType };
  },
};
