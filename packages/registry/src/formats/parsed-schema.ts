/**
 * What the registry needs from a schema format: parse (42201 when the text is not a schema of that
 * format), the canonical text it stores and compares for lookups, and a compatibility check of one
 * direction. One module per format (avro.ts, json-schema.ts, protobuf.ts), each a set of pure
 * functions; `compatibility.ts` combines directions and versions by compatibility level.
 */
import type { SchemaReference, SchemaType } from '../store/records.js';

export interface ParsedSchema {
  readonly schemaType: SchemaType;
  /** The text stored and compared: the schema as given, compacted. */
  readonly canonical: string;
  /** A normalized text (normalize=true compares these): equal meaning gives equal text where the format allows. */
  readonly normalized: string;
  /** Messages for each reason data written with `writer` cannot be read with this schema ([]: it can). */
  canRead(writer: ParsedSchema): string[];
}

/** A reference resolved to the referenced schema's text and type. */
export interface ResolvedReference extends SchemaReference {
  schemaType: SchemaType;
  schema: string;
}

export class SchemaParseError extends Error {
  readonly code = 'INVALID_SCHEMA';
  constructor(message: string) {
    super(message);
    this.name = 'SchemaParseError';
  }
}
