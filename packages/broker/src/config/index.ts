/**
 * The broker configuration module: Kafka's broker configs by Kafka's names, meanings and defaults
 * (3.8), read from server.properties and --override, exposed as a typed BrokerConfig, described
 * for DescribeConfigs and updated dynamically for AlterConfigs.
 */
export {
  type BrokerConfig,
  type LoadBrokerConfigOptions,
  type LoadedBrokerConfig,
  loadBrokerConfig,
  type WithDynamicOptions,
} from './broker-config.js';
export {
  BROKER_CONFIG_DEFS,
  brokerConfigDef,
  definitionFor,
  listenerOverride,
  synonymNames,
} from './broker-config-defs.js';
export type { BrokerSettings } from './broker-settings.js';
export type { ConfigDef, ConfigType, Importance, UpdateMode, Validator } from './config-def.js';
export { updateModeOf } from './config-def.js';
export { type ConfigValue, Password } from './config-value.js';
export {
  CONFIG_SOURCE_IDS,
  CONFIG_TYPE_IDS,
  type ConfigEntry,
  type ConfigSynonym,
  type DescribeOptions,
} from './describe.js';
export type { DynamicScope } from './dynamic-update.js';
export { ConfigError, type ConfigErrorCode, isConfigError } from './errors.js';
export { type Listener, parseListeners, parseSecurityProtocolMap, type SecurityProtocol } from './listeners.js';
export { type PropertyEntry, parseProperties } from './properties.js';
export type { ConfigSource } from './resolved-config.js';
export { topicConfigDefaults, topicConfigServerDefaults } from './topic-defaults.js';
