import { ConfigError } from '../errors.js';

/*
 * Parsing and formatting of config values the way Kafka's ConfigDef does it: trimmed strings, LONG and
 * INT as plain decimal integers, BOOLEAN as true/false in any case, LIST as comma-separated items.
 *
 * Kafka's LONG is 64-bit; here values are JS numbers. A value beyond 2^53 can only mean "practically
 * unlimited" (Long.MAX_VALUE is the default of several settings), so it is held as ±Infinity, which
 * compares the way Long.MAX_VALUE does, and is printed back as Kafka prints Long.MAX_VALUE/MIN_VALUE.
 */

export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'LONG' | 'DOUBLE' | 'LIST';

export const LONG_MAX_STRING = '9223372036854775807';
export const LONG_MIN_STRING = '-9223372036854775808';
const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;

export function invalid(name: string, raw: unknown, reason: string): ConfigError {
  return new ConfigError(name, `Invalid value ${String(raw)} for configuration ${name}: ${reason}`);
}

export function parseLong(name: string, raw: string): number {
  const s = raw.trim();
  if (!/^[+-]?\d+$/.test(s)) throw invalid(name, raw, 'Not a number of type LONG');
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    throw invalid(name, raw, 'Not a number of type LONG');
  }
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return Number.POSITIVE_INFINITY;
  if (big < BigInt(Number.MIN_SAFE_INTEGER)) return Number.NEGATIVE_INFINITY;
  return Number(big);
}

export function parseInt32(name: string, raw: string): number {
  const s = raw.trim();
  const v = /^[+-]?\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!Number.isInteger(v) || v < INT_MIN || v > INT_MAX) throw invalid(name, raw, 'Not a number of type INT');
  return v;
}

export function parseDouble(name: string, raw: string): number {
  const s = raw.trim();
  const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : Number.NaN;
  if (!Number.isFinite(v)) throw invalid(name, raw, 'Not a number of type DOUBLE');
  return v;
}

export function parseBoolean(name: string, raw: string): boolean {
  const s = raw.trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw invalid(name, raw, 'Expected value to be either true or false');
}

export function parseList(raw: string): string[] {
  const s = raw.trim();
  return s === '' ? [] : s.split(/\s*,\s*/);
}

/** The string Kafka would show for a value (DescribeConfigs, kafka-configs --describe). */
export function formatConfigValue(type: ConfigType, value: unknown): string {
  if (type === 'LIST') return (value as readonly string[]).join(',');
  if (value === Number.POSITIVE_INFINITY) return LONG_MAX_STRING;
  if (value === Number.NEGATIVE_INFINITY) return LONG_MIN_STRING;
  return String(value);
}
