/**
 * `@samsa/client/schema-registry`: Confluent-compatible schema registry client and serdes (wire
 * format magic 0 + schema id). A subpath of its own so that applications without a registry never
 * load Avro.
 */
export {
  AvroDeserializer,
  type AvroDeserializerOptions,
  AvroSerializer,
  type AvroSerializerOptions,
} from './avro-serde.js';
export { RegistryClientError, SerializationError } from './errors.js';
export { JsonSchemaDeserializer, JsonSchemaSerializer, type JsonSchemaSerializerOptions } from './json-schema-serde.js';
export {
  type RegisteredSchema,
  type RegistrySchema,
  type SchemaReference,
  SchemaRegistryClient,
  type SchemaRegistryClientOptions,
  type SchemaType,
} from './registry-client.js';
export {
  recordNameStrategy,
  type SubjectNameStrategy,
  topicNameStrategy,
  topicRecordNameStrategy,
} from './subject-name-strategy.js';
export { frame, MAGIC_BYTE, unframe } from './wire-format.js';
