/**
 * Connect values ⇄ JSON trees, as Kafka's JsonConverter converts them: bytes as base64, maps with
 * string keys as objects and other maps as arrays of [key, value] pairs, structs as objects in
 * field order, logical types by their primitive (Decimal as base64 bytes, or a number with
 * decimal.format=NUMERIC). Without a schema, values are inferred: integers are int64, numbers
 * with a fraction or exponent float64, objects maps.
 */
import { DecimalValue } from '../api/data/decimal-value.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../api/data/logical-types.js';
import type { Schema } from '../api/data/schema.js';
import { Struct } from '../api/data/struct.js';
import { isPlainObject, mapEntries } from '../api/data/validate-value.js';
import { DataError } from '../api/errors.js';
import { doubleText, floatText, isJsonObject, JsonNumber, type JsonValue } from './json-text.js';

export interface JsonDataOptions {
  decimalFormat: 'BASE64' | 'NUMERIC';
  replaceNullWithDefault: boolean;
}

export function toJson(schema: Schema | null, value: unknown, opts: JsonDataOptions): JsonValue {
  if (value === null || value === undefined) {
    if (schema === null) return null;
    if (opts.replaceNullWithDefault && schema.defaultValue !== undefined && schema.defaultValue !== null) {
      return toJson(schema, schema.defaultValue, opts);
    }
    if (schema.optional) return null;
    throw new DataError('Conversion error: null value for field that is required and has no default value');
  }
  if (schema === null) return inferToJson(value, opts);
  switch (schema.name) {
    case Decimal.LOGICAL_NAME: {
      if (!(value instanceof DecimalValue)) throw new DataError(`Invalid type for Decimal: ${typeof value}`);
      if (opts.decimalFormat === 'NUMERIC') return new JsonNumber(value.toString());
      return Decimal.fromLogical(schema, value).toString('base64');
    }
    case ConnectDate.LOGICAL_NAME:
      return new JsonNumber(String(ConnectDate.fromLogical(schema, value as Date)));
    case ConnectTime.LOGICAL_NAME:
      return new JsonNumber(String(ConnectTime.fromLogical(schema, value as Date)));
    case ConnectTimestamp.LOGICAL_NAME:
      return new JsonNumber(String(ConnectTimestamp.fromLogical(schema, value as Date)));
  }
  const bad = (): never => {
    throw new DataError(`Invalid type for ${schema.type}: ${typeof value}`);
  };
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
      if (typeof value !== 'number' && typeof value !== 'bigint') bad();
      return new JsonNumber(String(value));
    case 'FLOAT32':
      return typeof value === 'number' ? floatText(value) : bad();
    case 'FLOAT64':
      return typeof value === 'number' ? doubleText(value) : bad();
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : bad();
    case 'STRING':
      return typeof value === 'string' ? value : bad();
    case 'BYTES':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : bad();
    case 'ARRAY':
      return Array.isArray(value) ? value.map((v) => toJson(schema.valueSchema, v, opts)) : bad();
    case 'MAP': {
      const entries = mapEntries(value);
      if (!entries) return bad();
      if (schema.keySchema?.type === 'STRING') {
        const obj: { [k: string]: JsonValue } = {};
        for (const [k, v] of entries) obj[String(k)] = toJson(schema.valueSchema, v, opts);
        return obj;
      }
      return [...entries].map(([k, v]) => [toJson(schema.keySchema, k, opts), toJson(schema.valueSchema, v, opts)]);
    }
    case 'STRUCT': {
      if (!(value instanceof Struct)) return bad();
      const obj: { [k: string]: JsonValue } = {};
      for (const f of schema.fields) obj[f.name] = toJson(f.schema, value.get(f), opts);
      return obj;
    }
  }
}

function inferToJson(value: unknown, opts: JsonDataOptions): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? new JsonNumber(String(value)) : doubleText(value);
  if (typeof value === 'bigint') return new JsonNumber(String(value));
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof DecimalValue) return new JsonNumber(value.toString());
  if (value instanceof Date) return new JsonNumber(String(value.getTime()));
  if (Array.isArray(value)) return value.map((v) => inferToJson(v, opts));
  if (value instanceof Struct) return toJson(value.schema, value, opts);
  const entries = value instanceof Map || isPlainObject(value) ? [...(mapEntries(value) ?? [])] : null;
  if (!entries) throw new DataError(`Couldn't convert ${String(value)} to JSON.`);
  if (entries.every(([k]) => typeof k === 'string')) {
    const obj: { [k: string]: JsonValue } = {};
    for (const [k, v] of entries) obj[k as string] = inferToJson(v, opts);
    return obj;
  }
  return entries.map(([k, v]) => [inferToJson(k, opts), inferToJson(v, opts)]);
}

export function fromJson(schema: Schema | null, json: JsonValue | undefined): unknown {
  if (json === null || json === undefined) {
    if (schema === null) return null;
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) return schema.defaultValue;
    if (schema.optional) return null;
    throw new DataError(`Invalid null value for required ${schema.type} field`);
  }
  if (schema === null) return inferFromJson(json);
  const num = (): JsonNumber => {
    if (!(json instanceof JsonNumber)) throw new DataError(`Invalid JSON for ${schema.type}: ${typeof json}`);
    return json;
  };
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (json instanceof JsonNumber) {
        const d = DecimalValue.parse(json.text);
        return rescale(d, Number(schema.parameters?.scale ?? d.scale));
      }
      if (typeof json !== 'string')
        throw new DataError('Invalid type for Decimal, underlying representation should be numeric or bytes');
      return Decimal.toLogical(schema, Buffer.from(json, 'base64'));
    case ConnectDate.LOGICAL_NAME:
      return ConnectDate.toLogical(schema, num().toNumber());
    case ConnectTime.LOGICAL_NAME:
      return ConnectTime.toLogical(schema, num().toNumber());
    case ConnectTimestamp.LOGICAL_NAME:
      return ConnectTimestamp.toLogical(schema, num().toNumber());
  }
  const expect = <T>(ok: boolean, v: () => T): T => {
    if (!ok) throw new DataError(`Invalid JSON for ${schema.type.toLowerCase()} schema: ${JSON.stringify(json)}`);
    return v();
  };
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      return Number(num().toInteger());
    case 'INT64':
      return num().toInteger();
    case 'FLOAT32':
      return Math.fround(num().toNumber());
    case 'FLOAT64':
      return num().toNumber();
    case 'BOOLEAN':
      return expect(typeof json === 'boolean', () => json);
    case 'STRING':
      return expect(typeof json === 'string', () => json);
    case 'BYTES':
      return expect(typeof json === 'string', () => Buffer.from(json as string, 'base64'));
    case 'ARRAY':
      return expect(Array.isArray(json), () => (json as JsonValue[]).map((v) => fromJson(schema.valueSchema, v)));
    case 'MAP': {
      const out = new Map<unknown, unknown>();
      if (schema.keySchema?.type === 'STRING' && isJsonObject(json)) {
        for (const [k, v] of Object.entries(json)) out.set(k, fromJson(schema.valueSchema, v));
        return out;
      }
      if (!Array.isArray(json))
        throw new DataError('Maps with non-string fields should be encoded as JSON array of tuples');
      for (const pair of json) {
        if (!Array.isArray(pair) || pair.length !== 2)
          throw new DataError('Found invalid map entry instead of array tuple');
        out.set(fromJson(schema.keySchema, pair[0]), fromJson(schema.valueSchema, pair[1]));
      }
      return out;
    }
    case 'STRUCT': {
      if (!isJsonObject(json))
        throw new DataError(`Structs should be encoded as JSON objects, but found ${typeof json}`);
      const s = new Struct(schema);
      for (const f of schema.fields) s.put(f, fromJson(f.schema, json[f.name]));
      return s;
    }
  }
}

function rescale(d: DecimalValue, scale: number): DecimalValue {
  if (d.scale === scale) return d;
  if (d.scale < scale) return new DecimalValue(d.unscaled * 10n ** BigInt(scale - d.scale), scale);
  return new DecimalValue(d.unscaled / 10n ** BigInt(d.scale - scale), scale);
}

function inferFromJson(json: JsonValue): unknown {
  if (json === null) return null;
  if (json instanceof JsonNumber) return json.isIntegral ? json.toInteger() : json.toNumber();
  if (Array.isArray(json)) return json.map(inferFromJson);
  if (isJsonObject(json)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json)) out[k] = inferFromJson(v);
    return out;
  }
  return json;
}
