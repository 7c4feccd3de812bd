/**
 * Read answers over the SchemaStore, with Confluent's errors for what is missing. Pure functions:
 * any registry (leader or follower) answers reads from its own replayed state.
 */
import { RegistryErrors } from '../errors.js';
import type { CompatibilityLevel } from '../formats/index.js';
import type { SchemaValue } from '../store/records.js';
import type { SchemaStore } from '../store/schema-store.js';

const MAX_VERSION = 2 ** 31 - 1;

/** A version as written in a path: a number in [1, 2^31-1], `latest` or -1 (latest). */
export function parseVersion(text: string): number | 'latest' {
  if (text === 'latest' || text === '-1') return 'latest';
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw RegistryErrors.invalidVersion(text);
  return n;
}

/** A subject version; 40401 when the subject has none, 40402 when that version is not there. */
export function subjectVersion(
  store: SchemaStore,
  subject: string,
  versionText: string,
  includeDeleted = false,
): SchemaValue {
  const version = parseVersion(versionText);
  const versions = store.versionsOf(subject, includeDeleted);
  if (versions.length === 0) throw RegistryErrors.subjectNotFound(subject);
  const found = version === 'latest' ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (found === undefined) throw RegistryErrors.versionNotFound(version);
  return found;
}

/** Confluent's body for a subject version (schemaType left out for Avro, references when empty). */
export function versionBody(v: SchemaValue): Record<string, unknown> {
  const out: Record<string, unknown> = { subject: v.subject, version: v.version, id: v.id };
  if (v.schemaType !== 'AVRO') out.schemaType = v.schemaType;
  if (v.references.length > 0) out.references = v.references;
  out.schema = v.schema;
  return out;
}

/** The compatibility level in force for a subject (its own, else the global, else the default). */
export function effectiveCompatibility(
  store: SchemaStore,
  subject: string | null,
  fallback: CompatibilityLevel,
): CompatibilityLevel {
  return ((subject !== null ? store.compatibility.get(subject) : undefined) ??
    store.compatibility.get(null) ??
    fallback) as CompatibilityLevel;
}

export function effectiveMode(store: SchemaStore, subject: string | null): string {
  return (subject !== null ? store.modes.get(subject) : undefined) ?? store.modes.get(null) ?? 'READWRITE';
}
