/**
 * Avro serializer and deserializer in Confluent's wire format, interoperable with Confluent's
 * KafkaAvroSerializer/Deserializer (Java, Python, ...). The serializer finds the schema id once per
 * subject (auto-registering by default, as `auto.register.schemas`; or the latest version, as
 * `use.latest.version`; or a lookup) and then encodes records without asking the registry again.
 * The deserializer reads the id from each value, fetches that writer schema once, and decodes with
 * it, or resolves into a reader schema when one is given (Avro's schema resolution).
 * Both are async (`serialize(topic, value)` before `producer.send`): the registry is a network call.
 */
import avro from 'avsc';
import { SerializationError } from './errors.js';
import type { SchemaRegistryClient } from './registry-client.js';
import { type SubjectNameStrategy, topicNameStrategy } from './subject-name-strategy.js';
import { frame, unframe } from './wire-format.js';

export interface AvroSerializerOptions {
  client: SchemaRegistryClient;
  /** The writer schema, as Avro JSON text or object. Optional with useLatestVersion. */
  schema?: string | object;
  /** Serializes keys (subject `<topic>-key` under TopicNameStrategy). */
  isKey?: boolean;
  /** auto.register.schemas (default true): register the schema if the subject lacks it. */
  autoRegisterSchemas?: boolean;
  /** use.latest.version: write with the subject's latest schema instead of `schema`. */
  useLatestVersion?: boolean;
  /** normalize.schemas: ask the registry to normalize before comparing. */
  normalizeSchemas?: boolean;
  subjectNameStrategy?: SubjectNameStrategy;
}

interface Writer {
  id: number;
  type: avro.Type;
}

export class AvroSerializer<T = unknown> {
  private readonly text: string | null;
  private readonly recordName: string | null;
  private readonly bySubject = new Map<string, Promise<Writer>>();

  constructor(private readonly options: AvroSerializerOptions) {
    if (options.schema === undefined && !options.useLatestVersion)
      throw new TypeError('AvroSerializer needs a schema, or useLatestVersion');
    this.text =
      options.schema === undefined
        ? null
        : typeof options.schema === 'string'
          ? options.schema
          : JSON.stringify(options.schema);
    const parsed = this.text === null ? null : avro.Type.forSchema(JSON.parse(this.text));
    this.recordName = parsed?.name ?? null;
  }

  async serialize(topic: string, value: T): Promise<Buffer> {
    const subject = (this.options.subjectNameStrategy ?? topicNameStrategy)(
      topic,
      this.options.isKey ?? false,
      this.recordName,
    );
    let writer = this.bySubject.get(subject);
    if (writer === undefined) {
      writer = this.resolve(subject);
      this.bySubject.set(subject, writer);
      writer.catch(() => this.bySubject.delete(subject));
    }
    const { id, type } = await writer;
    let payload: Buffer;
    try {
      payload = type.toBuffer(value);
    } catch (err) {
      throw new SerializationError(`value does not match the Avro schema of ${subject}: ${(err as Error).message}`);
    }
    return frame(id, payload);
  }

  private async resolve(subject: string): Promise<Writer> {
    const { client } = this.options;
    if (this.options.useLatestVersion) {
      const latest = await client.getLatestVersion(subject);
      return { id: latest.id, type: avro.Type.forSchema(JSON.parse(latest.schema)) };
    }
    const schema = { schema: this.text as string };
    const id =
      this.options.autoRegisterSchemas === false
        ? (await client.lookup(subject, schema)).id
        : await client.register(subject, schema, this.options.normalizeSchemas ?? false);
    return { id, type: avro.Type.forSchema(JSON.parse(this.text as string)) };
  }
}

export interface AvroDeserializerOptions {
  client: SchemaRegistryClient;
  /** Decode into this schema (Avro resolution from each writer schema); default: the writer's. */
  readerSchema?: string | object;
}

export class AvroDeserializer<T = unknown> {
  private readonly reader: avro.Type | null;
  private readonly byId = new Map<number, Promise<{ type: avro.Type; resolver: avro.Resolver | null }>>();

  constructor(private readonly options: AvroDeserializerOptions) {
    const r = options.readerSchema;
    this.reader =
      r === undefined ? null : avro.Type.forSchema((typeof r === 'string' ? JSON.parse(r) : r) as avro.Schema);
  }

  async deserialize(_topic: string, data: Buffer | null): Promise<T | null> {
    if (data === null) return null;
    const { schemaId, payload } = unframe(data);
    let entry = this.byId.get(schemaId);
    if (entry === undefined) {
      entry = this.load(schemaId);
      this.byId.set(schemaId, entry);
      entry.catch(() => this.byId.delete(schemaId));
    }
    const { type, resolver } = await entry;
    try {
      return (resolver ? (this.reader as avro.Type).fromBuffer(payload, resolver) : type.fromBuffer(payload)) as T;
    } catch (err) {
      throw new SerializationError(`value does not decode with schema ${schemaId}: ${(err as Error).message}`);
    }
  }

  private async load(id: number) {
    const { schema, schemaType } = await this.options.client.getSchemaById(id);
    if ((schemaType ?? 'AVRO') !== 'AVRO') throw new SerializationError(`schema ${id} is ${schemaType}, not AVRO`);
    const type = avro.Type.forSchema(JSON.parse(schema));
    return { type, resolver: this.reader ? this.reader.createResolver(type) : null };
  }
}
