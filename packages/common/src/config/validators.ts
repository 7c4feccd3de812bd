/**
 * Validators a definition can carry (Kafka's ConfigDef.Range, ValidString, ValidList,
 * NonEmptyString, and custom ones), with Kafka's messages. A validator sees the parsed value, never
 * null (a key without a value has nothing to check), and throws a ConfigError naming the key and
 * the value at fault.
 */
import { ConfigError } from './config-error.js';
import type { ConfigValue } from './config-type.js';

export type PresentValue = Exclude<ConfigValue, null>;

export interface Validator {
  /** What Kafka's docs print in the "Valid Values" column, e.g. "[1,...]". */
  readonly validValues: string;
  /** Throws ConfigError when `value` is not acceptable for key `name`. */
  ensureValid(name: string, value: PresentValue): void;
}

/**
 * A validator from a check that returns why `value` is wrong (undefined when it is fine); the
 * error names the key and the whole value, as Kafka's ConfigException does.
 */
export function custom(validValues: string, check: (value: PresentValue) => string | undefined): Validator {
  return {
    validValues,
    ensureValid(name, value) {
      const reason = check(value);
      if (reason !== undefined) throw ConfigError.invalidValue(name, value, reason);
    },
  };
}

/**
 * Kafka's Range.atLeast. NaN is refused (Kafka lets it through because both of its comparisons are
 * false; no setting means anything with it).
 */
export function atLeast(min: number): Validator {
  return custom(`[${min},...]`, (v) => {
    if (typeof v !== 'number') return undefined;
    if (Number.isNaN(v) || v < min) return `Value must be at least ${min}`;
    return undefined;
  });
}

/** Kafka's Range.between, inclusive at both ends. */
export function between(min: number, max: number): Validator {
  return custom(`[${min},...,${max}]`, (v) => {
    if (typeof v !== 'number') return undefined;
    if (Number.isNaN(v) || v < min) return `Value must be at least ${min}`;
    if (v > max) return `Value must be no more than ${max}`;
    return undefined;
  });
}

/** A range with one extra allowed sentinel, e.g. gzip levels 1..9 or -1 for the codec default. */
export function betweenOr(min: number, max: number, sentinel: number): Validator {
  return custom(`[${min},...,${max}] or ${sentinel}`, (v) =>
    typeof v === 'number' && v !== sentinel && !(v >= min && v <= max)
      ? `Value must be between ${min} and ${max} or equal to ${sentinel}`
      : undefined,
  );
}

/**
 * Kafka's ValidString.in (case-sensitive) for a STRING; for a LIST, Kafka's ValidList.in: every
 * element must be allowed, and the error names the first element that is not.
 */
export function inList(...allowed: readonly string[]): Validator {
  const reason = `String must be one of: ${allowed.join(', ')}`;
  return {
    validValues: `[${allowed.join(', ')}]`,
    ensureValid(name, value) {
      const values = Array.isArray(value) ? (value as readonly string[]) : [String(value)];
      const bad = values.find((s) => !allowed.includes(s));
      if (bad !== undefined) throw ConfigError.invalidValue(name, bad, reason);
    },
  };
}

/** Kafka's NonEmptyString: a STRING that is not "" (after trimming, which parsing did). */
export function nonEmptyString(): Validator {
  return custom('non-empty string', (v) => (v === '' ? 'String must be non-empty' : undefined));
}

/** Kafka's NonEmptyList-style check for LIST keys that need at least one element. */
export function nonEmptyList(): Validator {
  return custom('non-empty list', (v) => (Array.isArray(v) && v.length === 0 ? 'Empty list not allowed' : undefined));
}

/** All of `validators`, in order (Kafka's CompositeValidator). */
export function all(...validators: readonly Validator[]): Validator {
  return {
    validValues: validators.map((v) => v.validValues).join(', '),
    ensureValid(name, value) {
      for (const v of validators) v.ensureValid(name, value);
    },
  };
}
