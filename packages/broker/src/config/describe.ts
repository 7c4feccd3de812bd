/**
 * The broker's answer to DescribeConfigs for a BROKER resource, computed as Kafka's ConfigHelper
 * does (3.8): one entry per known config plus every key present in a layer, each with its current
 * value, the source of that value, and its synonyms in precedence order (all dynamic-broker values
 * first, then dynamic-default, static, default; within a source, synonym order), dropping synonyms
 * that rank above the described name itself. Sensitive values (passwords, and keys of unknown type,
 * as Kafka treats them) are always null.
 *
 * The numeric ids the wire carries are @samsa/common's CONFIG_SOURCE_IDS and CONFIG_TYPE_IDS.
 */
import type { ConfigType } from '@samsa/common';
import { BROKER_CONFIG_DEFS, brokerConfigDef, definitionFor, synonymNames } from './broker-config-defs.js';
import { updateModeOf } from './broker-config-key.js';
import { undefinedPerBrokerDef } from './kafka-dynamic-keys.js';
import type { ConfigSource, ResolvedConfig } from './resolved-config.js';

export interface ConfigSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: ConfigSource;
}

export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
  readonly source: ConfigSource;
  readonly isSensitive: boolean;
  readonly readOnly: boolean;
  readonly type: ConfigType | 'UNKNOWN';
  readonly documentation: string | null;
  readonly synonyms: readonly ConfigSynonym[];
}

export interface DescribeOptions {
  /**
   * 'broker' (default) describes this broker (resource name = its id); 'default' describes the
   * cluster-wide dynamic defaults (resource name ""): only keys set there, synonyms from there.
   */
  readonly scope?: 'broker' | 'default';
  /** Only these keys (DescribeConfigs' configurationKeys); all when omitted or empty. */
  readonly names?: readonly string[];
}

export function describeConfigs(r: ResolvedConfig, options: DescribeOptions = {}): ConfigEntry[] {
  const scope = options.scope ?? 'broker';
  const names = new Set<string>();
  if (scope === 'default') {
    for (const name of r.layers.dynamicDefault.keys()) names.add(name);
  } else {
    for (const def of BROKER_CONFIG_DEFS.keys()) if (!def.internal) names.add(def.name);
    for (const layer of [r.layers.staticConfigs, r.layers.dynamicDefault, r.layers.dynamicBroker]) {
      for (const name of layer.keys()) names.add(name);
    }
  }
  const wanted = options.names?.length ? new Set(options.names) : undefined;
  return [...names]
    .filter((name) => !wanted || wanted.has(name))
    .sort()
    .map((name) => describeOne(r, name, scope));
}

function describeOne(r: ResolvedConfig, name: string, scope: 'broker' | 'default'): ConfigEntry {
  const def = definitionFor(name) ?? undefinedPerBrokerDef(name);
  const isSensitive = isSensitiveType(def);
  const all = configSynonyms(r, name);
  const synonyms = scope === 'default' ? all.filter((s) => s.source === 'DYNAMIC_DEFAULT_BROKER_CONFIG') : all;
  const exact = brokerConfigDef(name) ?? undefinedPerBrokerDef(name);
  // The broker's current value, or for the default resource the stored cluster default; keys
  // without a Samsa definition are not resolved, so their value is the highest layer's.
  const current =
    scope === 'default'
      ? r.layers.dynamicDefault.get(name)
      : (r.entries.get(name)?.text ?? r.layers.dynamicBroker.get(name) ?? r.layers.dynamicDefault.get(name));
  return {
    name,
    value: isSensitive ? null : (current ?? null),
    source: synonyms[0]?.source ?? 'DEFAULT_CONFIG',
    isSensitive,
    // Kafka marks a key read-only unless that exact name is dynamic, listener overrides included.
    readOnly: !exact || updateModeOf(exact) === 'read-only',
    type: def?.type ?? 'UNKNOWN',
    documentation: exact?.doc ?? null,
    synonyms,
  };
}

/**
 * Every value `name` or its synonyms have in any layer, in Kafka's order. Exported because a
 * topic's DescribeConfigs lists the broker synonyms of each topic config the same way.
 */
/**
 * `all` keeps every synonym that has a value, including those ranking above `name` itself: what a
 * TOPIC config's broker defaults are described with (Kafka lists, e.g., log.retention.hours for
 * retention.ms even though log.retention.ms outranks it).
 */
export function configSynonyms(r: ResolvedConfig, name: string, all = false): ConfigSynonym[] {
  const names = synonymNames(name);
  const hide = isSensitiveType(definitionFor(name) ?? undefinedPerBrokerDef(name));
  const layers: ReadonlyArray<readonly [ConfigSource, (n: string) => string | null | undefined]> = [
    ['DYNAMIC_BROKER_CONFIG', (n) => r.layers.dynamicBroker.get(n)],
    ['DYNAMIC_DEFAULT_BROKER_CONFIG', (n) => r.layers.dynamicDefault.get(n)],
    ['STATIC_BROKER_CONFIG', (n) => r.layers.staticConfigs.get(n)],
    ['DEFAULT_CONFIG', (n) => defaultText(n)],
  ];
  const out: ConfigSynonym[] = [];
  for (const [source, lookup] of layers) {
    for (const n of names) {
      const value = lookup(n);
      if (value !== undefined && value !== null) out.push({ name: n, value: hide ? null : value, source });
    }
  }
  if (all) return out;
  const own = out.findIndex((s) => s.name === name);
  return own < 0 ? [] : out.slice(own);
}

/** Kafka treats a key whose type it cannot tell as sensitive, to be safe. */
function isSensitiveType(def: { readonly type: ConfigType } | undefined): boolean {
  return !def || def.type === 'PASSWORD';
}

function defaultText(name: string): string | null {
  return brokerConfigDef(name)?.defaultText ?? null;
}
