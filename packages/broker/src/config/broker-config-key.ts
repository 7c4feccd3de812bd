/**
 * What the broker adds to a configuration definition (@samsa/common's ConfigKeyInit: name, type,
 * default, validator, importance, documentation): the dynamic update mode Kafka's docs print
 * ("Update Mode"), the synonym order DescribeConfigs reports, deprecation, and where Samsa's
 * default departs from Kafka's. The definitions themselves live in defs/ (one file per area);
 * broker-config-defs.ts gathers them into the broker's ConfigDef.
 */
import type { ConfigKeyInit } from '@samsa/common';

/**
 * Kafka's dynamic update modes: 'read-only' needs a restart; 'per-broker' can be changed for one
 * broker (DYNAMIC_BROKER_CONFIG); 'cluster-wide' can also be changed as the cluster default
 * (DYNAMIC_DEFAULT_BROKER_CONFIG).
 */
export type UpdateMode = 'read-only' | 'per-broker' | 'cluster-wide';

export interface BrokerConfigKey extends ConfigKeyInit {
  /** The default written as in a properties file; null means no value (derived elsewhere, or off). */
  readonly default: string | null;
  /** Kafka's own default where Samsa deliberately differs (single-node friendly), for the docs. */
  readonly kafkaDefault?: string | null;
  /** Absent means 'read-only'. */
  readonly dynamic?: UpdateMode;
  /**
   * Names that set the same thing, highest precedence first, as Kafka's brokerConfigSynonyms
   * returns them (e.g. log.retention.ms, log.retention.minutes, log.retention.hours).
   */
  readonly synonyms?: readonly string[];
  /** Set when Kafka deprecates the key; says what to use instead. Setting it logs a warning. */
  readonly deprecated?: string;
}

export function updateModeOf(def: BrokerConfigKey): UpdateMode {
  return def.dynamic ?? 'read-only';
}
