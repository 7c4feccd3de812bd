/**
 * Every ACL, indexed for the authorizer: per resource type, literal patterns by exact name (the
 * wildcard `*` is just the name "*") and prefixed patterns by prefix. Finding the entries that
 * apply to a resource costs one lookup for the name, one for `*` and one per prefix length of the
 * name, whatever the number of ACLs. Owned by the AclAuthorizer; replaced entries, never mutated
 * in place, so a caller holding a list keeps a consistent view.
 */
import { type AccessControlEntry, type AclBinding, entryKey, type ResourcePattern } from './acl-binding.js';
import { PatternType, WILDCARD } from './acl-types.js';

interface TypeIndex {
  literal: Map<string, AccessControlEntry[]>;
  prefixed: Map<string, AccessControlEntry[]>;
  /** Lengths of the prefixes present, so a lookup tries only lengths that exist. */
  prefixLengths: Set<number>;
}

export class AclIndex {
  private readonly byType = new Map<number, TypeIndex>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  private typeIndex(resourceType: number): TypeIndex {
    let t = this.byType.get(resourceType);
    if (!t) {
      t = { literal: new Map(), prefixed: new Map(), prefixLengths: new Set() };
      this.byType.set(resourceType, t);
    }
    return t;
  }

  private mapOf(p: ResourcePattern): Map<string, AccessControlEntry[]> {
    const t = this.typeIndex(p.resourceType);
    return p.patternType === PatternType.PREFIXED ? t.prefixed : t.literal;
  }

  /** The entries of one pattern (empty when it has none). */
  entriesOf(p: ResourcePattern): readonly AccessControlEntry[] {
    return this.mapOf(p).get(p.name) ?? [];
  }

  /** Replaces the entries of one pattern (an empty list removes it). */
  set(p: ResourcePattern, entries: readonly AccessControlEntry[]): void {
    const map = this.mapOf(p);
    this.count -= map.get(p.name)?.length ?? 0;
    const unique = [...new Map(entries.map((e) => [entryKey(e), e])).values()];
    if (unique.length === 0) map.delete(p.name);
    else map.set(p.name, unique);
    this.count += unique.length;
    if (p.patternType === PatternType.PREFIXED) {
      const t = this.typeIndex(p.resourceType);
      t.prefixLengths = new Set([...t.prefixed.keys()].map((k) => k.length));
    }
  }

  /** Every entry whose pattern applies to `name` of `resourceType`: literal, wildcard, prefixes. */
  matching(resourceType: number, name: string): AccessControlEntry[][] {
    const t = this.byType.get(resourceType);
    if (!t) return [];
    const out: AccessControlEntry[][] = [];
    const literal = t.literal.get(name);
    if (literal) out.push(literal);
    if (name !== WILDCARD) {
      const wildcard = t.literal.get(WILDCARD);
      if (wildcard) out.push(wildcard);
    }
    for (const len of t.prefixLengths) {
      if (len > name.length) continue;
      const prefixed = t.prefixed.get(name.slice(0, len));
      if (prefixed) out.push(prefixed);
    }
    return out;
  }

  /** Every binding, pattern by pattern. */
  *bindings(): Iterable<AclBinding> {
    for (const [resourceType, t] of this.byType) {
      for (const [patternType, map] of [
        [PatternType.LITERAL, t.literal],
        [PatternType.PREFIXED, t.prefixed],
      ] as const) {
        for (const [name, entries] of map) {
          for (const entry of entries) yield { pattern: { resourceType, name, patternType }, entry };
        }
      }
    }
  }
}
