/**
 * JSON Schema: the text must be JSON and a schema (an object or a boolean). Compatibility follows
 * Confluent's rules for JSON Schema (json-schema-compat.ts): a reader can read a writer's data when
 * it accepts every instance the writer accepts.
 */
import { jsonSchemaReadErrors } from './json-schema-compat.js';
import { type ParsedSchema, SchemaParseError } from './parsed-schema.js';

class JsonSchema implements ParsedSchema {
  readonly schemaType = 'JSON' as const;
  readonly canonical: string;
  constructor(readonly json: boolean | Record<string, unknown>) {
    this.canonical = JSON.stringify(json);
  }
  get normalized(): string {
    return JSON.stringify(sortKeys(this.json));
  }
  canRead(writer: ParsedSchema): string[] {
    if (!(writer instanceof JsonSchema)) return ['the previous schema is not a JSON schema'];
    return jsonSchemaReadErrors(this.json, writer.json);
  }
}

export function parseJsonSchema(text: string): ParsedSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SchemaParseError(`Invalid JSON Schema: ${(err as Error).message}`);
  }
  if (typeof json !== 'boolean' && (json === null || typeof json !== 'object' || Array.isArray(json)))
    throw new SchemaParseError('Invalid JSON Schema: a schema is a JSON object or a boolean');
  return new JsonSchema(json as boolean | Record<string, unknown>);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}
