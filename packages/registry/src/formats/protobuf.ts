/**
 * Protobuf through protobufjs: the text must parse as a .proto file. Compatibility follows
 * Confluent's Protobuf rules (protobuf-compat.ts). The text is stored as given (Confluent stores
 * its own printed form, so a lookup of differently formatted text finds nothing here).
 * Imports (schema references) are not loaded: types they define are compared by name as written.
 */
import protobuf from 'protobufjs';
import type { ParsedSchema } from './parsed-schema.js';
import { SchemaParseError } from './parsed-schema.js';
import { type ProtoFile, protobufReadErrors } from './protobuf-compat.js';

class ProtobufSchema implements ParsedSchema {
  readonly schemaType = 'PROTOBUF' as const;
  constructor(
    readonly file: ProtoFile,
    readonly canonical: string,
  ) {}
  get normalized(): string {
    return this.canonical.trim();
  }
  canRead(writer: ParsedSchema): string[] {
    if (!(writer instanceof ProtobufSchema)) return ['the previous schema is not a Protobuf schema'];
    return protobufReadErrors(this.file, writer.file);
  }
}

export function parseProtobuf(text: string): ParsedSchema {
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, { keepCase: true });
  } catch (err) {
    throw new SchemaParseError(`Invalid Protobuf schema: ${(err as Error).message}`);
  }
  try {
    parsed.root.resolveAll();
  } catch {
    // Types from imports are unknown here; fields naming them keep their written type name.
  }
  return new ProtobufSchema({ pkg: parsed.package ?? '', root: parsed.root }, text);
}
