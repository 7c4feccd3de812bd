/**
 * Kafka's ReplaceField$Key / $Value: keeps only `include` fields (all when empty), drops `exclude`
 * fields, renames per `renames` (old:new). `whitelist` / `blacklist` are the deprecated names.
 */
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { SchemaBuilder } from '../api/data/schema-builder.js';
import { Struct } from '../api/data/struct.js';
import { ConnectError } from '../api/errors.js';
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

const PURPOSE = 'field replacement';
const CONFIG = new ConnectConfigDef([
  {
    name: 'exclude',
    type: 'LIST',
    default: '',
    importance: 'MEDIUM',
    doc: 'Fields to exclude. This takes precedence over the fields to include.',
  },
  {
    name: 'include',
    type: 'LIST',
    default: '',
    importance: 'MEDIUM',
    doc: 'Fields to include. If specified, only these fields will be used.',
  },
  { name: 'renames', type: 'LIST', default: '', importance: 'MEDIUM', doc: 'Field rename mappings.' },
  { name: 'blacklist', type: 'LIST', default: null, importance: 'LOW', doc: 'Deprecated. Use exclude instead.' },
  { name: 'whitelist', type: 'LIST', default: null, importance: 'LOW', doc: 'Deprecated. Use include instead.' },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    default: true,
    importance: 'MEDIUM',
    doc: 'Whether to replace fields that have a default value and that are null to the default value.',
  },
]);

export class ReplaceField implements Transformation {
  private exclude = new Set<string>();
  private include = new Set<string>();
  private renames = new Map<string, string>();

  constructor(private readonly isKey: boolean) {}

  config(): ConnectConfigDef {
    return CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    CONFIG.parse(props);
    this.exclude = new Set(parseList(props.exclude ?? props.blacklist));
    this.include = new Set(parseList(props.include ?? props.whitelist));
    this.renames = new Map(
      parseList(props.renames).map((m) => {
        const parts = m.split(':');
        if (parts.length !== 2 || !parts[0] || !parts[1])
          throw new ConnectError(`Invalid rename mapping: ${m}`, { code: 'CONFIG' });
        return [parts[0], parts[1]] as [string, string];
      }),
    );
  }

  private keep(name: string): boolean {
    return !this.exclude.has(name) && (this.include.size === 0 || this.include.has(name));
  }

  private renamed(name: string): string {
    return this.renames.get(name) ?? name;
  }

  apply<R extends AnyRecord>(r: R): R {
    const value = operatingValue(r, this.isKey);
    if (value === null || value === undefined) return r;
    const schema = operatingSchema(r, this.isKey);
    if (!schema) {
      const out = new Map<string, unknown>();
      for (const [k, v] of requireMap(value, PURPOSE)) if (this.keep(k)) out.set(this.renamed(k), v);
      return withPart(r, this.isKey, null, mapOut(out));
    }
    const struct = requireStruct(value, PURPOSE);
    const b = SchemaBuilder.from(schema, false);
    for (const f of schema.fields) if (this.keep(f.name)) b.field(this.renamed(f.name), f.schema);
    const newSchema = b.build();
    const out = new Struct(newSchema);
    for (const f of schema.fields) if (this.keep(f.name)) out.put(this.renamed(f.name), struct.get(f));
    return withPart(r, this.isKey, newSchema, out);
  }
}
