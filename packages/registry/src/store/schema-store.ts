/**
 * The registry's state, built only by replaying `_schemas` records in offset order (Kafka's
 * coordinators do the same: loading and the live path are one code path), so every registry that
 * has read to the same offset serves the same data.
 *
 * Replay is deterministic even when two processes both believed they were leader and wrote
 * concurrently: the first record to claim an id with some schema owns that id, and a later record
 * giving the same id to different content is ignored (its writer sees its registration missing and
 * retries with a fresh id); likewise the first record for a subject version owns that version.
 * Ids are remembered after a permanent delete, so `maxId` never goes back while this process runs.
 *
 * Owner: the KafkaStore's read loop is the only caller of `apply`; routes read.
 */
import type { RegistryRecord, SchemaReference, SchemaType, SchemaValue } from './records.js';

export interface SchemaContent {
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

export type ApplyOutcome = 'applied' | 'conflict' | 'ignored';

export const contentKey = (c: SchemaContent): string =>
  JSON.stringify([c.schemaType, c.schema, c.references.map((r) => [r.name, r.subject, r.version])]);

export class SchemaStore {
  /** subject → version → value (soft-deleted versions included, permanently deleted removed). */
  readonly subjects = new Map<string, Map<number, SchemaValue>>();
  /** id → its content, kept after the last version using it is removed (ids are never reused). */
  private readonly contentById = new Map<number, SchemaContent>();
  private readonly idByContent = new Map<string, number>();
  /** id → how many subject versions (soft-deleted included) use it: schemaById without a scan. */
  private readonly versionsUsing = new Map<number, number>();
  /** null: the global setting. */
  readonly compatibility = new Map<string | null, string>();
  readonly modes = new Map<string | null, string>();
  maxId = 0;

  apply(record: RegistryRecord): ApplyOutcome {
    switch (record.key.keytype) {
      case 'SCHEMA':
        return this.applySchema(record.key.subject, record.key.version, record.value as SchemaValue | null);
      case 'CONFIG': {
        const v = record.value as { compatibilityLevel: string } | null;
        if (v === null) this.compatibility.delete(record.key.subject);
        else this.compatibility.set(record.key.subject, v.compatibilityLevel.toUpperCase());
        return 'applied';
      }
      case 'MODE': {
        const v = record.value as { mode: string } | null;
        if (v === null) this.modes.delete(record.key.subject);
        else this.modes.set(record.key.subject, v.mode.toUpperCase());
        return 'applied';
      }
      case 'DELETE_SUBJECT': {
        const v = record.value as { version: number } | null;
        const versions = this.subjects.get(record.key.subject);
        if (v === null || versions === undefined) return 'ignored';
        for (const [n, sv] of versions) if (n <= v.version) versions.set(n, { ...sv, deleted: true });
        return 'applied';
      }
      default:
        return 'ignored';
    }
  }

  private applySchema(subject: string, version: number, value: SchemaValue | null): ApplyOutcome {
    let versions = this.subjects.get(subject);
    if (value === null) {
      const removed = versions?.get(version);
      if (removed !== undefined) {
        versions?.delete(version);
        this.versionsUsing.set(removed.id, (this.versionsUsing.get(removed.id) ?? 1) - 1);
      }
      if (versions?.size === 0) this.subjects.delete(subject);
      return 'applied';
    }
    const content: SchemaContent = { schemaType: value.schemaType, schema: value.schema, references: value.references };
    const owned = this.contentById.get(value.id);
    if (owned !== undefined && contentKey(owned) !== contentKey(content)) return 'conflict';
    const existing = versions?.get(version);
    if (existing !== undefined && existing.id !== value.id) return 'conflict';
    if (owned === undefined) {
      this.contentById.set(value.id, content);
      const key = contentKey(content);
      if (!this.idByContent.has(key)) this.idByContent.set(key, value.id);
    }
    if (value.id > this.maxId) this.maxId = value.id;
    if (versions === undefined) {
      versions = new Map();
      this.subjects.set(subject, versions);
    }
    if (existing === undefined) this.versionsUsing.set(value.id, (this.versionsUsing.get(value.id) ?? 0) + 1);
    versions.set(version, value);
    return 'applied';
  }

  /** The id already given to exactly this content, if any (registering it elsewhere reuses it). */
  idOf(content: SchemaContent): number | undefined {
    return this.idByContent.get(contentKey(content));
  }

  /** The content of an id that some subject version still uses (permanently deleted: undefined). */
  schemaById(id: number): SchemaContent | undefined {
    return (this.versionsUsing.get(id) ?? 0) > 0 ? this.contentById.get(id) : undefined;
  }

  /** The subject versions using an id, in subject then version order. */
  usesOf(id: number, includeDeleted: boolean): SchemaValue[] {
    const out: SchemaValue[] = [];
    for (const subject of [...this.subjects.keys()].sort()) {
      for (const v of this.versionsOf(subject, includeDeleted)) if (v.id === id) out.push(v);
    }
    return out;
  }

  /** A subject's versions, ascending. */
  versionsOf(subject: string, includeDeleted: boolean): SchemaValue[] {
    const versions = this.subjects.get(subject);
    if (versions === undefined) return [];
    return [...versions.values()].filter((v) => includeDeleted || !v.deleted).sort((a, b) => a.version - b.version);
  }

  subjectNames(includeDeleted: boolean): string[] {
    return [...this.subjects.keys()].filter((s) => this.versionsOf(s, includeDeleted).length > 0).sort();
  }

  /** Ids of the live schemas whose references name this subject version. */
  referencedBy(subject: string, version: number): number[] {
    const ids = new Set<number>();
    for (const versions of this.subjects.values()) {
      for (const v of versions.values()) {
        if (!v.deleted && v.references.some((r) => r.subject === subject && r.version === version)) ids.add(v.id);
      }
    }
    return [...ids].sort((a, b) => a - b);
  }
}
