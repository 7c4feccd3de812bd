/**
 * The broker-level values that topics inherit when they do not override a topic config: Kafka's
 * KafkaConfig.extractLogConfigMap. Which broker key feeds which topic config (log.segment.bytes →
 * segment.bytes, message.max.bytes → max.message.bytes, ...) is not repeated here: it comes from
 * storage's topic config table (`serverDefaultProperty`, Kafka's ServerTopicConfigSynonyms), so
 * the two packages cannot disagree. The broker side adds Kafka's derivations: segment.ms from
 * log.roll.hours, retention.ms from log.retention.minutes/hours (negative → -1), and so on.
 */
import { logConfigDefs } from '@samsa/storage';
import type { BrokerConfig } from './broker-config.js';
import { brokerConfigDef } from './broker-config-defs.js';

/** Topic config name → default value text, e.g. { 'retention.ms': '604800000', ... }. */
export function topicConfigDefaults(config: BrokerConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [topicConfig, serverProperty] of topicConfigServerDefaults()) {
    const text = config.effectiveText(serverProperty);
    if (text !== null) out[topicConfig] = text;
  }
  return out;
}

/**
 * Topic config → the broker config supplying its default, for the topic configs that have one and
 * whose broker config Samsa defines. (DescribeConfigs on a topic reports that broker config's
 * synonyms; see BrokerConfig.synonyms.)
 */
export function topicConfigServerDefaults(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const def of logConfigDefs) {
    const server = def.serverDefaultProperty;
    if (server !== null && brokerConfigDef(server)) map.set(def.name, server);
  }
  return map;
}
