/**
 * Kafka's org.apache.kafka.connect.storage.SimpleHeaderConverter, the default header converter:
 * writes a header's value as text (strings as they are, other primitives as Java prints them,
 * arrays and maps as JSON) and reads text back inferring the type as Kafka's Values.parseString
 * does (checked against Kafka 3.9's output): true/false → BOOLEAN; an integer → the smallest of
 * INT8, INT16, INT32, INT64 that holds it; a decimal number → FLOAT32 (as Kafka does, even when
 * that rounds) or FLOAT64 beyond a float's range; yyyy-MM-dd → Date, HH:mm:ss.SSS'Z' → Time,
 * yyyy-MM-dd'T'HH:mm:ss.SSS'Z' → Timestamp; JSON arrays and objects → their values (without the
 * element schema Kafka infers); anything else → STRING.
 */
import { javaDoubleToString } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { ConnectDate, ConnectTime, ConnectTimestamp } from '../api/data/logical-types.js';
import { type Schema, Schemas } from '../api/data/schema.js';
import type { HeaderConverter, SchemaAndValue } from '../api/plugins.js';
import { fromJson, toJson } from './json-data.js';
import { parseJson, writeJson } from './json-text.js';

const CONFIG = new ConnectConfigDef([]);

export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(): void {}

  fromConnectHeader(_topic: string, _key: string, schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return Buffer.from(value, 'utf8');
    if (typeof value === 'number' && (schema?.type === 'FLOAT64' || schema?.type === 'FLOAT32')) {
      return Buffer.from(javaDoubleToString(value), 'utf8');
    }
    if (typeof value === 'object' && !(value instanceof Date)) {
      const json = toJson(schema, value, { decimalFormat: 'NUMERIC', replaceNullWithDefault: true });
      return Buffer.from(writeJson(json), 'utf8');
    }
    return Buffer.from(String(value), 'utf8');
  }

  toConnectHeader(_topic: string, _key: string, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null) return { schema: null, value: null };
    const text = bytes.toString('utf8');
    if (text === 'true' || text === 'false') return { schema: Schemas.BOOLEAN_SCHEMA, value: text === 'true' };
    if (/^-?\d+$/.test(text)) {
      const n = BigInt(text);
      if (n >= -128n && n <= 127n) return { schema: Schemas.INT8_SCHEMA, value: Number(n) };
      if (n >= -32768n && n <= 32767n) return { schema: Schemas.INT16_SCHEMA, value: Number(n) };
      if (n >= -2147483648n && n <= 2147483647n) return { schema: Schemas.INT32_SCHEMA, value: Number(n) };
      if (n >= -(2n ** 63n) && n < 2n ** 63n) {
        return { schema: Schemas.INT64_SCHEMA, value: Number.isSafeInteger(Number(n)) ? Number(n) : n };
      }
    }
    if (/^-?\d+\.\d+(?:[eE][+-]?\d+)?$/.test(text)) {
      const d = Number(text);
      const f = Math.fround(d);
      return Number.isFinite(f) && (f !== 0 || d === 0)
        ? { schema: Schemas.FLOAT32_SCHEMA, value: f }
        : { schema: Schemas.FLOAT64_SCHEMA, value: d };
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(text))
      return { schema: ConnectDate.SCHEMA, value: new Date(`${text}T00:00:00.000Z`) };
    if (/^\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text))
      return { schema: ConnectTime.SCHEMA, value: new Date(`1970-01-01T${text}`) };
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text))
      return { schema: ConnectTimestamp.SCHEMA, value: new Date(text) };
    if (/^\s*[[{]/.test(text)) {
      try {
        return { schema: null, value: fromJson(null, parseJson(text)) };
      } catch {
        // Not JSON after all: a plain string.
      }
    }
    return { schema: Schemas.STRING_SCHEMA, value: text };
  }
}
