/**
 * Kafka's org.apache.kafka.connect.json.JsonConverter. With schemas.enable=true (the default)
 * each message is an envelope {"schema":...,"payload":...}; without, the payload alone, read back
 * with inferred types and no schema. Null converts to null (a tombstone) both ways. Keys of the
 * configuration are Kafka's: schemas.enable, schemas.cache.size, decimal.format,
 * replace.null.with.default.
 */
import { inList } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import type { Schema } from '../api/data/schema.js';
import { DataError } from '../api/errors.js';
import type { Converter, HeaderConverter, SchemaAndValue } from '../api/plugins.js';
import { fromJson, type JsonDataOptions, toJson } from './json-data.js';
import { asConnectSchema, asJsonSchema, type JsonSchemaCodec } from './json-schema.js';
import { isJsonObject, type JsonValue, parseJson, writeJson } from './json-text.js';

export const JSON_CONVERTER_CONFIG = new ConnectConfigDef([
  {
    name: 'schemas.enable',
    type: 'BOOLEAN',
    default: true,
    importance: 'HIGH',
    doc: 'Include schemas within each of the serialized values and keys.',
  },
  {
    name: 'schemas.cache.size',
    type: 'INT',
    default: 1000,
    importance: 'HIGH',
    doc: 'The maximum number of schemas that can be cached in this converter instance.',
  },
  {
    name: 'decimal.format',
    type: 'STRING',
    default: 'BASE64',
    validator: inList('BASE64', 'NUMERIC'),
    importance: 'LOW',
    doc: 'Controls which format this converter will serialize decimals in: BASE64 or NUMERIC.',
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'LOW',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
  {
    name: 'converter.type',
    type: 'STRING',
    default: 'value',
    validator: inList('key', 'value', 'header'),
    importance: 'LOW',
    doc: 'How this converter will be used.',
  },
]);

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

export class JsonConverter implements Converter, HeaderConverter {
  schemasEnabled = true;
  private options: JsonDataOptions = { decimalFormat: 'BASE64', replaceNullWithDefault: true };
  private readonly codec: JsonSchemaCodec = {
    valueToJson: (s, v) => toJson(s, v, this.options),
    valueFromJson: (s, j) => fromJson(s, j),
  };

  config(): ConnectConfigDef {
    return JSON_CONVERTER_CONFIG;
  }

  configure(props: Readonly<Record<string, string>>, _isKey = false): void {
    const parsed = JSON_CONVERTER_CONFIG.parse(props);
    this.schemasEnabled = parsed.get('schemas.enable')?.value as boolean;
    this.options = {
      decimalFormat: parsed.get('decimal.format')?.value as 'BASE64' | 'NUMERIC',
      replaceNullWithDefault: parsed.get('replace.null.with.default')?.value as boolean,
    };
  }

  fromConnectData(_topic: string, schema: Schema | null, value: unknown): Buffer | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const payload = toJson(schema, value, this.options);
    const json: JsonValue = this.schemasEnabled ? { schema: asJsonSchema(schema, this.codec), payload } : payload;
    return Buffer.from(writeJson(json), 'utf8');
  }

  toConnectData(_topic: string, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null || bytes.length === 0) return { schema: null, value: null };
    const json = parseJson(bytes.toString('utf8'));
    if (!this.schemasEnabled) return { schema: null, value: fromJson(null, json) };
    if (!isJsonObject(json) || Object.keys(json).length !== 2 || !('schema' in json) || !('payload' in json)) {
      throw new DataError(ENVELOPE_ERROR);
    }
    const schema = asConnectSchema(json.schema, this.codec);
    return { schema, value: fromJson(schema, json.payload) };
  }

  fromConnectHeader(topic: string, _key: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _key: string, bytes: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, bytes);
  }
}
