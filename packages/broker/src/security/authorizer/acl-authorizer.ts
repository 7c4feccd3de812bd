/**
 * The built-in authorizer (Kafka's AclAuthorizer / StandardAuthorizer): owns the ACL index and a
 * decision cache, answers authorize() synchronously from them, and changes ACLs through the store.
 *
 * Lifecycle: start() loads every ACL from the store; changes made through this broker are applied
 * once the store has them, changes made through other brokers arrive from the store's onChange.
 * Every change clears the decision cache (decisions are keyed by principal, host, operation and
 * resource, so a cached answer can never outlive the ACLs it came from).
 *
 * Denials are logged at info on the `authorizer` child logger in Kafka's authorizer-log wording;
 * checks that only filter a listing (Metadata for all topics) pass logIfDenied=false, as Kafka does.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import {
  type AccessControlEntry,
  type AclBinding,
  type AclBindingFilter,
  bindingMatches,
  entryKey,
  invalidBinding,
  patternKey,
  type ResourcePattern,
} from './acl-binding.js';
import { decide, entryApplies as decideEntryApplies } from './acl-decision.js';
import { AclIndex } from './acl-index.js';
import type { AclStore, PatternAcls } from './acl-store.js';
import {
  AclOperation,
  AclPermissionType,
  camelName,
  type KafkaPrincipal,
  operationName,
  PatternType,
  patternTypeName,
  principalString,
  ResourceType,
  resourceTypeName,
  WILDCARD,
} from './acl-types.js';

/** Cached decisions kept before the cache starts over (bounds memory with many principals/topics). */
const MAX_CACHED_DECISIONS = 100_000;

export interface AclAuthorizerOptions {
  store: AclStore;
  superUsers: readonly string[];
  allowEveryoneIfNoAclFound: boolean;
  logger: Logger;
}

export interface AclResult {
  errorCode: number;
  errorMessage: string | null;
}

export class AclAuthorizer {
  private readonly index = new AclIndex();
  private readonly cache = new Map<string, boolean>();
  private readonly settings: { superUsers: ReadonlySet<string>; allowEveryoneIfNoAclFound: boolean };

  private constructor(private readonly options: AclAuthorizerOptions) {
    this.settings = {
      superUsers: new Set(options.superUsers),
      allowEveryoneIfNoAclFound: options.allowEveryoneIfNoAclFound,
    };
  }

  static async start(options: AclAuthorizerOptions): Promise<AclAuthorizer> {
    const a = new AclAuthorizer(options);
    a.replaceAll(await options.store.load());
    options.store.onChange?.((c) => a.apply(c));
    return a;
  }

  /** Replaces every ACL (after a ZooKeeper session was renewed and everything was read again). */
  replaceAll(all: PatternAcls[]): void {
    for (const b of [...this.index.bindings()]) this.index.set(b.pattern, []);
    for (const p of all) this.index.set(p.pattern, p.entries);
    this.cache.clear();
  }

  /** Reads every ACL again (after a failed write, whose effect on the store is unknown). */
  private async reload(): Promise<void> {
    try {
      this.replaceAll(await this.options.store.load());
    } catch (err) {
      this.options.logger.warn({ err }, 'reloading ACLs failed');
    }
  }

  private apply(change: PatternAcls): void {
    this.index.set(change.pattern, change.entries);
    this.cache.clear();
  }

  get aclCount(): number {
    return this.index.size;
  }

  /**
   * Whether `principal` connecting from `host` may perform `operation` on the LITERAL resource
   * (`resourceType`, `name`): the cached decision, or a new one from the ACLs that apply.
   */
  authorize(
    principal: KafkaPrincipal,
    host: string,
    operation: number,
    resourceType: number,
    name: string,
    logIfDenied = true,
  ): boolean {
    const p = principalString(principal);
    const key = `${p}\u0000${host}\u0000${operation}\u0000${resourceType}\u0000${name}`;
    let allowed = this.cache.get(key);
    if (allowed === undefined) {
      allowed = decide({ principal: p, host, operation }, this.index.matching(resourceType, name), this.settings);
      if (this.cache.size >= MAX_CACHED_DECISIONS) this.cache.clear();
      this.cache.set(key, allowed);
    }
    if (!allowed && logIfDenied) {
      this.options.logger.info(
        { principal: p, operation: operationName(operation), host, resourceType: resourceTypeName(resourceType), name },
        `Principal = ${p} is Denied operation = ${operationName(operation)} from host = ${host} on resource = ${camelName(resourceTypeName(resourceType))}:LITERAL:${name}`,
      );
    }
    return allowed;
  }

  /**
   * Kafka's authorizeByResourceType for WRITE on topics (what InitProducerId accepts in place of
   * IDEMPOTENT_WRITE, KIP-679): whether some topic pattern allows the principal to WRITE, unless a
   * DENY on every topic (`*`) or on that same pattern takes it back; with no topic ACLs at all,
   * allow.everyone.if.no.acl.found decides.
   */
  authorizeAnyTopicWrite(principal: KafkaPrincipal, host: string): boolean {
    const p = principalString(principal);
    if (this.settings.superUsers.has(p)) return true;
    const req = { principal: p, host, operation: AclOperation.WRITE };
    const applies = (e: AccessControlEntry, permission: number) =>
      e.permissionType === permission &&
      (e.operation === AclOperation.WRITE || e.operation === AclOperation.ALL) &&
      decideEntryApplies(e, req);
    const topics = [...this.index.bindings()].filter((b) => b.pattern.resourceType === ResourceType.TOPIC);
    if (topics.length === 0) return this.settings.allowEveryoneIfNoAclFound;
    const denied = new Set(
      topics.filter((b) => applies(b.entry, AclPermissionType.DENY)).map((b) => patternKey(b.pattern)),
    );
    if (denied.has(patternKey({ resourceType: ResourceType.TOPIC, name: WILDCARD, patternType: PatternType.LITERAL })))
      return false;
    return topics.some((b) => applies(b.entry, AclPermissionType.ALLOW) && !denied.has(patternKey(b.pattern)));
  }

  /** Every binding the filter matches (DescribeAcls). */
  describe(filter: AclBindingFilter): AclBinding[] {
    return [...this.index.bindings()].filter((b) => bindingMatches(filter, b));
  }

  /** Creates each binding; one result per binding, in order (CreateAcls). */
  async create(bindings: readonly AclBinding[]): Promise<AclResult[]> {
    const results: AclResult[] = bindings.map((b) => {
      const invalid = invalidBinding(b);
      return invalid
        ? { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: invalid }
        : { errorCode: ErrorCode.NONE, errorMessage: null };
    });
    const byPattern = new Map<string, { pattern: ResourcePattern; entries: AccessControlEntry[]; at: number[] }>();
    bindings.forEach((b, i) => {
      if (results[i]?.errorCode !== ErrorCode.NONE) return;
      const k = patternKey(b.pattern);
      const g = byPattern.get(k) ?? { pattern: b.pattern, entries: [], at: [] };
      g.entries.push(b.entry);
      g.at.push(i);
      byPattern.set(k, g);
    });
    const groups = [...byPattern.values()];
    try {
      const stored = await this.options.store.updateMany(
        groups.map((g) => ({
          pattern: g.pattern,
          update: (current: AccessControlEntry[]) => {
            const have = new Set(current.map(entryKey));
            return [...current, ...g.entries.filter((e) => !have.has(entryKey(e)))];
          },
        })),
      );
      groups.forEach((g, i) => {
        this.apply({ pattern: g.pattern, entries: stored[i] ?? [] });
      });
    } catch (err) {
      this.options.logger.warn({ err }, 'storing ACLs failed');
      for (const g of groups) {
        for (const i of g.at) results[i] = { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: String(err) };
      }
      await this.reload();
    }
    return results;
  }

  /** Deletes every binding each filter matches; per filter, the bindings deleted (DeleteAcls). */
  async delete(filters: readonly AclBindingFilter[]): Promise<Array<AclResult & { deleted: AclBinding[] }>> {
    const results: Array<AclResult & { deleted: AclBinding[] }> = filters.map(() => ({
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      deleted: [],
    }));
    const touched = new Map<string, ResourcePattern>();
    for (const f of filters) for (const b of this.describe(f)) touched.set(patternKey(b.pattern), b.pattern);
    const patterns = [...touched.values()];
    const removed = patterns.map((): AccessControlEntry[] => []);
    try {
      const stored = await this.options.store.updateMany(
        patterns.map((pattern, i) => ({
          pattern,
          update: (current: AccessControlEntry[]) => {
            removed[i] = [];
            return current.filter((entry) => {
              const gone = filters.some((f) => bindingMatches(f, { pattern, entry }));
              if (gone) removed[i]?.push(entry);
              return !gone;
            });
          },
        })),
      );
      patterns.forEach((pattern, i) => {
        this.apply({ pattern, entries: stored[i] ?? [] });
        for (const entry of removed[i] ?? []) {
          filters.forEach((f, j) => {
            if (bindingMatches(f, { pattern, entry })) results[j]?.deleted.push({ pattern, entry });
          });
        }
      });
    } catch (err) {
      this.options.logger.warn({ err }, 'deleting ACLs failed');
      for (const r of results)
        Object.assign(r, { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: String(err) });
      await this.reload();
    }
    return results;
  }

  close(): void {
    this.options.store.close();
  }
}

/** "Topic:LITERAL:t", as Kafka's authorizer log prints a resource pattern. */
export function describePattern(p: ResourcePattern): string {
  return `${camelName(resourceTypeName(p.resourceType))}:${patternTypeName(p.patternType)}:${p.name}`;
}
