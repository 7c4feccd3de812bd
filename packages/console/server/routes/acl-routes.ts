/**
 * ACLs, with Kafka's names for resource types, pattern types, operations and permissions:
 * - GET /api/acls?resourceType=&name=&patternType=&principal= lists the bindings that match
 *   (DescribeAcls; patternType MATCH finds every ACL that applies to a name), with the names the
 *   create form offers;
 * - POST /api/acls { resourceType, name, patternType, principal, host?, operation, permissionType }
 *   creates one binding → 201;
 * - POST /api/acls/delete { same fields } deletes exactly that binding and answers what was
 *   deleted (a body, which DELETE requests do not reliably carry).
 * The cluster's own refusals come back mapped (SECURITY_DISABLED without an authorizer, 403 without
 * ALTER on the cluster).
 */
import {
  ACL_OPERATIONS,
  ACL_PATTERN_TYPES,
  ACL_RESOURCE_TYPES,
  type AclBinding,
  type AclBindingFilter,
} from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { badRequest, kafkaCall } from '../http-errors.js';
import { objectBody, type Query } from './query-params.js';

// What a concrete binding may use (Java's AclBinding refuses ANY, MATCH and UNKNOWN).
const RESOURCE_TYPES = ACL_RESOURCE_TYPES.filter((t) => t !== 'UNKNOWN' && t !== 'ANY');
const PATTERN_TYPES = ['LITERAL', 'PREFIXED'] as const;
const OPERATIONS = ACL_OPERATIONS.filter((o) => o !== 'UNKNOWN' && o !== 'ANY');
const PERMISSIONS = ['ALLOW', 'DENY'] as const;

function pick<T extends string>(v: unknown, name: string, values: readonly T[], dflt?: T): T {
  if ((v === undefined || v === '') && dflt !== undefined) return dflt;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    throw badRequest(`${name} must be one of ${values.join(', ')}`);
  return v as T;
}

function text(v: unknown, name: string, dflt?: string): string {
  if ((v === undefined || v === '') && dflt !== undefined) return dflt;
  if (typeof v !== 'string' || v === '') throw badRequest(`${name} is required`);
  return v;
}

/** A binding from a request body; every field checked with a 400 naming it. */
export function bindingOf(body: unknown): AclBinding {
  const o = objectBody(body);
  const principal = text(o.principal, 'principal');
  if (!/^[^:]+:.+$/.test(principal)) throw badRequest('principal must look like User:alice');
  return {
    pattern: {
      resourceType: pick(o.resourceType, 'resourceType', RESOURCE_TYPES),
      name: text(o.name, 'name'),
      patternType: pick(o.patternType, 'patternType', PATTERN_TYPES, 'LITERAL'),
    },
    entry: {
      principal,
      host: text(o.host, 'host', '*'),
      operation: pick(o.operation, 'operation', OPERATIONS),
      permissionType: pick(o.permissionType, 'permissionType', PERMISSIONS, 'ALLOW'),
    },
  };
}

export function aclRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.get<{ Querystring: Query }>('/api/acls', async (req) => {
    const q = req.query;
    const filter: AclBindingFilter = {
      patternFilter: {
        resourceType: pick(q.resourceType, 'resourceType', ACL_RESOURCE_TYPES, 'ANY'),
        name: q.name || null,
        patternType: pick(q.patternType, 'patternType', ACL_PATTERN_TYPES, 'ANY'),
      },
      entryFilter: { principal: q.principal || null },
    };
    const acls = await kafkaCall(() => ctx.admin.describeAcls(filter));
    return {
      acls,
      choices: {
        resourceTypes: RESOURCE_TYPES,
        patternTypes: PATTERN_TYPES,
        operations: OPERATIONS,
        permissionTypes: PERMISSIONS,
      },
    };
  });

  app.post('/api/acls', async (req, reply) => {
    const binding = bindingOf(req.body);
    await kafkaCall(() => ctx.admin.createAcls([binding]));
    ctx.logger.info({ acl: binding }, 'ACL created from the console');
    reply.code(201);
    return binding;
  });

  app.post('/api/acls/delete', async (req) => {
    const b = bindingOf(req.body);
    const deleted = await kafkaCall(() => ctx.admin.deleteAcls([{ patternFilter: b.pattern, entryFilter: b.entry }]));
    ctx.logger.info({ acl: b, deleted: deleted.length }, 'ACL deleted from the console');
    return { deleted };
  });
}
