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

export interface PatternUpdate {
  pattern: ResourcePattern;
  update: (current: AccessControlEntry[]) => AccessControlEntry[];
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
  /** Several update()s at once: one durable write where the store can (the metadata file). */
  updateMany(changes: PatternUpdate[]): Promise<AccessControlEntry[][]>;
  /** Registers the listener for patterns changed by another broker (cluster mode). */
  onChange?(listener: (change: PatternAcls) => void): void;
  close(): void;
}

/** The ACL part of a metadata store that keeps ACLs (FileMetadataStore). */
export interface AclPersistence {
  aclPatterns(): PatternAcls[];
  /** Replaces the entries of each pattern given (empty removes it), in one durable write. */
  setAclPatterns(changes: PatternAcls[]): Promise<void>;
}

const keyOf = (p: ResourcePattern) => `${p.resourceType}/${p.patternType}/${p.name}`;

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
    return (await this.updateMany([{ pattern, update }]))[0] ?? [];
  }

  async updateMany(changes: PatternUpdate[]): Promise<AccessControlEntry[][]> {
    const current = new Map(this.persistence.aclPatterns().map((a) => [keyOf(a.pattern), a.entries]));
    const results = changes.map((c) => {
      const next = c.update(current.get(keyOf(c.pattern)) ?? []);
      current.set(keyOf(c.pattern), next);
      return next;
    });
    await this.persistence.setAclPatterns(changes.map((c, i) => ({ pattern: c.pattern, entries: results[i] ?? [] })));
    return results;
  }

  close(): void {}
}
