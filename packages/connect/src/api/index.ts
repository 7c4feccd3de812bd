/**
 * @samsa/connect/api: everything a connector, converter or transform author depends on, and
 * nothing of the runtime. Kept small and stable: Kafka Connect's connect-api module, by its names.
 */
export * from './connect-config-def.js';
export * from './connector.js';
export * from './data/decimal-value.js';
export * from './data/logical-types.js';
export * from './data/schema.js';
export * from './data/schema-builder.js';
export * from './data/struct.js';
export * from './data/validate-value.js';
export * from './errors.js';
export * from './plugins.js';
export * from './records.js';
export * from './tasks.js';
