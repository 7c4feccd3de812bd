/**
 * Kafka's ConfigDef: a package's table of configurations, by Kafka's names, each with its type,
 * default, validator, importance and documentation. A package defines its table once, at module
 * load, and everything else (parsing a properties file or an options object, describing, checking
 * an update) reads it. Packages add their own metadata to a key by widening ConfigKeyInit (the
 * broker adds the dynamic update mode and synonyms, storage the broker keys that supply a topic
 * config's default); the table keeps it untouched.
 */
import { ConfigError, isConfigError } from './config-error.js';
import type { ConfigInput, ConfigType, ConfigValue, Importance } from './config-type.js';
import { type ParsedValue, parseType } from './parse-type.js';
import type { Validator } from './validators.js';

export interface ConfigKeyInit {
  readonly name: string;
  readonly type: ConfigType;
  /**
   * The default, as text (as a properties file writes it) or as a typed value; null means "no
   * value". Absent means required: parsing a configuration without it fails (Kafka's NO_DEFAULT_VALUE).
   */
  readonly default?: ConfigInput;
  readonly validator?: Validator;
  readonly importance: Importance;
  /** One line, for DescribeConfigs' documentation field and the generated docs. */
  readonly doc: string;
  /** Kafka's defineInternal: accepted but not documented and not described. */
  readonly internal?: boolean;
}

/** A defined key: its definition plus its default, parsed and validated once. */
export type ConfigKey<K extends ConfigKeyInit = ConfigKeyInit> = K & {
  readonly hasDefault: boolean;
  readonly defaultValue: ConfigValue;
  /** The default as Kafka prints it (convertToString); null when there is none. */
  readonly defaultText: string | null;
};

export class ConfigDef<K extends ConfigKeyInit = ConfigKeyInit> {
  readonly #keys = new Map<string, ConfigKey<K>>();

  constructor(keys: Iterable<K> = []) {
    for (const key of keys) this.define(key);
  }

  /**
   * Adds a key. A duplicate name, or a default that does not parse or validate, is a programming
   * error in the table and throws the first time the module loads.
   */
  define(init: K): this {
    if (this.#keys.has(init.name)) {
      throw new ConfigError('DEFINITION', init.name, `Configuration ${init.name} is defined twice`);
    }
    const hasDefault = init.default !== undefined;
    const parsed = hasDefault ? parseAndValidate(init, init.name, init.default as ConfigInput) : null;
    this.#keys.set(init.name, {
      ...init,
      hasDefault,
      defaultValue: parsed?.value ?? null,
      defaultText: parsed?.text ?? null,
    });
    return this;
  }

  get(name: string): ConfigKey<K> | undefined {
    return this.#keys.get(name);
  }

  has(name: string): boolean {
    return this.#keys.has(name);
  }

  /** Every defined key, in definition order. */
  keys(): IterableIterator<ConfigKey<K>> {
    return this.#keys.values();
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Parses and validates `input` for `name`. Unknown names throw UNKNOWN_CONFIG. `as` names the key
   * in errors when it differs (a listener-prefixed override validated with its base definition).
   */
  parseValue(name: string, input: ConfigInput, as: string = name): ParsedValue {
    const key = this.#keys.get(name);
    if (!key) throw new ConfigError('UNKNOWN_CONFIG', as, `Unknown configuration '${as}'`);
    return parseAndValidate(key, as, input);
  }

  /**
   * Kafka's ConfigDef.parse: the value of every defined key from `props` (text or typed values),
   * defaults for those not given. A key with no default and no value throws MISSING. Keys not
   * defined here are left alone: ParsedConfig keeps them among its originals, as Kafka's
   * AbstractConfig does, so plug-ins and newer versions' keys are not refused.
   */
  parse(props: Readonly<Record<string, ConfigInput | undefined>>): Map<string, ParsedValue> {
    const out = new Map<string, ParsedValue>();
    for (const key of this.#keys.values()) {
      const given = Object.hasOwn(props, key.name) ? props[key.name] : undefined;
      if (given !== undefined) out.set(key.name, parseAndValidate(key, key.name, given));
      else if (key.hasDefault) out.set(key.name, { value: key.defaultValue, text: key.defaultText });
      else throw ConfigError.missing(key.name);
    }
    return out;
  }
}

/** Parses `input` by `key`'s type, then runs its validator on a non-null value. Throws ConfigError. */
export function parseAndValidate(key: ConfigKeyInit, name: string, input: ConfigInput): ParsedValue {
  const parsed = parseType(name, key.type, input);
  if (!key.validator || parsed.value === null) return parsed;
  try {
    key.validator.ensureValid(name, parsed.value);
  } catch (e) {
    // Validators see the typed value and print it as JS does ("2", "Infinity"); the message shows
    // it as Kafka prints it ("2.0", "9223372036854775807"), as the operator would write it.
    const asJs = isConfigError(e) && e.code === 'INVALID_VALUE' && e.value === String(parsed.value);
    const secret = key.type === 'PASSWORD';
    if (asJs && !secret && e.reason !== null && parsed.text !== null && parsed.text !== e.value) {
      throw ConfigError.invalidValue(e.key ?? name, parsed.text, e.reason);
    }
    throw e;
  }
  return parsed;
}
