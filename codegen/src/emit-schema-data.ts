/**
 * Emits the schemas themselves as data (minus the prose), so tests can generate valid values for
 * every message and version without reading ../shared at test time.
 */
import { HEADER_NOTE } from './emit-file.js';
import type { FieldSpec, MessageSpec } from './schema.js';

const KEPT = [
  'name',
  'type',
  'versions',
  'nullableVersions',
  'taggedVersions',
  'tag',
  'default',
  'flexibleVersions',
] as const;

function strip(fields: FieldSpec[]): unknown[] {
  return fields.map((f) => {
    const out: Record<string, unknown> = {};
    for (const k of KEPT) if (f[k] !== undefined) out[k] = k === 'tag' ? Number(f[k]) : f[k];
    if (f.fields) out.fields = strip(f.fields);
    return out;
  });
}

export function emitSchemaData(specs: Array<{ file: string; spec: MessageSpec }>): string {
  const data = specs.map(({ spec }) => ({
    name: spec.name,
    type: spec.type,
    apiKey: spec.apiKey,
    validVersions: spec.validVersions,
    flexibleVersions: spec.flexibleVersions,
    fields: strip(spec.fields),
    commonStructs: (spec.commonStructs ?? []).map((s) => ({
      name: s.name,
      versions: s.versions,
      fields: strip(s.fields),
    })),
  }));
  return `${HEADER_NOTE}
export interface SchemaField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  default?: string | number | boolean;
  flexibleVersions?: string;
  fields?: SchemaField[];
}
export interface MessageSchema {
  name: string;
  type: string;
  apiKey?: number;
  validVersions: string;
  flexibleVersions: string;
  fields: SchemaField[];
  commonStructs: Array<{ name: string; versions: string; fields: SchemaField[] }>;
}
export const messageSchemas: MessageSchema[] = ${JSON.stringify(data)};
`;
}
