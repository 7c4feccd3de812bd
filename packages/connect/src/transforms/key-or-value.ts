/**
 * What Kafka's SMTs with $Key and $Value variants share: reading the part a transform works on,
 * writing a record with that part replaced, and the checks Kafka's Requirements makes
 * (requireMap / requireStruct, with its messages).
 */
import type { Schema } from '../api/data/schema.js';
import { Struct } from '../api/data/struct.js';
import { isPlainObject } from '../api/data/validate-value.js';
import { DataError } from '../api/errors.js';
import type { SinkRecord, SourceRecord } from '../api/records.js';

export type AnyRecord = SourceRecord | SinkRecord;

export const operatingSchema = (r: AnyRecord, isKey: boolean): Schema | null => (isKey ? r.keySchema : r.valueSchema);
export const operatingValue = (r: AnyRecord, isKey: boolean): unknown => (isKey ? r.key : r.value);

export function withPart<R extends AnyRecord>(r: R, isKey: boolean, schema: Schema | null, value: unknown): R {
  return (isKey ? r.newRecord({ keySchema: schema, key: value }) : r.newRecord({ valueSchema: schema, value })) as R;
}

/** Kafka's Requirements.requireMap: schemaless data must be a map (plain object or Map). */
export function requireMap(value: unknown, purpose: string): Map<string, unknown> {
  if (value instanceof Map) return value as Map<string, unknown>;
  if (isPlainObject(value)) return new Map(Object.entries(value));
  throw new DataError(`Only Map objects supported in absence of schema for [${purpose}], found: ${typeName(value)}`);
}

/** Kafka's Requirements.requireStruct. */
export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct))
    throw new DataError(`Only Struct objects supported for [${purpose}], found: ${typeName(value)}`);
  return value;
}

/** A schemaless map as a plain object again (what JsonConverter and users hand over). */
export function mapOut(m: Map<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(m);
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'Object';
  return typeof v;
}

export function parseList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
