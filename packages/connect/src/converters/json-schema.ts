/**
 * Connect schemas ⇄ the JSON schema of JsonConverter's envelope, as Kafka writes it:
 * {"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":false,"name":"x"}
 * — type first, then items/keys/values/fields, optional, name, version, doc, parameters, default.
 */

import type { Schema, SchemaType } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { DataError } from '../api/errors.js';
import { isJsonObject, JsonNumber, type JsonValue } from './json-text.js';

const TYPE_NAMES: Readonly<Record<SchemaType, string>> = {
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'bytes',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
};
const TYPES_BY_NAME = new Map(Object.entries(TYPE_NAMES).map(([t, n]) => [n, t as SchemaType]));

export interface JsonSchemaCodec {
  /** How a default value is written: the data conversion, given to avoid a module cycle. */
  valueToJson(schema: Schema, value: unknown): JsonValue;
  valueFromJson(schema: Schema, json: JsonValue): unknown;
}

export function asJsonSchema(schema: Schema | null, codec: JsonSchemaCodec): JsonValue {
  if (schema === null) return null;
  const out: { [k: string]: JsonValue } = { type: TYPE_NAMES[schema.type] };
  if (schema.type === 'ARRAY') out.items = asJsonSchema(schema.valueSchema, codec);
  if (schema.type === 'MAP') {
    out.keys = asJsonSchema(schema.keySchema, codec);
    out.values = asJsonSchema(schema.valueSchema, codec);
  }
  if (schema.type === 'STRUCT') {
    out.fields = schema.fields.map((f) => {
      const field = asJsonSchema(f.schema, codec) as { [k: string]: JsonValue };
      field.field = f.name;
      return field;
    });
  }
  out.optional = schema.optional;
  if (schema.name !== null) out.name = schema.name;
  if (schema.version !== null) out.version = new JsonNumber(String(schema.version));
  if (schema.doc !== null) out.doc = schema.doc;
  if (schema.parameters !== null) out.parameters = { ...schema.parameters };
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
    out.default = codec.valueToJson(schema, schema.defaultValue);
  }
  return out;
}

export function asConnectSchema(json: JsonValue | undefined, codec: JsonSchemaCodec): Schema | null {
  if (json === null || json === undefined) return null;
  if (!isJsonObject(json)) throw new DataError('Schema must be an object');
  const typeName = json.type;
  if (typeof typeName !== 'string') throw new DataError("Schema must contain 'type' field");
  const type = TYPES_BY_NAME.get(typeName);
  if (!type) throw new DataError(`Unknown schema type: ${typeName}`);
  let b: SchemaBuilder;
  if (type === 'ARRAY') {
    const items = asConnectSchema(json.items, codec);
    if (!items) throw new DataError('Array schema did not specify the element type');
    b = SchemaBuilder.array(items);
  } else if (type === 'MAP') {
    const keys = asConnectSchema(json.keys, codec);
    const values = asConnectSchema(json.values, codec);
    if (!keys || !values) throw new DataError('Map schema did not specify the key and value types');
    b = SchemaBuilder.map(keys, values);
  } else {
    b = SchemaBuilder.type(type);
  }
  if (type === 'STRUCT') {
    const fields = json.fields;
    if (!Array.isArray(fields)) throw new DataError('Struct schema\'s "fields" argument is not an array.');
    for (const f of fields) {
      if (!isJsonObject(f) || typeof f.field !== 'string')
        throw new DataError("Struct schema's field name not specified properly");
      b.field(f.field, asConnectSchema(f, codec) as Schema);
    }
  }
  if (json.optional === true) b.optional();
  if (typeof json.name === 'string') b.name(json.name);
  if (json.version instanceof JsonNumber) b.version(json.version.toNumber());
  if (typeof json.doc === 'string') b.doc(json.doc);
  if (isJsonObject(json.parameters)) {
    for (const [k, v] of Object.entries(json.parameters)) {
      if (typeof v !== 'string') throw new DataError('Schema parameters must have string values.');
      b.parameter(k, v);
    }
  }
  if (json.default !== undefined && json.default !== null) {
    b.defaultValue(codec.valueFromJson(b.build(), json.default));
  }
  return b.build();
}
