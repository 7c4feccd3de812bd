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
  type BrokerConfigDef,
  brokerConfigDef,
  definitionFor,
  listenerOverride,
  synonymNames,
} from './broker-config-defs.js';
export { type BrokerConfigKey, type UpdateMode, updateModeOf } from './broker-config-key.js';
export type { BrokerSettings } from './broker-settings.js';
export type { ConfigEntry, ConfigSynonym, DescribeOptions } from './describe.js';
export type { DynamicScope } from './dynamic-update.js';
export { type Listener, parseListeners, parseSecurityProtocolMap, type SecurityProtocol } from './listeners.js';
export { type PropertyEntry, parseProperties } from './properties.js';
export type { ConfigSource } from './resolved-config.js';
export { topicConfigDefaults, topicConfigServerDefaults } from './topic-defaults.js';
