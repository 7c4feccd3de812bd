/**
 * Turning a configuration's text into its typed value, with Kafka's ConfigDef.parseType rules and
 * error wording, and back into the canonical text Kafka prints (ConfigDef.convertToString), which
 * DescribeConfigs returns and topic defaults are made of.
 *
 * Numbers: int, short and long become JS numbers. Longs above 2^53 (Kafka's Long.MAX_VALUE
 * defaults, meaning "never"/"unlimited") lose precision as numbers but compare correctly, and
 * their exact text is kept alongside, so nothing printed or handed to topic configs is rounded.
 */
import { inspect } from 'node:util';
import type { ConfigDef, ConfigType } from './config-def.js';
import { ConfigError } from './errors.js';

/**
 * A secret. Its text is only reachable through `.value`; printing, logging or JSON-encoding it
 * shows "[hidden]", as Kafka's Password does, so a config dump cannot leak it by accident.
 */
export class Password {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  get value(): string {
    return this.#value;
  }

  toString(): string {
    return '[hidden]';
  }

  toJSON(): string {
    return '[hidden]';
  }

  [inspect.custom](): string {
    return 'Password([hidden])';
  }
}

export type ConfigValue = boolean | number | string | readonly string[] | Password | null;

export interface ParsedValue {
  readonly value: ConfigValue;
  /** Canonical text (Kafka's convertToString); null when the value is null. Raw text for passwords. */
  readonly text: string | null;
}

export const HIDDEN = '[hidden]';

const INTEGER_RANGES: Readonly<Record<'int' | 'short' | 'long', readonly [bigint, bigint]>> = {
  short: [-(2n ** 15n), 2n ** 15n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
};

export const LONG_MAX_TEXT = (2n ** 63n - 1n).toString();

/** Java's String.trim: strips every char <= U+0020 at both ends, not just whitespace. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Parses `raw` (null = no value) as `def` says, then applies its validator. Throws ConfigError. */
export function parseConfigValue(def: ConfigDef, raw: string | null): ParsedValue {
  if (raw === null) return { value: null, text: null };
  const parsed = parseByType(def.name, def.type, raw);
  if (def.validator && parsed.value !== null) {
    const reason = def.validator.check(parsed.value);
    if (reason) throw ConfigError.invalidValue(def.name, shown(def.type, parsed.text), reason);
  }
  return parsed;
}

function shown(type: ConfigType, text: string | null): string | null {
  return type === 'password' ? HIDDEN : text;
}

function parseByType(name: string, type: ConfigType, raw: string): ParsedValue {
  const trimmed = javaTrim(raw);
  switch (type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        throw ConfigError.invalidValue(name, raw, 'Expected value to be either true or false');
      }
      return { value: lower === 'true', text: lower };
    }
    case 'password':
      return { value: new Password(trimmed), text: trimmed };
    case 'string':
    case 'class':
      // Samsa cannot load Java classes; a class name is kept as text for the broker to map to a
      // built-in implementation (or reject) where the config is used.
      return { value: trimmed, text: trimmed };
    case 'int':
    case 'short':
    case 'long': {
      const [min, max] = INTEGER_RANGES[type];
      const n = /^[+-]?\d+$/.test(trimmed) ? BigInt(trimmed) : null;
      if (n === null || n < min || n > max) {
        throw ConfigError.invalidValue(name, raw, `Not a number of type ${type.toUpperCase()}`);
      }
      return { value: Number(n), text: n.toString() };
    }
    case 'double': {
      const d = parseJavaDouble(trimmed);
      if (d === undefined) throw ConfigError.invalidValue(name, raw, 'Not a number of type DOUBLE');
      return { value: d, text: javaDoubleToString(d) };
    }
    case 'list': {
      // Java's split(regex, -1): empty elements are kept, so "a,,b" has three elements.
      const list = trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      return { value: Object.freeze(list), text: list.join(',') };
    }
  }
}

/** Double.parseDouble's decimal forms: sign, digits, exponent, optional d/f suffix, NaN, Infinity. */
function parseJavaDouble(s: string): number | undefined {
  const m = /^([+-]?)(NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[dDfF]?$/.exec(s);
  if (!m) return undefined;
  if (m[2] === 'NaN') return Number.NaN;
  if (m[2] === 'Infinity') return m[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(`${m[1]}${m[2]}`);
}

/**
 * Double.toString: plain notation with at least one fractional digit for 1e-3 <= |d| < 1e7
 * ("0.5", "10.0"), otherwise "<mantissa>E<exponent>" ("1.7976931348623157E308").
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
