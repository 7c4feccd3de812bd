/**
 * The layers a broker configuration is made of, and every defined key resolved through them in
 * Kafka's order of precedence (DynamicBrokerConfig):
 *   DYNAMIC_BROKER_CONFIG (this broker) > DYNAMIC_DEFAULT_BROKER_CONFIG (cluster default)
 *   > STATIC_BROKER_CONFIG (properties file, then --override) > DEFAULT_CONFIG.
 * Every key is parsed and validated once, here, so a bad value fails at load (or at the dynamic
 * update that introduced it) rather than when some subsystem first reads it.
 */
import {
  ConfigError,
  type ConfigLayer,
  type ConfigValue,
  isConfigError,
  type ParsedValue,
  parseAndValidate,
  pickValue,
} from '@samsa/common';
import { BrokerError } from '../errors/broker-error.js';
import { type BrokerConfigDef, definitionFor } from './broker-config-defs.js';

/** The sources a broker config value can come from (DescribeConfigs' names, @samsa/common). */
export type ConfigSource =
  | 'DYNAMIC_BROKER_CONFIG'
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  | 'STATIC_BROKER_CONFIG'
  | 'DEFAULT_CONFIG';

export interface ConfigLayers {
  /** Kafka's "originals": the properties file, then --override entries, then programmatic ones. */
  readonly staticConfigs: ReadonlyMap<string, string>;
  readonly dynamicDefault: ReadonlyMap<string, string>;
  readonly dynamicBroker: ReadonlyMap<string, string>;
  /** Where each static key was last set ("config/server.properties:12", "--override"), for errors. */
  readonly origins: ReadonlyMap<string, string>;
}

export interface ResolvedEntry extends ParsedValue {
  readonly name: string;
  /** The key's definition; for listener.name.<l>.<config> overrides, the base config's. */
  readonly def: BrokerConfigDef;
  readonly source: ConfigSource;
}

export class ResolvedConfig {
  private constructor(
    readonly layers: ConfigLayers,
    /** Every defined key, plus listener overrides present in any layer. */
    readonly entries: ReadonlyMap<string, ResolvedEntry>,
  ) {}

  /** Throws the first ConfigError met, tagged with where the bad value came from. */
  static resolve(layers: ConfigLayers, defs: Iterable<BrokerConfigDef>): ResolvedConfig {
    const entries = new Map<string, ResolvedEntry>();
    for (const def of defs) entries.set(def.name, resolveEntry(layers, def.name, def));
    for (const layer of [layers.staticConfigs, layers.dynamicDefault, layers.dynamicBroker]) {
      for (const name of layer.keys()) {
        const def = definitionFor(name);
        if (def && !entries.has(name)) entries.set(name, resolveEntry(layers, name, def));
      }
    }
    return new ResolvedConfig(layers, entries);
  }

  entry(name: string): ResolvedEntry {
    const e = this.entries.get(name);
    if (!e) throw new ConfigError('UNKNOWN_CONFIG', name, `Unknown configuration '${name}'`);
    return e;
  }

  value(name: string): ConfigValue {
    return this.entry(name).value;
  }

  text(name: string): string | null {
    return this.entry(name).text;
  }

  /** For keys whose value is set or defaulted; a null here is a bug in defs/, not user input. */
  number(name: string): number {
    const v = this.value(name);
    if (typeof v !== 'number') throw new BrokerError('ILLEGAL_STATE', `config ${name} is not a number: ${String(v)}`);
    return v;
  }

  numberOrNull(name: string): number | null {
    const v = this.value(name);
    return v === null ? null : this.number(name);
  }

  boolean(name: string): boolean {
    const v = this.value(name);
    if (typeof v !== 'boolean') throw new BrokerError('ILLEGAL_STATE', `config ${name} is not a boolean: ${String(v)}`);
    return v;
  }

  string(name: string): string {
    const v = this.value(name);
    if (typeof v !== 'string') throw new BrokerError('ILLEGAL_STATE', `config ${name} is not a string: ${String(v)}`);
    return v;
  }

  stringOrNull(name: string): string | null {
    return this.value(name) === null ? null : this.string(name);
  }

  list(name: string): readonly string[] {
    const v = this.value(name);
    if (!Array.isArray(v)) throw new BrokerError('ILLEGAL_STATE', `config ${name} is not a list`);
    return v;
  }
}

function resolveEntry(layers: ConfigLayers, name: string, def: BrokerConfigDef): ResolvedEntry {
  // A listener override has no default of its own: unset, it falls back to its base config.
  const { raw, source } = pickValue(precedence(layers), name, name === def.name ? def.default : null);
  try {
    return { name, def, source: source as ConfigSource, ...parseAndValidate(def, name, raw) };
  } catch (e) {
    if (!isConfigError(e)) throw e;
    throw e.withOrigin(originOf(layers, name, source as ConfigSource));
  }
}

/** The layers, highest precedence first. */
function precedence(layers: ConfigLayers): ConfigLayer[] {
  return [
    { source: 'DYNAMIC_BROKER_CONFIG', values: layers.dynamicBroker },
    { source: 'DYNAMIC_DEFAULT_BROKER_CONFIG', values: layers.dynamicDefault },
    { source: 'STATIC_BROKER_CONFIG', values: layers.staticConfigs },
  ];
}

export function originOf(layers: ConfigLayers, name: string, source: ConfigSource): string | undefined {
  switch (source) {
    case 'DYNAMIC_BROKER_CONFIG':
      return 'dynamic broker config';
    case 'DYNAMIC_DEFAULT_BROKER_CONFIG':
      return 'dynamic default broker config';
    case 'STATIC_BROKER_CONFIG':
      return layers.origins.get(name);
    case 'DEFAULT_CONFIG':
      return 'default value';
  }
}
