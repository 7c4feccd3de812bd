/**
 * JSON Schema: the text must be JSON and a schema (an object or a boolean). Confluent's JSON Schema
 * compatibility rules are not implemented yet: any two JSON schemas are taken as compatible, so a
 * subject of JSON schemas behaves as compatibility NONE (stated in the README).
 */
import { type ParsedSchema, SchemaParseError } from './parsed-schema.js';

export function parseJsonSchema(text: string): ParsedSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SchemaParseError(`Invalid JSON Schema: ${(err as Error).message}`);
  }
  if (typeof json !== 'boolean' && (json === null || typeof json !== 'object' || Array.isArray(json)))
    throw new SchemaParseError('Invalid JSON Schema: a schema is a JSON object or a boolean');
  const canonical = JSON.stringify(json);
  return { schemaType: 'JSON', canonical, normalized: canonical, canRead: () => [] };
}
