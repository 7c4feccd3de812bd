/**
 * The authorization decision, as Kafka's AclAuthorizer / StandardAuthorizer make it, as a pure
 * function of the ACLs that apply to a resource:
 * - a super user is allowed everything;
 * - a resource no ACL applies to (for any principal) is allowed only with
 *   allow.everyone.if.no.acl.found=true;
 * - a DENY entry for the principal (or User:*), the host (or *) and the operation (or ALL) denies;
 * - else an ALLOW entry allows, where READ, WRITE, DELETE and ALTER allow DESCRIBE, ALTER_CONFIGS
 *   allows DESCRIBE_CONFIGS and ALL allows everything; nothing else allows.
 * Implications apply to ALLOW only: DENY READ does not deny DESCRIBE, as in Kafka.
 */
import type { AccessControlEntry } from './acl-binding.js';
import { AclOperation, AclPermissionType, WILDCARD, WILDCARD_PRINCIPAL } from './acl-types.js';

export interface AuthorizationRequest {
  /** "User:alice" */
  principal: string;
  /** The client's IP address as text. */
  host: string;
  operation: number;
}

export interface DecisionSettings {
  superUsers: ReadonlySet<string>;
  allowEveryoneIfNoAclFound: boolean;
}

/** The operations whose ALLOW also allows `op`. */
function allowingOperations(op: number): readonly number[] {
  if (op === AclOperation.DESCRIBE)
    return [AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER];
  if (op === AclOperation.DESCRIBE_CONFIGS) return [AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS];
  return [op];
}

/** Whether the entry names the request's principal (or User:*) and host (or *). */
export function entryApplies(e: AccessControlEntry, req: AuthorizationRequest): boolean {
  return (
    (e.principal === req.principal || e.principal === WILDCARD_PRINCIPAL) &&
    (e.host === req.host || e.host === WILDCARD)
  );
}

/**
 * Allowed or not, from the entries of every pattern that applies to the resource (AclIndex.matching).
 */
export function decide(
  req: AuthorizationRequest,
  matching: readonly (readonly AccessControlEntry[])[],
  settings: DecisionSettings,
): boolean {
  if (settings.superUsers.has(req.principal)) return true;
  if (matching.every((list) => list.length === 0)) return settings.allowEveryoneIfNoAclFound;
  const allowing = allowingOperations(req.operation);
  let allowed = false;
  for (const list of matching) {
    for (const e of list) {
      if (!entryApplies(e, req)) continue;
      if (e.permissionType === AclPermissionType.DENY) {
        if (e.operation === req.operation || e.operation === AclOperation.ALL) return false;
      } else if (e.permissionType === AclPermissionType.ALLOW && !allowed) {
        allowed = e.operation === AclOperation.ALL || allowing.includes(e.operation);
      }
    }
  }
  return allowed;
}
