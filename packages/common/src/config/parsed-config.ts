/**
 * A parsed configuration (Kafka's AbstractConfig): the typed value of every key a ConfigDef
 * defines, plus the originals as given, unknown keys included. Unknown keys are kept, not refused,
 * as Kafka keeps them: they may belong to a plug-in, a newer version, or a prefix another component
 * reads (listener.name.*, producer.* in connect); `unknownKeys()` lists them so the owner can warn.
 * Secrets never leave through toString, inspection, JSON or describe().
 */
import { inspect } from 'node:util';
import type { ConfigDef, ConfigKeyInit } from './config-def.js';
import { ConfigError } from './config-error.js';
import type { ConfigSource } from './config-source.js';
import type { ConfigInput, ConfigType, ConfigValue } from './config-type.js';
import type { ParsedValue } from './parse-type.js';
import { HIDDEN } from './password.js';

/** One key as DescribeConfigs reports it. */
export interface DescribedValue {
  readonly name: string;
  /** Kafka's text; null when unset and always for secrets. */
  readonly value: string | null;
  readonly source: ConfigSource;
  readonly isSensitive: boolean;
  readonly type: ConfigType;
  readonly documentation: string;
}

export interface ParsedConfigOptions {
  /** The source of the values given (default STATIC_BROKER_CONFIG); keys not given are DEFAULT_CONFIG. */
  readonly source?: ConfigSource;
}

export class ParsedConfig<K extends ConfigKeyInit = ConfigKeyInit> {
  readonly #def: ConfigDef<K>;
  readonly #values: ReadonlyMap<string, ParsedValue>;
  readonly #originals: Readonly<Record<string, ConfigInput>>;
  readonly #source: ConfigSource;

  /** Throws ConfigError for the first value that does not parse or validate, or a missing one. */
  constructor(
    def: ConfigDef<K>,
    originals: Readonly<Record<string, ConfigInput | undefined>>,
    options: ParsedConfigOptions = {},
  ) {
    const given: Record<string, ConfigInput> = {};
    for (const [k, v] of Object.entries(originals)) if (v !== undefined) given[k] = v;
    this.#def = def;
    this.#originals = Object.freeze(given);
    this.#values = def.parse(given);
    this.#source = options.source ?? 'STATIC_BROKER_CONFIG';
    Object.defineProperty(this, inspect.custom, { value: () => this.toString() });
  }

  /** Everything given, unknown keys included, as given. May hold secrets: never log it. */
  get originals(): Readonly<Record<string, ConfigInput>> {
    return this.#originals;
  }

  /** The typed value of a defined key; throws UNKNOWN_CONFIG for a name the definition lacks. */
  get(name: string): ConfigValue {
    return this.#entry(name).value;
  }

  /** The value as Kafka prints it; null when unset and for secrets. */
  text(name: string): string | null {
    const key = this.#def.get(name);
    return key?.type === 'PASSWORD' ? null : this.#entry(name).text;
  }

  /**
   * Kafka's originalsWithPrefix: the originals whose key starts with `prefix`, with the prefix
   * stripped unless `strip` is false. How a component hands a prefixed group of settings to another
   * (producer.* and consumer.* in streams and connect, listener.name.<l>.* in the broker).
   */
  originalsWithPrefix(prefix: string, strip = true): Record<string, ConfigInput> {
    const out: Record<string, ConfigInput> = {};
    for (const [k, v] of Object.entries(this.#originals)) {
      if (k.startsWith(prefix) && k.length > prefix.length) out[strip ? k.slice(prefix.length) : k] = v;
    }
    return out;
  }

  /** Keys given that the definition does not know, in the order given. */
  unknownKeys(): string[] {
    return Object.keys(this.#originals).filter((k) => !this.#def.has(k));
  }

  /** Every non-internal defined key, in name order, as DescribeConfigs shows it. */
  describe(): DescribedValue[] {
    const out: DescribedValue[] = [];
    for (const key of this.#def.keys()) {
      if (key.internal) continue;
      const isSensitive = key.type === 'PASSWORD';
      out.push({
        name: key.name,
        value: isSensitive ? null : this.#entry(key.name).text,
        source: Object.hasOwn(this.#originals, key.name) ? this.#source : 'DEFAULT_CONFIG',
        isSensitive,
        type: key.type,
        documentation: key.doc,
      });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every non-internal key as "name = value", secrets shown as [hidden]: safe to log. */
  toString(): string {
    const lines = [...this.#def.keys()]
      .filter((k) => !k.internal)
      .map((k) => {
        const { text } = this.#entry(k.name);
        return `\t${k.name} = ${k.type === 'PASSWORD' && text !== null ? HIDDEN : text}`;
      })
      .sort();
    return `${this.constructor.name} values:\n${lines.join('\n')}`;
  }

  /** The printed values by name, secrets as [hidden]: what JSON.stringify shows. */
  toJSON(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const k of this.#def.keys()) {
      const { text } = this.#entry(k.name);
      if (!k.internal) out[k.name] = k.type === 'PASSWORD' && text !== null ? HIDDEN : text;
    }
    return out;
  }

  #entry(name: string): ParsedValue {
    const e = this.#values.get(name);
    if (!e) throw new ConfigError('UNKNOWN_CONFIG', name, `Unknown configuration '${name}'`);
    return e;
  }
}
