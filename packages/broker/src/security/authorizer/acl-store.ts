/**
 * Where ACLs are kept: the metadata file in single-node mode, ZooKeeper in cluster mode. The
 * AclAuthorizer reads everything once at start and changes one pattern at a time; a store shared
 * by several brokers tells each of them about changes made elsewhere through `onChange`.
 */
import type { AccessControlEntry, ResourcePattern } from './acl-binding.js';

export interface PatternAcls {
  pattern: ResourcePattern;
  entries: AccessControlEntry[];
}

export interface AclStore {
  load(): Promise<PatternAcls[]>;
  /**
   * Replaces one pattern's entries with `update(current)`, atomically with respect to every other
   * writer (a conditional write in ZooKeeper); resolves with what was stored once it is durable.
   */
  update(
    pattern: ResourcePattern,
    update: (current: AccessControlEntry[]) => AccessControlEntry[],
  ): Promise<AccessControlEntry[]>;
  /** Registers the listener for patterns changed by another broker (cluster mode). */
  onChange?(listener: (change: PatternAcls) => void): void;
  close(): void;
}

/** The ACL part of a metadata store that keeps ACLs (FileMetadataStore). */
export interface AclPersistence {
  aclPatterns(): PatternAcls[];
  setAclPattern(pattern: ResourcePattern, entries: AccessControlEntry[]): Promise<void>;
}

/** A store over the single-node metadata file (or anything else with AclPersistence). */
export class LocalAclStore implements AclStore {
  constructor(private readonly persistence: AclPersistence) {}

  async load(): Promise<PatternAcls[]> {
    return this.persistence.aclPatterns();
  }

  async update(
    pattern: ResourcePattern,
    update: (current: AccessControlEntry[]) => AccessControlEntry[],
  ): Promise<AccessControlEntry[]> {
    const key = (p: ResourcePattern) => `${p.resourceType}/${p.patternType}/${p.name}`;
    const current = this.persistence.aclPatterns().find((a) => key(a.pattern) === key(pattern))?.entries ?? [];
    const next = update(current);
    await this.persistence.setAclPattern(pattern, next);
    return next;
  }

  close(): void {}
}
