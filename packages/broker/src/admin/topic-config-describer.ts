/**
 * DescribeConfigs for a TOPIC resource, as Kafka answers it: every topic-level config with its
 * effective value; the source is TOPIC_CONFIG when the topic overrides it, otherwise the source of
 * the broker setting that supplies its default (static, dynamic, or Kafka's default). Synonyms list
 * the topic override first, then the broker keys in precedence order.
 */

import { CONFIG_SOURCE_IDS, CONFIG_TYPE_IDS } from '@samsa/common';
import { logConfigDefs } from '@samsa/storage';
import type { BrokerConfig } from '../config/index.js';
import type { DescribedConfig, DescribedSynonym } from './described-config.js';

export function describeTopic(
  brokerConfig: BrokerConfig,
  brokerDefaults: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>>,
  names: readonly string[] | null,
): DescribedConfig[] {
  const wanted = names && names.length > 0 ? new Set(names) : null;
  const out: DescribedConfig[] = [];
  for (const def of logConfigDefs) {
    if (wanted && !wanted.has(def.name)) continue;
    const synonyms: DescribedSynonym[] = [];
    const override = overrides[def.name];
    if (override !== undefined)
      synonyms.push({ name: def.name, value: override, source: CONFIG_SOURCE_IDS.TOPIC_CONFIG });
    if (def.serverDefaultProperty) {
      for (const s of brokerConfig.synonyms(def.serverDefaultProperty, { all: true })) {
        synonyms.push({ name: s.name, value: s.value, source: CONFIG_SOURCE_IDS[s.source] });
      }
    }
    const value = override ?? brokerDefaults[def.name] ?? def.defaultText;
    const typeId = CONFIG_TYPE_IDS[def.type];
    out.push({
      name: def.name,
      value,
      readOnly: false,
      source: synonyms[0]?.source ?? CONFIG_SOURCE_IDS.DEFAULT_CONFIG,
      isSensitive: false,
      synonyms,
      configType: typeId,
      documentation: def.doc,
    });
  }
  return out;
}
