/**
 * Kafka's Flatten$Key / $Value: nested structs (or maps, schemaless) become top-level fields named
 * by their path joined with `delimiter`. A field under an optional struct becomes optional.
 * Arrays and schema'd maps are kept as they are.
 */
import { ConnectConfigDef } from '../api/connect-config-def.js';
import type { Schema } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { isPlainObject } from '../api/data/validate-value.js';
import type { Transformation } from '../api/plugins.js';
import {
  type AnyRecord,
  operatingSchema,
  operatingValue,
  requireMap,
  requireStruct,
  withPart,
} from './key-or-value.js';

const PURPOSE = 'flattening';
const CONFIG = new ConnectConfigDef([
  {
    name: 'delimiter',
    type: 'STRING',
    default: '.',
    importance: 'MEDIUM',
    doc: 'Delimiter to insert between field names from the input record when generating field names for the output record',
  },
]);

export class Flatten implements Transformation {
  private delimiter = '.';

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    this.delimiter = (CONFIG.parse(props).get('delimiter')?.value as string) ?? '.';
  }

  private name(prefix: string, field: string): string {
    return prefix ? prefix + this.delimiter + field : field;
  }

  apply<R extends AnyRecord>(r: R): R {
    const value = operatingValue(r, this.isKey);
    const schema = operatingSchema(r, this.isKey);
    if (!schema) {
      if (value === null || value === undefined) return r;
      const out: Record<string, unknown> = {};
      const walk = (m: Map<string, unknown>, prefix: string): void => {
        for (const [k, v] of m) {
          if (v instanceof Map || isPlainObject(v)) walk(requireMap(v, PURPOSE), this.name(prefix, k));
          else out[this.name(prefix, k)] = v;
        }
      };
      walk(requireMap(value, PURPOSE), '');
      return withPart(r, this.isKey, null, out);
    }
    if (schema.type !== 'STRUCT') return r;
    const b = SchemaBuilder.from(schema, false);
    const buildSchema = (s: Schema, prefix: string, optional: boolean): void => {
      for (const f of s.fields) {
        const name = this.name(prefix, f.name);
        if (f.schema.type === 'STRUCT') buildSchema(f.schema, name, optional || f.schema.optional);
        else b.field(name, optional && !f.schema.optional ? SchemaBuilder.from(f.schema).optional().build() : f.schema);
      }
    };
    buildSchema(schema, '', false);
    const newSchema = b.build();
    if (value === null || value === undefined) return withPart(r, this.isKey, newSchema, null);
    const out = new Struct(newSchema);
    const fill = (s: Struct | null, sch: Schema, prefix: string): void => {
      for (const f of sch.fields) {
        const name = this.name(prefix, f.name);
        const v = s === null ? null : s.get(f);
        if (f.schema.type === 'STRUCT') fill(v === null ? null : requireStruct(v, PURPOSE), f.schema, name);
        else out.put(name, v);
      }
    };
    fill(requireStruct(value, PURPOSE), schema, '');
    return withPart(r, this.isKey, newSchema, out);
  }
}
