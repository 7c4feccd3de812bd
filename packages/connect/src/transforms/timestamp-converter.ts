/**
 * Kafka's TimestampConverter$Key / $Value: converts a timestamp field (or the whole key or value
 * when `field` is empty) between string (SimpleDateFormat `format`, UTC), unix (epoch in
 * `unix.precision`), and the Date, Time and Timestamp logical types.
 */
import { inList } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { ConnectDate, ConnectTime, ConnectTimestamp } from '../api/data/logical-types.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { ConnectError, DataError } from '../api/errors.js';
import type { Transformation } from '../api/plugins.js';
import { formatDate, parseDate } from './date-format.js';
import {
  type AnyRecord,
  mapOut,
  operatingSchema,
  operatingValue,
  requireMap,
  requireStruct,
  withPart,
} from './key-or-value.js';

type Target = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type Precision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';
const MS_PER_DAY = 86_400_000;
const PURPOSE = 'converting timestamp formats';

const CONFIG = new ConnectConfigDef([
  {
    name: 'field',
    type: 'STRING',
    default: '',
    importance: 'HIGH',
    doc: 'The field containing the timestamp, or empty if the entire value is a timestamp',
  },
  {
    name: 'target.type',
    type: 'STRING',
    validator: inList('string', 'unix', 'Date', 'Time', 'Timestamp'),
    importance: 'HIGH',
    doc: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
  },
  {
    name: 'format',
    type: 'STRING',
    default: '',
    importance: 'MEDIUM',
    doc: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
  },
  {
    name: 'unix.precision',
    type: 'STRING',
    default: 'milliseconds',
    validator: inList('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    importance: 'LOW',
    doc: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds.',
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
]);

export class TimestampConverter implements Transformation {
  private field = '';
  private target: Target = 'Timestamp';
  private format = '';
  private precision: Precision = 'milliseconds';

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    const p = CONFIG.parse(props);
    this.field = p.get('field')?.value as string;
    this.target = p.get('target.type')?.value as Target;
    this.format = p.get('format')?.value as string;
    this.precision = p.get('unix.precision')?.value as Precision;
    if (this.target === 'string' && !this.format) {
      throw new ConnectError('TimestampConverter requires format option to be specified when using string timestamps', {
        code: 'CONFIG',
      });
    }
  }

  apply<R extends AnyRecord>(r: R): R {
    const value = operatingValue(r, this.isKey);
    const schema = operatingSchema(r, this.isKey);
    if (this.field === '') {
      const out = value === null || value === undefined ? null : this.convert(this.toDate(value, schema));
      return withPart(r, this.isKey, schema ? this.targetSchema(schema.optional) : null, out);
    }
    if (value === null || value === undefined) return r;
    if (!schema) {
      const m = requireMap(value, PURPOSE);
      const v = m.get(this.field);
      m.set(this.field, v === null || v === undefined ? null : this.convert(this.toDate(v, null)));
      return withPart(r, this.isKey, null, mapOut(m));
    }
    const struct = requireStruct(value, PURPOSE);
    const b = SchemaBuilder.from(schema, false);
    for (const f of schema.fields)
      b.field(f.name, f.name === this.field ? this.targetSchema(f.schema.optional) : f.schema);
    const newSchema = b.build();
    const out = new Struct(newSchema);
    for (const f of schema.fields) {
      const v = struct.get(f);
      out.put(f.name, f.name === this.field && v !== null ? this.convert(this.toDate(v, f.schema)) : v);
    }
    return withPart(r, this.isKey, newSchema, out);
  }

  private toDate(v: unknown, schema: Schema | null): Date {
    if (v instanceof Date) return v;
    if (typeof v === 'string' && (schema === null || schema.type === 'STRING')) {
      if (!this.format)
        throw new DataError('TimestampConverter requires format option to be specified when using string timestamps');
      return parseDate(this.format, v);
    }
    if (typeof v === 'number' || typeof v === 'bigint') {
      const n = BigInt(v);
      const ms =
        this.precision === 'seconds'
          ? n * 1000n
          : this.precision === 'microseconds'
            ? n / 1000n
            : this.precision === 'nanoseconds'
              ? n / 1_000_000n
              : n;
      return new Date(Number(ms));
    }
    throw new DataError(`Expected a timestamp, found ${typeof v}`);
  }

  private convert(d: Date): unknown {
    const ms = d.getTime();
    switch (this.target) {
      case 'string':
        return formatDate(this.format, d);
      case 'unix': {
        const n = BigInt(ms);
        const out =
          this.precision === 'seconds'
            ? n / 1000n
            : this.precision === 'microseconds'
              ? n * 1000n
              : this.precision === 'nanoseconds'
                ? n * 1_000_000n
                : n;
        return Number.isSafeInteger(Number(out)) ? Number(out) : out;
      }
      case 'Date':
        return new Date(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY);
      case 'Time':
        return new Date(((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
      default:
        return d;
    }
  }

  private targetSchema(optional: boolean): Schema {
    const b =
      this.target === 'string'
        ? SchemaBuilder.string()
        : this.target === 'unix'
          ? SchemaBuilder.int64()
          : this.target === 'Date'
            ? ConnectDate.builder()
            : this.target === 'Time'
              ? ConnectTime.builder()
              : ConnectTimestamp.builder();
    if (optional) b.optional();
    return b.build();
  }
}
