/**
 * Kafka's ConnectSchema.validateValue: whether a JS value fits a schema, throwing DataError with
 * the field at fault. Logical types are checked by their JS representation (logical-types.ts).
 */
import { DataError } from '../errors.js';
import { LOGICAL_VALIDATORS } from './decimal-value.js';
import type { Schema } from './schema.js';
import { Struct } from './struct.js';

const INT_RANGES: Readonly<Record<string, [number, number]>> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
};

export function validateValue(schema: Schema, value: unknown, where = 'value'): void {
  if (value === null || value === undefined) {
    if (!schema.optional) throw new DataError(`Invalid value: null used for required field: "${where}", schema type: ${schema.type}`);
    return;
  }
  const logical = schema.name ? LOGICAL_VALIDATORS.get(schema.name) : undefined;
  if (logical) {
    if (!logical(value)) throw new DataError(`Invalid Java object for logical type ${schema.name}: ${typeof value}`);
    return;
  }
  const bad = (): never => {
    throw new DataError(`Invalid Java object for schema with type ${schema.type}: ${describe(value)} for field: "${where}"`);
  };
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      const [lo, hi] = INT_RANGES[schema.type] as [number, number];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) bad();
      return;
    }
    case 'INT64':
      if (typeof value === 'bigint') {
        if (value < -(2n ** 63n) || value >= 2n ** 63n) bad();
      } else if (typeof value !== 'number' || !Number.isInteger(value)) bad();
      return;
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof value !== 'number') bad();
      return;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') bad();
      return;
    case 'STRING':
      if (typeof value !== 'string') bad();
      return;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) bad();
      return;
    case 'ARRAY':
      if (!Array.isArray(value)) bad();
      for (const v of value as unknown[]) validateValue(schema.valueSchema as Schema, v, where);
      return;
    case 'MAP': {
      const entries = mapEntries(value);
      if (!entries) return bad();
      for (const [k, v] of entries) {
        validateValue(schema.keySchema as Schema, k, where);
        validateValue(schema.valueSchema as Schema, v, where);
      }
      return;
    }
    case 'STRUCT':
      if (!(value instanceof Struct)) bad();
      if ((value as Struct).schema !== schema && !sameStruct((value as Struct).schema, schema)) {
        throw new DataError(`Struct schemas do not match.`);
      }
      (value as Struct).validate();
      return;
  }
}

/** The entries of a MAP value: a Map, or a plain object (string keys). */
export function mapEntries(value: unknown): Iterable<[unknown, unknown]> | null {
  if (value instanceof Map) return value.entries();
  if (isPlainObject(value)) return Object.entries(value);
  return null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function sameStruct(a: Schema, b: Schema): boolean {
  return a.name === b.name && a.fields.length === b.fields.length && a.fields.every((f, i) => f.name === b.fields[i]?.name);
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return 'Buffer';
  if (Array.isArray(value)) return 'Array';
  return typeof value === 'object' ? ((value as object).constructor?.name ?? 'Object') : typeof value;
}
