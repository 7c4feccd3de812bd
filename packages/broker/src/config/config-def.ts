/**
 * The shape of one broker configuration definition, mirroring Kafka's ConfigDef.ConfigKey: name,
 * type, default, validator, importance and documentation, plus the dynamic update mode Kafka's
 * docs print ("Update Mode") and the synonym order DescribeConfigs reports. The definitions
 * themselves live in defs/ (one file per area); broker-config-defs.ts gathers them.
 */
import type { ConfigValue } from './config-value.js';

/** Kafka's ConfigDef.Type, lower-cased. 'short' exists because Kafka declares a few configs SHORT. */
export type ConfigType = 'boolean' | 'string' | 'int' | 'short' | 'long' | 'double' | 'list' | 'class' | 'password';

export type Importance = 'high' | 'medium' | 'low';

/**
 * Kafka's dynamic update modes: 'read-only' needs a restart; 'per-broker' can be changed for one
 * broker (DYNAMIC_BROKER_CONFIG); 'cluster-wide' can also be changed as the cluster default
 * (DYNAMIC_DEFAULT_BROKER_CONFIG).
 */
export type UpdateMode = 'read-only' | 'per-broker' | 'cluster-wide';

export interface Validator {
  /** What Kafka's docs print in the "Valid Values" column, e.g. "[1,...]". */
  readonly validValues: string;
  /** Why `value` is not acceptable, or undefined when it is. Never called with null. */
  check(value: Exclude<ConfigValue, null>): string | undefined;
}

export interface ConfigDef {
  readonly name: string;
  readonly type: ConfigType;
  /** The default written as in a properties file; null means no value (derived elsewhere, or off). */
  readonly default: string | null;
  /** Kafka's own default where Samsa deliberately differs (single-node friendly), for the docs. */
  readonly kafkaDefault?: string | null;
  readonly validator?: Validator;
  readonly importance: Importance;
  /** One line, for DescribeConfigs' documentation field. */
  readonly doc: string;
  /** Absent means 'read-only'. */
  readonly dynamic?: UpdateMode;
  /**
   * Names that set the same thing, highest precedence first, as Kafka's brokerConfigSynonyms
   * returns them (e.g. log.retention.ms, log.retention.minutes, log.retention.hours).
   */
  readonly synonyms?: readonly string[];
  /** Set when Kafka deprecates the key; says what to use instead. Setting it logs a warning. */
  readonly deprecated?: string;
  /** Kafka's defineInternal: accepted but not documented and not returned by DescribeConfigs. */
  readonly internal?: boolean;
}

export function updateModeOf(def: ConfigDef): UpdateMode {
  return def.dynamic ?? 'read-only';
}

/** Kafka's Range.atLeast. */
export function atLeast(min: number): Validator {
  return {
    validValues: `[${min},...]`,
    check: (v) => (typeof v === 'number' && v < min ? `Value must be at least ${min}` : undefined),
  };
}

/** Kafka's Range.between (inclusive). */
export function between(min: number, max: number): Validator {
  return {
    validValues: `[${min},...,${max}]`,
    check: (v) => {
      if (typeof v !== 'number') return undefined;
      if (v < min) return `Value must be at least ${min}`;
      if (v > max) return `Value must be no more than ${max}`;
      return undefined;
    },
  };
}

/** Kafka's ValidString.in, or ValidList.in for list-typed configs (every element must be allowed). */
export function oneOf(...allowed: string[]): Validator {
  const reason = `String must be one of: ${allowed.join(', ')}`;
  return {
    validValues: `[${allowed.join(', ')}]`,
    check: (v) => {
      const values = Array.isArray(v) ? v : [v];
      return values.every((s) => allowed.includes(String(s))) ? undefined : reason;
    },
  };
}

/** A range with one extra allowed sentinel, e.g. gzip levels 1..9 or -1 for the codec default. */
export function betweenOr(min: number, max: number, sentinel: number): Validator {
  return {
    validValues: `[${min},...,${max}] or ${sentinel}`,
    check: (v) =>
      typeof v === 'number' && v !== sentinel && (v < min || v > max)
        ? `Value must be between ${min} and ${max} or equal to ${sentinel}`
        : undefined,
  };
}
