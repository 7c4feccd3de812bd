/**
 * Kafka's HoistField$Key / $Value: wraps the key or value in a struct (or, schemaless, a map)
 * with the single field `field`.
 */
import { nonEmptyString } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import type { Transformation } from '../api/plugins.js';
import { type AnyRecord, operatingSchema, operatingValue, withPart } from './key-or-value.js';

const CONFIG = new ConnectConfigDef([
  {
    name: 'field',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'MEDIUM',
    doc: 'Field name for the single field that will be created in the resulting Struct or Map.',
  },
]);

export class HoistField implements Transformation {
  private field = '';

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    this.field = CONFIG.parse(props).get('field')?.value as string;
  }

  apply<R extends AnyRecord>(r: R): R {
    const value = operatingValue(r, this.isKey);
    const schema = operatingSchema(r, this.isKey);
    if (!schema) return withPart(r, this.isKey, null, { [this.field]: value });
    const newSchema = SchemaBuilder.struct().field(this.field, schema).build();
    return withPart(r, this.isKey, newSchema, new Struct(newSchema).put(this.field, value));
  }
}
