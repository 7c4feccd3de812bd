/**
 * The v2 schema formats — `avro` and `jsonschema` (`application/vnd.kafka.avro.v2+json`, ...) —
 * through the Schema Registry named by `schema.registry.url`: a produce request carries
 * `value_schema` (registered under `<topic>-value`, TopicNameStrategy) or `value_schema_id` (and
 * the same for keys); records go out in Confluent's wire format (magic 0, schema id). Consumer
 * instances of these formats decode each record with the schema of its id. Avro values are taken
 * and given as avsc's JS values (unions unwrapped), not Avro's JSON encoding.
 */
import {
  AvroDeserializer,
  frame,
  JsonSchemaDeserializer,
  type SchemaRegistryClient,
} from '@samsa/client/schema-registry';
import { HttpError } from '@samsa/common/http';
import avro from 'avsc';

export type SchemaFormat = 'avro' | 'jsonschema';

export interface SchemaEncoder {
  id: number;
  encode(value: unknown, what: string): Buffer | null;
}

/** The encoder for the keys or the values of one produce request. */
export async function schemaEncoder(
  client: SchemaRegistryClient | null,
  format: SchemaFormat,
  subject: string,
  schemaText: unknown,
  schemaId: unknown,
): Promise<SchemaEncoder | null> {
  if (schemaText === undefined && schemaId === undefined) return null;
  if (client === null) throw new HttpError(500, 'schema.registry.url is not configured', 50001);
  let text: string;
  let id: number;
  if (typeof schemaId === 'number') {
    id = schemaId;
    text = (await client.getSchemaById(id)).schema;
  } else if (typeof schemaText === 'string') {
    text = schemaText;
    id = await client.register(subject, { schema: text, schemaType: format === 'avro' ? 'AVRO' : 'JSON' });
  } else throw new HttpError(422, 'a schema must be a string, a schema id a number', 42203);
  if (format === 'jsonschema') {
    return { id, encode: (v) => (v === undefined || v === null ? null : frame(id, Buffer.from(JSON.stringify(v)))) };
  }
  let type: avro.Type;
  try {
    type = avro.Type.forSchema(JSON.parse(text));
  } catch (err) {
    throw new HttpError(422, `Invalid Avro schema: ${(err as Error).message}`, 42201);
  }
  return {
    id,
    encode(v, what) {
      if (v === undefined || v === null) return null;
      try {
        return frame(id, type.toBuffer(v));
      } catch (err) {
        throw new HttpError(422, `${what} does not match its schema: ${(err as Error).message}`, 42203);
      }
    },
  };
}

/** Decodes records of a consumer instance in a schema format. */
export function schemaDecoder(client: SchemaRegistryClient | null, format: SchemaFormat) {
  if (client === null) throw new HttpError(500, 'schema.registry.url is not configured', 50001);
  const d = format === 'avro' ? new AvroDeserializer({ client }) : new JsonSchemaDeserializer();
  return (topic: string, bytes: Buffer | null) => d.deserialize(topic, bytes);
}
