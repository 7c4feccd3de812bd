/**
 * Loading the broker configuration and the immutable BrokerConfig the broker reads it through.
 *
 * Static configuration comes from a Java .properties file (Kafka's server.properties works as is),
 * then programmatic properties, then --override key=value arguments, later ones winning. Unknown
 * keys are warnings, not errors (plug-ins and newer Kafka versions add keys); invalid values are
 * ConfigErrors naming the key, the value and the file line. Dynamic updates (AlterConfigs) never
 * mutate a BrokerConfig: withDynamic() validates them and returns a new one, which the broker's
 * single config owner then swaps in.
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { ConfigError, type ConfigValue, HIDDEN } from '@samsa/common';
import { BROKER_CONFIG_DEFS, definitionFor } from './broker-config-defs.js';
import type { BrokerSettings } from './broker-settings.js';
import { deriveSettings } from './derive-settings.js';
import { effectiveText } from './derived-values.js';
import {
  type ConfigEntry,
  type ConfigSynonym,
  configSynonyms,
  type DescribeOptions,
  describeConfigs,
} from './describe.js';
import { applyDynamicUpdates, checkThreadPoolResize, type DynamicScope } from './dynamic-update.js';
import { parseProperties } from './properties.js';
import { type ConfigLayers, ResolvedConfig } from './resolved-config.js';
import { validateSettings } from './validate-settings.js';

export interface LoadBrokerConfigOptions {
  /** Path of a Java .properties file, e.g. config/server.properties. */
  readonly file?: string;
  /** Entries applied over the file, for embedding applications and test harnesses. */
  readonly properties?: Readonly<Record<string, string>>;
  /** "key=value" strings from --override, applied last so they win over everything else. */
  readonly overrides?: readonly string[];
}

export interface LoadedBrokerConfig {
  readonly config: BrokerConfig;
  /** Unknown keys, repeated keys, deprecated keys: worth logging, not worth refusing to start. */
  readonly warnings: string[];
}

export interface WithDynamicOptions {
  /**
   * True when re-applying values that were accepted before (loading stored dynamic configs at
   * startup): skips the per-update thread pool resize limits, as Kafka does on startup.
   */
  readonly restoring?: boolean;
}

export interface BrokerConfig extends BrokerSettings {
  /** The static configuration as given (file, properties, overrides), unknown keys included. May hold secrets: never log it. */
  readonly originals: Readonly<Record<string, string>>;
  /** The current typed value of a known config (passwords as Password); throws ConfigError for unknown names. */
  get(name: string): ConfigValue;
  /** The current value as Kafka prints it, e.g. "9223372036854775807"; null when unset and for passwords. */
  getText(name: string): string | null;
  /**
   * The value in force once lower-precedence spellings are folded in (log.retention.ms from
   * log.retention.hours, ...), as Kafka prints it; what topic config defaults are made of.
   */
  effectiveText(name: string): string | null;
  /** listener.name.<listener>[.<mechanism>].<name> when set, else the broker-wide value. */
  listenerConfig(listenerName: string, name: string, saslMechanism?: string): ConfigValue;
  /** DescribeConfigs for this broker (or, with scope 'default', for the cluster-wide defaults). */
  describe(options?: DescribeOptions): ConfigEntry[];
  /**
   * The synonyms DescribeConfigs reports for `name`; with `all`, also those ranking above it (how
   * a topic config's broker defaults are listed).
   */
  synonyms(name: string, options?: { all?: boolean }): ConfigSynonym[];
  /** The dynamic values currently set at `scope`, as stored (to persist them). */
  dynamicConfigs(scope: DynamicScope): Readonly<Record<string, string>>;
  /**
   * A new BrokerConfig with dynamic `updates` at `scope` ('broker': this broker only; 'default':
   * the cluster-wide default). A null value removes the dynamic value. Throws ConfigError when a
   * key cannot be updated dynamically (at that scope) or a value is invalid.
   */
  withDynamic(
    updates: Readonly<Record<string, string | null>>,
    scope: DynamicScope,
    options?: WithDynamicOptions,
  ): BrokerConfig;
  /** Every known config as "name = value", passwords hidden: what the broker logs at startup. */
  toString(): string;
}

export function loadBrokerConfig(options: LoadBrokerConfigOptions = {}): LoadedBrokerConfig {
  const staticConfigs = new Map<string, string>();
  const origins = new Map<string, string>();
  const warnings: string[] = [];
  const set = (key: string, value: string, origin: string) => {
    staticConfigs.set(key, value);
    origins.set(key, origin);
  };

  if (options.file !== undefined) {
    const lineOf = new Map<string, number>();
    for (const e of parseProperties(readConfigFile(options.file), options.file)) {
      const previous = lineOf.get(e.key);
      if (previous !== undefined) {
        warnings.push(`${e.key} is set more than once in ${options.file}; line ${e.line} overrides line ${previous}.`);
      }
      lineOf.set(e.key, e.line);
      set(e.key, e.value, `${options.file}:${e.line}`);
    }
  }
  for (const [key, value] of Object.entries(options.properties ?? {})) set(key, value, 'properties');
  for (const arg of options.overrides ?? []) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new ConfigError('SYNTAX', null, `Invalid --override '${arg}': expected key=value`);
    set(arg.slice(0, eq).trim(), arg.slice(eq + 1), '--override');
  }

  copyIdSynonym(staticConfigs, origins);
  for (const [key, origin] of origins) {
    const def = definitionFor(key);
    // console.client.<key>: client properties for the embedded console, checked when it starts.
    if (!def) {
      if (!key.startsWith('console.client.'))
        warnings.push(`The configuration '${key}' was supplied but isn't a known config (${origin}).`);
    } else if (def.deprecated) warnings.push(`${key} is deprecated: ${def.deprecated} (${origin}).`);
  }
  const empty = new Map<string, string>();
  const config = createBrokerConfig({ staticConfigs, dynamicDefault: empty, dynamicBroker: empty, origins });
  return { config, warnings };
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConfigError('FILE', null, `Cannot read configuration file ${path}: ${reason}`, { cause: e });
  }
}

/** KafkaConfig.populateSynonyms: when only one of broker.id and node.id is set, the other copies it. */
function copyIdSynonym(staticConfigs: Map<string, string>, origins: Map<string, string>): void {
  const pairs: ReadonlyArray<readonly [string, string]> = [
    ['broker.id', 'node.id'],
    ['node.id', 'broker.id'],
  ];
  for (const [from, to] of pairs) {
    const value = staticConfigs.get(from);
    if (value !== undefined && !staticConfigs.has(to)) {
      staticConfigs.set(to, value);
      origins.set(to, `copied from ${from}, ${origins.get(from)}`);
    }
  }
}

/** Resolves, derives and validates `layers` into a BrokerConfig. Throws ConfigError. */
export function createBrokerConfig(layers: ConfigLayers): BrokerConfig {
  const resolved = ResolvedConfig.resolve(layers, BROKER_CONFIG_DEFS.keys());
  const settings = deriveSettings(resolved);
  validateSettings(resolved, settings);
  const textOf = (name: string) => {
    const e = resolved.entry(name);
    return e.def.type === 'PASSWORD' ? null : e.text;
  };
  const dump = () =>
    [...resolved.entries.values()]
      .filter((e) => !e.def.internal)
      .map((e) => `\t${e.name} = ${e.def.type === 'PASSWORD' && e.text !== null ? HIDDEN : e.text}`)
      .sort()
      .join('\n');
  const config: BrokerConfig = {
    ...settings,
    originals: Object.freeze(Object.fromEntries(layers.staticConfigs)),
    get: (name) => resolved.value(name),
    getText: textOf,
    effectiveText: (name) => effectiveText(resolved, name),
    listenerConfig: (listenerName, name, saslMechanism) => {
      const prefix = `listener.name.${listenerName.toLowerCase()}.`;
      const key = saslMechanism ? `${prefix}${saslMechanism.toLowerCase()}.${name}` : `${prefix}${name}`;
      return resolved.entries.has(key) ? resolved.value(key) : resolved.value(name);
    },
    describe: (options) => describeConfigs(resolved, options),
    synonyms: (name, options) => configSynonyms(resolved, name, options?.all ?? false),
    dynamicConfigs: (scope) =>
      Object.freeze(Object.fromEntries(scope === 'broker' ? layers.dynamicBroker : layers.dynamicDefault)),
    withDynamic: (updates, scope, options = {}) => {
      const field = scope === 'broker' ? 'dynamicBroker' : 'dynamicDefault';
      const next = createBrokerConfig({ ...layers, [field]: applyDynamicUpdates(layers[field], updates, scope) });
      if (!options.restoring) checkThreadPoolResize(settings, next);
      return next;
    },
    toString: () => `BrokerConfig values:\n${dump()}`,
  };
  // Secrets stay out of console.log / JSON.stringify of the config: inspection prints the dump
  // above, and originals (raw text, passwords included) is not enumerable.
  Object.defineProperty(config, inspect.custom, { value: () => config.toString() });
  Object.defineProperty(config, 'originals', { enumerable: false });
  return Object.freeze(config);
}
