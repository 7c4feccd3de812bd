/**
 * Turning a value into its type, with Kafka's ConfigDef.parseType rules and error wording, and the
 * canonical text Kafka prints for it (ConfigDef.convertToString), which DescribeConfigs returns.
 * Text (properties files, the wire) and typed JS values (embedding programs) are both accepted.
 */
import { ConfigError } from './config-error.js';
import type { ConfigInput, ConfigType, ConfigValue } from './config-type.js';
import { Password } from './password.js';

export interface ParsedValue {
  readonly value: ConfigValue;
  /** Canonical text (Kafka's convertToString); null when the value is null. Raw text for passwords. */
  readonly text: string | null;
}

export const LONG_MAX_TEXT = (2n ** 63n - 1n).toString();
export const LONG_MIN_TEXT = (-(2n ** 63n)).toString();

const INTEGER_RANGES: Readonly<Record<'INT' | 'SHORT' | 'LONG', readonly [bigint, bigint, string]>> = {
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n, '16-bit'],
  INT: [-(2n ** 31n), 2n ** 31n - 1n, '32-bit'],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n, '64-bit'],
};

/** Java's String.trim: strips every char <= U+0020 at both ends, not just whitespace. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Parses `input` as `type` for key `name` (null stays null). Throws ConfigError. */
export function parseType(name: string, type: ConfigType, input: ConfigInput): ParsedValue {
  if (input === null) return { value: null, text: null };
  switch (type) {
    case 'BOOLEAN':
      return parseBoolean(name, input);
    case 'PASSWORD':
      if (input instanceof Password) return { value: input, text: input.value };
      if (typeof input === 'string') return { value: new Password(javaTrim(input)), text: javaTrim(input) };
      throw wrongType(name, input, 'Expected value to be a string');
    case 'STRING':
    case 'CLASS':
      // Samsa cannot load Java classes: a class name is kept as text, for the package that uses it
      // to map to a built-in implementation (or reject).
      if (typeof input === 'string') return text(javaTrim(input));
      throw wrongType(
        name,
        input,
        type === 'CLASS' ? 'Expected a Class instance or class name' : 'Expected value to be a string',
      );
    case 'INT':
    case 'SHORT':
    case 'LONG':
      return parseInteger(name, type, input);
    case 'DOUBLE':
      return parseDouble(name, input);
    case 'LIST':
      return parseList(name, input);
  }
}

function text(s: string): ParsedValue {
  return { value: s, text: s };
}

function wrongType(name: string, input: unknown, expected: string): ConfigError {
  const kind = Array.isArray(input) ? 'list' : typeof input;
  return ConfigError.invalidValue(name, input, `${expected}, but it was a ${kind}`);
}

function parseBoolean(name: string, input: ConfigInput): ParsedValue {
  if (typeof input === 'boolean') return { value: input, text: String(input) };
  const lower = typeof input === 'string' ? javaTrim(input).toLowerCase() : '';
  if (lower !== 'true' && lower !== 'false') {
    throw ConfigError.invalidValue(name, input, 'Expected value to be either true or false');
  }
  return { value: lower === 'true', text: lower };
}

function parseInteger(name: string, type: 'INT' | 'SHORT' | 'LONG', input: ConfigInput): ParsedValue {
  const [min, max, bits] = INTEGER_RANGES[type];
  let n: bigint | null;
  if (typeof input === 'string') {
    const trimmed = javaTrim(input);
    n = /^[+-]?\d+$/.test(trimmed) ? BigInt(trimmed) : null;
  } else if (typeof input === 'bigint') {
    n = input;
  } else if (typeof input === 'number') {
    // ±Infinity stands for Long.MAX_VALUE / MIN_VALUE (see ConfigValue); only a LONG can hold it.
    if (type === 'LONG' && input === Number.POSITIVE_INFINITY) return { value: input, text: LONG_MAX_TEXT };
    if (type === 'LONG' && input === Number.NEGATIVE_INFINITY) return { value: input, text: LONG_MIN_TEXT };
    n = Number.isSafeInteger(input) ? BigInt(input) : null;
  } else {
    throw wrongType(name, input, `Expected value to be a ${bits} integer`);
  }
  if (n === null || n < min || n > max) throw ConfigError.invalidValue(name, input, `Not a number of type ${type}`);
  return { value: toNumber(n), text: n.toString() };
}

function toNumber(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) return Number.POSITIVE_INFINITY;
  if (n < BigInt(Number.MIN_SAFE_INTEGER)) return Number.NEGATIVE_INFINITY;
  return Number(n);
}

function parseDouble(name: string, input: ConfigInput): ParsedValue {
  let d: number | undefined;
  if (typeof input === 'number') d = input;
  else if (typeof input === 'string') d = parseJavaDouble(javaTrim(input));
  else throw wrongType(name, input, 'Expected value to be a double');
  if (d === undefined) throw ConfigError.invalidValue(name, input, 'Not a number of type DOUBLE');
  return { value: d, text: javaDoubleToString(d) };
}

function parseList(name: string, input: ConfigInput): ParsedValue {
  let list: string[];
  if (Array.isArray(input)) {
    if (!input.every((e) => typeof e === 'string')) throw wrongType(name, input, 'Expected a list of strings');
    list = [...(input as readonly string[])]; // given as a list: taken as is, as Kafka does
  } else if (typeof input === 'string') {
    const trimmed = javaTrim(input);
    // Java's split(regex, -1): empty elements are kept, so "a,,b" has three elements.
    list = trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
  } else {
    throw wrongType(name, input, 'Expected a comma separated list');
  }
  return { value: Object.freeze(list), text: list.join(',') };
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

/**
 * Kafka's convertToString for a value already parsed (e.g. a typed config object being printed).
 * Passwords give their text: callers that print must hide them (see Password).
 */
export function formatValue(type: ConfigType, value: ConfigValue): string | null {
  if (value === null) return null;
  if (value instanceof Password) return value.value;
  return parseType('', type, value).text;
}
