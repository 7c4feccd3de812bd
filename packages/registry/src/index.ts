/** @samsa/registry: a Schema Registry with Confluent's API, over any Kafka-compatible cluster. */
export { RegistryErrors } from './errors.js';
export {
  COMPATIBILITY_LEVELS,
  type CompatibilityLevel,
  compatibilityErrors,
  parseSchema,
  SCHEMA_TYPES,
} from './formats/index.js';
export { type RegistryIdentity, SR_PROTOCOL_TYPE } from './leader/sr-protocol.js';
export { parseRegistryConfig, REGISTRY_CONFIG_DEF } from './registry-config.js';
export { SchemaRegistry, type SchemaRegistryOptions } from './schema-registry.js';
export { decodeRecord, encodeKey, encodeValue, type RegistryRecord, type SchemaValue } from './store/records.js';
export { SchemaStore } from './store/schema-store.js';
