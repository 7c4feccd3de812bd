/**
 * Protobuf through protobufjs: the text must parse as a .proto file. Confluent's Protobuf
 * compatibility rules are not implemented yet: any two Protobuf schemas are taken as compatible
 * (stated in the README). The text is stored as given (Confluent stores its own printed form).
 */
import protobuf from 'protobufjs';
import { type ParsedSchema, SchemaParseError } from './parsed-schema.js';

export function parseProtobuf(text: string): ParsedSchema {
  try {
    protobuf.parse(text, { keepCase: true });
  } catch (err) {
    throw new SchemaParseError(`Invalid Protobuf schema: ${(err as Error).message}`);
  }
  return { schemaType: 'PROTOBUF', canonical: text, normalized: text.trim(), canRead: () => [] };
}
