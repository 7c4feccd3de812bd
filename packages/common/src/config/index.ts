/**
 * The one config-definition module (Kafka's ConfigDef and AbstractConfig): every package defines
 * its configurations here, by Kafka's names. See docs/ARCHITECTURE.md, "Configuration".
 */
export { ConfigDef, type ConfigKey, type ConfigKeyInit, parseAndValidate } from './config-def.js';
export { ConfigError, type ConfigErrorCode, type ConfigErrorOptions, isConfigError } from './config-error.js';
export {
  CONFIG_SOURCE_IDS,
  type ConfigLayer,
  type ConfigSource,
  type PickedValue,
  pickValue,
} from './config-source.js';
export {
  CONFIG_TYPE_IDS,
  type ConfigInput,
  type ConfigType,
  type ConfigValue,
  type Importance,
  type ValueOfType,
} from './config-type.js';
export {
  JaasSyntaxError,
  type LoginModule,
  type LoginModuleFlag,
  parseJaasConfig,
  singleLoginModule,
  tokenizeJaas,
} from './jaas-config.js';
export { parseJaasFile } from './jaas-file.js';
export {
  formatValue,
  javaDoubleToString,
  javaTrim,
  LONG_MAX_TEXT,
  LONG_MIN_TEXT,
  type ParsedValue,
  parseType,
} from './parse-type.js';
export { type DescribedValue, ParsedConfig, type ParsedConfigOptions } from './parsed-config.js';
export { HIDDEN, Password } from './password.js';
export { type PropertyEntry, parseProperties } from './properties.js';
export {
  all,
  atLeast,
  between,
  betweenOr,
  custom,
  inList,
  nonEmptyList,
  nonEmptyString,
  type PresentValue,
  type Validator,
} from './validators.js';
