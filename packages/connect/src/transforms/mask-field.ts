/**
 * Kafka's MaskField$Key / $Value: replaces `fields` with the null value of their type (0, false,
 * "", empty array or map, epoch Date), or with `replacement` parsed as the field's type (strings
 * and numbers only, as in Kafka). The schema is unchanged.
 */

import { nonEmptyList } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { DecimalValue } from '../api/data/decimal-value.js';
import { Struct } from '../api/data/struct.js';
import { DataError } from '../api/errors.js';
import type { Transformation } from '../api/plugins.js';
import {
  type AnyRecord,
  mapOut,
  operatingSchema,
  operatingValue,
  parseList,
  requireMap,
  requireStruct,
  withPart,
} from './key-or-value.js';

const PURPOSE = 'mask fields';
const CONFIG = new ConnectConfigDef([
  { name: 'fields', type: 'LIST', validator: nonEmptyList(), importance: 'HIGH', doc: 'Names of fields to mask.' },
  {
    name: 'replacement',
    type: 'STRING',
    default: null,
    importance: 'LOW',
    doc: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
]);

export class MaskField implements Transformation {
  private fields = new Set<string>();
  private replacement: string | null = null;

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    CONFIG.parse(props);
    this.fields = new Set(parseList(props.fields));
    this.replacement = props.replacement ?? null;
  }

  private masked(v: unknown): unknown {
    if (v === null || v === undefined) return null;
    return this.replacement === null ? emptyOf(v) : replaced(v, this.replacement);
  }

  apply<R extends AnyRecord>(r: R): R {
    const value = operatingValue(r, this.isKey);
    if (value === null || value === undefined) return r;
    const schema = operatingSchema(r, this.isKey);
    if (!schema) {
      const m = requireMap(value, PURPOSE);
      for (const f of this.fields) if (m.has(f)) m.set(f, this.masked(m.get(f)));
      return withPart(r, this.isKey, null, mapOut(m));
    }
    const struct = requireStruct(value, PURPOSE);
    const out = new Struct(schema);
    for (const f of schema.fields) out.put(f, this.fields.has(f.name) ? this.masked(struct.get(f)) : struct.get(f));
    return withPart(r, this.isKey, schema, out);
  }
}

function emptyOf(v: unknown): unknown {
  if (typeof v === 'number') return 0;
  if (typeof v === 'bigint') return 0n;
  if (typeof v === 'boolean') return false;
  if (typeof v === 'string') return '';
  if (v instanceof Date) return new Date(0);
  if (v instanceof DecimalValue) return new DecimalValue(0n, v.scale);
  if (Array.isArray(v)) return [];
  if (v instanceof Map) return new Map();
  if (v instanceof Uint8Array) return Buffer.alloc(0);
  if (typeof v === 'object') return {};
  throw new DataError(`Cannot mask value of type: ${typeof v}`);
}

function replaced(v: unknown, replacement: string): unknown {
  if (typeof v === 'string') return replacement;
  if (typeof v === 'number' || typeof v === 'bigint') {
    const n = Number(replacement);
    if (Number.isNaN(n)) throw new DataError(`Unable to convert ${replacement} (${replacement}) to number`);
    return typeof v === 'bigint' ? BigInt(Math.trunc(n)) : n;
  }
  if (v instanceof DecimalValue) return DecimalValue.parse(replacement);
  throw new DataError(`Cannot mask value of type ${typeof v} with custom replacement.`);
}
