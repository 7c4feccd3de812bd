/**
 * A config entry in the form DescribeConfigs and CreateTopics put on the wire: numeric source and
 * type ids. Broker entries come from BrokerConfig.describe(); topic entries from describeTopic().
 */
import { CONFIG_SOURCE_IDS, CONFIG_TYPE_IDS } from '@samsa/common';
import type { BrokerConfig, ConfigEntry } from '../config/index.js';

export interface DescribedSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** Kafka's ConfigSource id: 1 topic, 2 dynamic broker, 3 dynamic default, 4 static broker, 5 default. */
  source: number;
  isSensitive: boolean;
  synonyms: DescribedSynonym[];
  /** Kafka's ConfigType id (1 boolean … 9 password). */
  configType: number;
  documentation: string | null;
}

export function fromBrokerEntry(e: ConfigEntry): DescribedConfig {
  return {
    name: e.name,
    value: e.value,
    readOnly: e.readOnly,
    source: CONFIG_SOURCE_IDS[e.source],
    isSensitive: e.isSensitive,
    synonyms: e.synonyms.map((s) => ({ name: s.name, value: s.value, source: CONFIG_SOURCE_IDS[s.source] })),
    configType: CONFIG_TYPE_IDS[e.type],
    documentation: e.documentation,
  };
}

export function describeBroker(
  config: BrokerConfig,
  names: readonly string[] | null,
  scope: 'broker' | 'default',
): DescribedConfig[] {
  return config.describe({ scope, names: names ?? undefined }).map(fromBrokerEntry);
}
