/**
 * Kafka's ValueToKey: the key becomes the value's `fields` — a struct of those fields (with their
 * schemas, in the order given) or, schemaless, a map of them.
 */
import { nonEmptyList } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { DataError } from '../api/errors.js';
import type { Transformation } from '../api/plugins.js';
import { type AnyRecord, mapOut, parseList, requireMap, requireStruct } from './key-or-value.js';

const PURPOSE = 'copying fields from value to key';
const CONFIG = new ConnectConfigDef([
  {
    name: 'fields',
    type: 'LIST',
    validator: nonEmptyList(),
    importance: 'HIGH',
    doc: 'Field names on the record value to extract as the record key.',
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
]);

export class ValueToKey implements Transformation {
  private fields: string[] = [];

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    CONFIG.parse(props);
    this.fields = parseList(props.fields);
  }

  apply<R extends AnyRecord>(r: R): R {
    if (r.value === null) return r;
    if (!r.valueSchema) {
      const value = requireMap(r.value, PURPOSE);
      const key = new Map(this.fields.map((f) => [f, value.get(f) ?? null] as [string, unknown]));
      return r.newRecord({ keySchema: null, key: mapOut(key) }) as R;
    }
    const value = requireStruct(r.value, PURPOSE);
    const b = SchemaBuilder.struct();
    for (const f of this.fields) {
      const field = r.valueSchema.field(f);
      if (!field) throw new DataError(`Field does not exist: ${f}`);
      b.field(f, field.schema);
    }
    const keySchema = b.build();
    const key = new Struct(keySchema);
    for (const f of this.fields) key.put(f, value.get(f));
    return r.newRecord({ keySchema, key }) as R;
  }
}
