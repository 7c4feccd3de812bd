/**
 * Kafka's Cast$Key / $Value: `spec` is `field:type,...` (or one bare type for the whole key or
 * value); types int8, int16, int32, int64, float32, float64, boolean, string. Casting follows
 * Java's: numbers truncate to integers and wrap to the type's width, booleans are 1/0, strings
 * parse, any value becomes its text for string.
 */
import { javaDoubleToString } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { DecimalValue } from '../api/data/decimal-value.js';
import type { Schema, SchemaType } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { ConnectError, DataError } from '../api/errors.js';
import type { Transformation } from '../api/plugins.js';
import {
  type AnyRecord,
  mapOut,
  operatingSchema,
  operatingValue,
  parseList,
  requireMap,
  requireStruct,
  withPart,
} from './key-or-value.js';

const PURPOSE = 'cast types';
const WHOLE = '\0whole';
const TYPES: Readonly<Record<string, SchemaType>> = {
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float32: 'FLOAT32',
  float64: 'FLOAT64',
  boolean: 'BOOLEAN',
  string: 'STRING',
};
const CONFIG = new ConnectConfigDef([
  {
    name: 'spec',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value.',
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
]);

export class Cast implements Transformation {
  private casts = new Map<string, SchemaType>();

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    CONFIG.parse(props);
    const specs = parseList(props.spec);
    if (specs.length === 0) throw new ConnectError('Must specify at least one field to cast.', { code: 'CONFIG' });
    this.casts = new Map();
    for (const s of specs) {
      const parts = s.split(':');
      const [field, typeName] =
        parts.length === 1 ? [WHOLE, parts[0] as string] : [parts[0] as string, parts[1] as string];
      const type = TYPES[typeName.trim().toLowerCase()];
      if (!type) throw new ConnectError(`Invalid type found in casting spec: ${typeName}`, { code: 'CONFIG' });
      if (field === WHOLE && specs.length > 1)
        throw new ConnectError(
          'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
          { code: 'CONFIG' },
        );
      this.casts.set(field.trim(), type);
    }
  }

  apply<R extends AnyRecord>(r: R): R {
    const value = operatingValue(r, this.isKey);
    const schema = operatingSchema(r, this.isKey);
    const whole = this.casts.get(WHOLE);
    if (whole) {
      const cast = value === null || value === undefined ? null : castValue(value, whole);
      const newSchema = schema ? retyped(schema, whole) : null;
      return withPart(r, this.isKey, newSchema, cast);
    }
    if (value === null || value === undefined) return r;
    if (!schema) {
      const m = requireMap(value, PURPOSE);
      for (const [f, t] of this.casts) if (m.has(f)) m.set(f, m.get(f) === null ? null : castValue(m.get(f), t));
      return withPart(r, this.isKey, null, mapOut(m));
    }
    const struct = requireStruct(value, PURPOSE);
    const b = SchemaBuilder.from(schema, false);
    for (const f of schema.fields) {
      const t = this.casts.get(f.name);
      b.field(f.name, t ? retyped(f.schema, t) : f.schema);
    }
    const newSchema = b.build();
    const out = new Struct(newSchema);
    for (const f of schema.fields) {
      const t = this.casts.get(f.name);
      const v = struct.get(f);
      out.put(f.name, t && v !== null ? castValue(v, t) : v);
    }
    return withPart(r, this.isKey, newSchema, out);
  }
}

function retyped(schema: Schema, type: SchemaType): Schema {
  const b = SchemaBuilder.type(type);
  if (schema.optional) b.optional();
  return b.build();
}

const WIDTH: Partial<Record<SchemaType, number>> = { INT8: 8, INT16: 16, INT32: 32 };

export function castValue(v: unknown, type: SchemaType): unknown {
  if (type === 'STRING') {
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'number' && !Number.isInteger(v)) return javaDoubleToString(v);
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    return String(v);
  }
  let n: number | bigint;
  if (typeof v === 'boolean') n = v ? 1 : 0;
  else if (typeof v === 'number' || typeof v === 'bigint') n = v;
  else if (v instanceof DecimalValue) n = v.toNumber();
  else if (v instanceof Date) n = v.getTime();
  else if (typeof v === 'string') {
    if (type === 'BOOLEAN') return v.trim().toLowerCase() === 'true';
    const parsed = Number(v.trim());
    if (v.trim() === '' || Number.isNaN(parsed))
      throw new DataError(`Value (${v}) was out of range for requested data type`);
    n = /^-?\d+$/.test(v.trim()) && !Number.isSafeInteger(parsed) ? BigInt(v.trim()) : parsed;
  } else throw new DataError(`Unexpected type in Cast transformation: ${typeof v}`);
  if (type === 'BOOLEAN') return Number(n) !== 0;
  if (type === 'FLOAT32') return Math.fround(Number(n));
  if (type === 'FLOAT64') return Number(n);
  const big = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
  if (type === 'INT64') {
    const w = BigInt.asIntN(64, big);
    return Number.isSafeInteger(Number(w)) ? Number(w) : w;
  }
  return Number(BigInt.asIntN(WIDTH[type] as number, big));
}
