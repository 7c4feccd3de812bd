/** Parsing by schemaType, and the compatibility levels over a subject's versions. */
import type { SchemaType } from '../store/records.js';
import { parseAvro } from './avro.js';
import { parseJsonSchema } from './json-schema.js';
import type { ParsedSchema, ResolvedReference } from './parsed-schema.js';
import { parseProtobuf } from './protobuf.js';

export { type ParsedSchema, type ResolvedReference, SchemaParseError } from './parsed-schema.js';

export const SCHEMA_TYPES: readonly SchemaType[] = ['JSON', 'PROTOBUF', 'AVRO'];

export function parseSchema(schemaType: SchemaType, text: string, references: ResolvedReference[]): ParsedSchema {
  switch (schemaType) {
    case 'AVRO':
      return parseAvro(text, references);
    case 'JSON':
      return parseJsonSchema(text);
    case 'PROTOBUF':
      return parseProtobuf(text);
  }
}

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/**
 * Why `candidate` may not follow `previous` (ascending versions) under `level`; [] when it may.
 * BACKWARD: the candidate reads data written with the latest version; FORWARD: the latest reads
 * the candidate's data; FULL: both; the _TRANSITIVE levels check every version, not the latest.
 * Messages are shaped as Confluent's verbose ones (the reason, the old version and schema, the level).
 */
export function compatibilityErrors(
  level: CompatibilityLevel,
  candidate: ParsedSchema,
  previous: Array<{ version: number; schema: ParsedSchema }>,
): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const errors: string[] = [];
  for (const p of against) {
    const reasons = [
      ...(backward
        ? candidate.canRead(p.schema).map((e) => `{errorType:'NEW_READER_INCOMPATIBLE', description:'${e}'}`)
        : []),
      ...(forward
        ? p.schema.canRead(candidate).map((e) => `{errorType:'OLD_READER_INCOMPATIBLE', description:'${e}'}`)
        : []),
    ];
    if (reasons.length === 0) continue;
    errors.push(
      ...reasons,
      `{oldSchemaVersion: ${p.version}}`,
      `{oldSchema: '${p.schema.canonical}'}`,
      `{compatibility: '${level}'}`,
    );
  }
  return errors;
}
