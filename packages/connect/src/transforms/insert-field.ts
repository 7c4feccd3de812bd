/**
 * Kafka's InsertField$Key / InsertField$Value: adds the record's topic, partition, offset (sink
 * records only), timestamp, or a static value as fields. A field name ending in `!` is required
 * in the new schema, `?` (or nothing) optional. Tombstones pass unchanged.
 */
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { ConnectTimestamp } from '../api/data/logical-types.js';
import { type Schema, Schemas } from '../api/data/schema.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import type { Transformation } from '../api/plugins.js';
import { SinkRecord } from '../api/records.js';
import {
  type AnyRecord,
  mapOut,
  operatingSchema,
  operatingValue,
  requireMap,
  requireStruct,
  withPart,
} from './key-or-value.js';

const PURPOSE = 'field insertion';
const CONFIG = new ConnectConfigDef([
  {
    name: 'topic.field',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Field name for Kafka topic. Suffix with ! to make this a required field, or ? to keep it optional (the default).',
  },
  {
    name: 'partition.field',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Field name for Kafka partition. Suffix with ! to make this a required field, or ? to keep it optional (the default).',
  },
  {
    name: 'offset.field',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Field name for Kafka offset - only applicable to sink connectors. Suffix with ! to make this a required field, or ? to keep it optional (the default).',
  },
  {
    name: 'timestamp.field',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Field name for record timestamp. Suffix with ! to make this a required field, or ? to keep it optional (the default).',
  },
  {
    name: 'static.field',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Field name for static data field. Suffix with ! to make this a required field, or ? to keep it optional (the default).',
  },
  {
    name: 'static.value',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Static field value, if field name configured.',
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
]);

interface InsertionSpec {
  name: string;
  optional: boolean;
}

function spec(v: string | undefined): InsertionSpec | null {
  if (!v) return null;
  if (v.endsWith('!')) return { name: v.slice(0, -1), optional: false };
  if (v.endsWith('?')) return { name: v.slice(0, -1), optional: true };
  return { name: v, optional: true };
}

export class InsertField implements Transformation {
  private topic: InsertionSpec | null = null;
  private partition: InsertionSpec | null = null;
  private offset: InsertionSpec | null = null;
  private timestamp: InsertionSpec | null = null;
  private staticField: InsertionSpec | null = null;
  private staticValue: string | null = null;

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    CONFIG.parse(props);
    this.topic = spec(props['topic.field']);
    this.partition = spec(props['partition.field']);
    this.offset = spec(props['offset.field']);
    this.timestamp = spec(props['timestamp.field']);
    this.staticField = spec(props['static.field']);
    this.staticValue = props['static.value'] ?? null;
  }

  apply<R extends AnyRecord>(r: R): R {
    const value = operatingValue(r, this.isKey);
    if (value === null || value === undefined) return r;
    const schema = operatingSchema(r, this.isKey);
    const additions: Array<[InsertionSpec, Schema, unknown]> = [];
    const add = (s: InsertionSpec | null, type: Schema, optionalType: Schema, v: unknown): void => {
      if (s) additions.push([s, s.optional ? optionalType : type, v]);
    };
    add(this.topic, Schemas.STRING_SCHEMA, Schemas.OPTIONAL_STRING_SCHEMA, r.topic);
    add(this.partition, Schemas.INT32_SCHEMA, Schemas.OPTIONAL_INT32_SCHEMA, r.kafkaPartition);
    if (r instanceof SinkRecord) add(this.offset, Schemas.INT64_SCHEMA, Schemas.OPTIONAL_INT64_SCHEMA, r.kafkaOffset);
    if (this.timestamp) {
      const ts = r.timestamp;
      if (schema)
        add(
          this.timestamp,
          ConnectTimestamp.SCHEMA,
          ConnectTimestamp.builder().optional().build(),
          ts === null ? null : new Date(ts),
        );
      else add(this.timestamp, Schemas.INT64_SCHEMA, Schemas.OPTIONAL_INT64_SCHEMA, ts);
    }
    add(this.staticField, Schemas.STRING_SCHEMA, Schemas.OPTIONAL_STRING_SCHEMA, this.staticValue);
    if (!schema) {
      const m = requireMap(value, PURPOSE);
      for (const [s, , v] of additions) m.set(s.name, typeof v === 'bigint' ? Number(v) : v);
      return withPart(r, this.isKey, null, mapOut(m));
    }
    const struct = requireStruct(value, PURPOSE);
    const b = SchemaBuilder.from(schema);
    for (const [s, t] of additions) b.field(s.name, t);
    const newSchema = b.build();
    const out = new Struct(newSchema);
    for (const f of schema.fields) out.put(f.name, struct.get(f));
    for (const [s, , v] of additions) out.put(s.name, v);
    return withPart(r, this.isKey, newSchema, out);
  }
}
