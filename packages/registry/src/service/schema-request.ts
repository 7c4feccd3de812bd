/**
 * The body of register, lookup and compatibility requests (`{ schema, schemaType, references }`,
 * Confluent's RegisterSchemaRequest) checked and parsed: references must name existing subject
 * versions, whose schemas are handed to the format's parser; any failure is 42201.
 */
import { RegistryErrors } from '../errors.js';
import { type ParsedSchema, parseSchema, type ResolvedReference, SCHEMA_TYPES } from '../formats/index.js';
import type { SchemaReference, SchemaType, SchemaValue } from '../store/records.js';
import type { SchemaContent, SchemaStore } from '../store/schema-store.js';

export interface SchemaRequest {
  content: SchemaContent;
  parsed: ParsedSchema;
  /** IMPORT mode only: the id and version to register under. */
  id?: number;
  version?: number;
}

export function readSchemaRequest(store: SchemaStore, body: unknown): SchemaRequest {
  if (body === null || typeof body !== 'object') throw RegistryErrors.invalidSchema('(the body is not a JSON object)');
  const b = body as Record<string, unknown>;
  if (typeof b.schema !== 'string' || b.schema === '') throw RegistryErrors.invalidSchema('(empty schema)');
  const schemaType = (b.schemaType ?? 'AVRO') as SchemaType;
  if (!SCHEMA_TYPES.includes(schemaType))
    throw RegistryErrors.invalidSchema(`(unknown schemaType ${String(b.schemaType)})`);
  const references = readReferences(b.references);
  const resolved = references.map((r) => resolveReference(store, r));
  let parsed: ParsedSchema;
  try {
    parsed = parseSchema(schemaType, b.schema, resolved);
  } catch (err) {
    throw RegistryErrors.invalidSchema(`${b.schema}, details: ${(err as Error).message}`);
  }
  return {
    content: { schemaType, schema: parsed.canonical, references },
    parsed,
    id: typeof b.id === 'number' ? b.id : undefined,
    version: typeof b.version === 'number' ? b.version : undefined,
  };
}

function readReferences(raw: unknown): SchemaReference[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw RegistryErrors.invalidSchema('(references is not a list)');
  return raw.map((r: Record<string, unknown>) => {
    if (typeof r?.name !== 'string' || typeof r.subject !== 'string' || typeof r.version !== 'number')
      throw RegistryErrors.invalidSchema('(a reference needs name, subject and version)');
    return { name: r.name, subject: r.subject, version: r.version };
  });
}

export function resolveReference(store: SchemaStore, r: SchemaReference): ResolvedReference {
  const v = store.versionsOf(r.subject, false).find((x) => x.version === r.version);
  if (v === undefined)
    throw RegistryErrors.invalidSchema(`(reference ${r.name}: subject ${r.subject} version ${r.version} not found)`);
  return { ...r, version: v.version, schemaType: v.schemaType, schema: v.schema };
}

/** The subject version whose content equals this request's (normalized texts when asked). */
export function findSameSchema(
  store: SchemaStore,
  subject: string,
  req: SchemaRequest,
  normalize: boolean,
  includeDeleted = false,
) {
  const key = (schemaType: SchemaType, text: string, refs: SchemaReference[], parsed?: ParsedSchema) =>
    JSON.stringify([
      schemaType,
      normalize && parsed ? parsed.normalized : text,
      refs.map((r) => [r.name, r.subject, r.version]),
    ]);
  const wanted = key(req.content.schemaType, req.content.schema, req.content.references, req.parsed);
  for (const v of store.versionsOf(subject, includeDeleted)) {
    let parsed: ParsedSchema | undefined;
    if (normalize) {
      try {
        parsed = parseStored(store, v);
      } catch {
        continue;
      }
    }
    if (key(v.schemaType, v.schema, v.references, parsed) === wanted) return v;
  }
  return undefined;
}

/** A stored version parsed again (for compatibility checks), its references resolved from the store. */
export function parseStored(store: SchemaStore, v: SchemaValue): ParsedSchema {
  return parseSchema(
    v.schemaType,
    v.schema,
    v.references.map((r) => resolveReference(store, r)),
  );
}
