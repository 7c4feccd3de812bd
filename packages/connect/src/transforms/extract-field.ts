/**
 * Kafka's ExtractField$Key / $Value: replaces the key or value with one of its fields (nested
 * paths with dots when field.syntax.version=V2). Null stays null.
 */
import { inList, nonEmptyString } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import type { Schema } from '../api/data/schema.js';
import { Struct } from '../api/data/struct.js';
import { DataError } from '../api/errors.js';
import type { Transformation } from '../api/plugins.js';
import {
  type AnyRecord,
  operatingSchema,
  operatingValue,
  requireMap,
  requireStruct,
  withPart,
} from './key-or-value.js';

const PURPOSE = 'field extraction';
const CONFIG = new ConnectConfigDef([
  { name: 'field', type: 'STRING', validator: nonEmptyString(), importance: 'MEDIUM', doc: 'Field name to extract.' },
  {
    name: 'field.syntax.version',
    type: 'STRING',
    default: 'V1',
    validator: inList('V1', 'V2'),
    importance: 'HIGH',
    doc: 'Defines the version of the syntax to access fields (V2 allows nested fields separated by dots).',
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
]);

export class ExtractField implements Transformation {
  private path: string[] = [];

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    const parsed = CONFIG.parse(props);
    const field = parsed.get('field')?.value as string;
    this.path = parsed.get('field.syntax.version')?.value === 'V2' ? field.split('.') : [field];
  }

  apply<R extends AnyRecord>(r: R): R {
    let value = operatingValue(r, this.isKey);
    let schema = operatingSchema(r, this.isKey);
    if (!schema) {
      for (const step of this.path) {
        if (value === null || value === undefined) break;
        value = requireMap(value, PURPOSE).get(step) ?? null;
      }
      return withPart(r, this.isKey, null, value ?? null);
    }
    for (const step of this.path) {
      const field = schema.field(step);
      if (!field) throw new DataError(`Unknown field: ${step}`);
      value = value === null || value === undefined ? null : requireStruct(value, PURPOSE).get(field);
      schema = field.schema as Schema;
    }
    return withPart(r, this.isKey, schema, value instanceof Struct || value !== undefined ? value : null);
  }
}
