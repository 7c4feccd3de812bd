/**
 * Avro through avsc. Compatibility is the Avro specification's schema resolution, which avsc
 * implements in `createResolver` (reader.createResolver(writer) fails when the writer's data cannot
 * be read: a reader field without a default and missing from the writer, an enum symbol the reader
 * lacks without a default, a type change that is not a promotion int→long→float→double,
 * string↔bytes, a union branch that matches nothing). References are parsed first into the same
 * type registry, so their named types resolve by name.
 */
import avro from 'avsc';
import { type ParsedSchema, type ResolvedReference, SchemaParseError } from './parsed-schema.js';

class AvroSchema implements ParsedSchema {
  readonly schemaType = 'AVRO' as const;
  constructor(
    readonly type: avro.Type,
    readonly canonical: string,
    readonly normalized: string,
  ) {}

  canRead(writer: ParsedSchema): string[] {
    if (!(writer instanceof AvroSchema)) return ['the previous schema is not an Avro schema'];
    try {
      this.type.createResolver(writer.type);
      return [];
    } catch (err) {
      return [(err as Error).message];
    }
  }
}

export function parseAvro(text: string, references: ResolvedReference[]): ParsedSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // Confluent accepts a bare primitive name such as `string` without quotes? It does not: JSON is required.
    throw new SchemaParseError(`Invalid Avro schema JSON: ${(err as Error).message}`);
  }
  const registry: Record<string, avro.Type> = {};
  try {
    for (const r of references) avro.Type.forSchema(JSON.parse(r.schema), { registry });
  } catch (err) {
    throw new SchemaParseError(`Invalid referenced schema ${r0(references)}: ${(err as Error).message}`);
  }
  try {
    const type = avro.Type.forSchema(json as avro.Schema, { registry });
    return new AvroSchema(type, JSON.stringify(json), JSON.stringify(type.schema({ exportAttrs: true })));
  } catch (err) {
    throw new SchemaParseError((err as Error).message);
  }
}

const r0 = (refs: ResolvedReference[]) => refs.map((r) => `${r.subject}/${r.version}`).join(', ');
