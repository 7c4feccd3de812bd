/**
 * JSON Schema serializer and deserializer in Confluent's wire format: the value is JSON text after
 * the 5-byte frame, the schema registered (or looked up, or the latest used) as for Avro. Values
 * are not validated against the schema here (Confluent's `json.fail.invalid.schema` is off by
 * default too).
 */
import { SerializationError } from './errors.js';
import type { SchemaRegistryClient } from './registry-client.js';
import { type SubjectNameStrategy, topicNameStrategy } from './subject-name-strategy.js';
import { frame, unframe } from './wire-format.js';

export interface JsonSchemaSerializerOptions {
  client: SchemaRegistryClient;
  /** The JSON Schema, as text or object. Optional with useLatestVersion. */
  schema?: string | object;
  isKey?: boolean;
  autoRegisterSchemas?: boolean;
  useLatestVersion?: boolean;
  subjectNameStrategy?: SubjectNameStrategy;
}

export class JsonSchemaSerializer<T = unknown> {
  private readonly text: string | null;
  private readonly ids = new Map<string, Promise<number>>();

  constructor(private readonly options: JsonSchemaSerializerOptions) {
    if (options.schema === undefined && !options.useLatestVersion)
      throw new TypeError('JsonSchemaSerializer needs a schema, or useLatestVersion');
    this.text =
      options.schema === undefined
        ? null
        : typeof options.schema === 'string'
          ? options.schema
          : JSON.stringify(options.schema);
  }

  async serialize(topic: string, value: T): Promise<Buffer> {
    const title = this.text === null ? null : ((JSON.parse(this.text) as { title?: string }).title ?? null);
    const subject = (this.options.subjectNameStrategy ?? topicNameStrategy)(topic, this.options.isKey ?? false, title);
    let id = this.ids.get(subject);
    if (id === undefined) {
      id = this.resolve(subject);
      this.ids.set(subject, id);
      id.catch(() => this.ids.delete(subject));
    }
    const json = JSON.stringify(value);
    if (json === undefined) throw new SerializationError('value has no JSON form');
    return frame(await id, Buffer.from(json));
  }

  private async resolve(subject: string): Promise<number> {
    const { client } = this.options;
    if (this.options.useLatestVersion) return (await client.getLatestVersion(subject)).id;
    const schema = { schema: this.text as string, schemaType: 'JSON' as const };
    return this.options.autoRegisterSchemas === false
      ? (await client.lookup(subject, schema)).id
      : client.register(subject, schema);
  }
}

export class JsonSchemaDeserializer<T = unknown> {
  async deserialize(_topic: string, data: Buffer | null): Promise<T | null> {
    if (data === null) return null;
    const { payload } = unframe(data);
    try {
      return JSON.parse(payload.toString('utf8')) as T;
    } catch (err) {
      throw new SerializationError(`value is not JSON: ${(err as Error).message}`);
    }
  }
}
