import {
  type ConfigType,
  formatConfigValue,
  invalid,
  parseBoolean,
  parseDouble,
  parseInt32,
  parseList,
  parseLong,
} from './config-values.js';

/**
 * One topic-level config as Kafka's ConfigDef describes it. `serverDefaultProperty` is the broker
 * setting that supplies the default when the topic does not override it (Kafka's
 * ServerTopicConfigSynonyms); `serverSynonyms` lists every broker key in Kafka's order of precedence,
 * e.g. log.roll.ms before log.roll.hours.
 */
export interface ConfigDef<T> {
  readonly name: string;
  readonly type: ConfigType;
  readonly default: T;
  readonly doc: string;
  /** Kafka's "Valid Values" column, e.g. "[14,...]". Empty when anything of the type is accepted. */
  readonly validValues: string;
  readonly serverDefaultProperty: string | null;
  readonly serverSynonyms: readonly string[];
  /** Parses a string value (trimmed, as Kafka does) and validates it; throws ConfigError. */
  parse(raw: string): T;
  /** Throws ConfigError naming the key when `value` is out of range. */
  validate(value: T): void;
  format(value: T): string;
}

interface Common {
  doc: string;
  server?: string | readonly string[];
}

function synonyms(server: Common['server']): readonly string[] {
  if (server === undefined) return [];
  return typeof server === 'string' ? [server] : server;
}

function def<T>(
  name: string,
  type: ConfigType,
  dflt: T,
  c: Common,
  validValues: string,
  parseRaw: (raw: string) => T,
  validate: (value: T) => void,
): ConfigDef<T> {
  const serverSynonyms = synonyms(c.server);
  return {
    name,
    type,
    default: dflt,
    doc: c.doc,
    validValues,
    serverDefaultProperty: serverSynonyms[0] ?? null,
    serverSynonyms,
    parse(raw) {
      const v = parseRaw(raw);
      validate(v);
      return v;
    },
    validate,
    format: (value) => formatConfigValue(type, value),
  };
}

function range(name: string, min: number | undefined, max: number | undefined): (v: number) => void {
  return (v) => {
    if (min !== undefined && v < min) throw invalid(name, v, `Value must be at least ${min}`);
    if (max !== undefined && v > max) throw invalid(name, v, `Value must be no more than ${max}`);
  };
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min === undefined && max === undefined) return '';
  if (max === undefined) return `[${min},...]`;
  return `[${min ?? '...'},...,${max}]`;
}

interface NumberOpts extends Common {
  min?: number;
  max?: number;
}

export function longDef(name: string, dflt: number, o: NumberOpts): ConfigDef<number> {
  return def(name, 'LONG', dflt, o, rangeText(o.min, o.max), (r) => parseLong(name, r), range(name, o.min, o.max));
}

export function intDef(name: string, dflt: number, o: NumberOpts): ConfigDef<number> {
  const inRange = range(name, o.min, o.max);
  return def(
    name,
    'INT',
    dflt,
    o,
    rangeText(o.min, o.max),
    (r) => parseInt32(name, r),
    (v) => {
      if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw invalid(name, v, 'Not a number of type INT');
      inRange(v);
    },
  );
}

export function doubleDef(name: string, dflt: number, o: NumberOpts): ConfigDef<number> {
  return def(name, 'DOUBLE', dflt, o, rangeText(o.min, o.max), (r) => parseDouble(name, r), range(name, o.min, o.max));
}

export function booleanDef(name: string, dflt: boolean, o: Common): ConfigDef<boolean> {
  return def(
    name,
    'BOOLEAN',
    dflt,
    o,
    '',
    (r) => parseBoolean(name, r),
    () => {},
  );
}

/** A STRING restricted to `allowed` (case-sensitive, as Kafka's ValidString), or free when omitted. */
export function stringDef<T extends string>(
  name: string,
  dflt: T,
  o: Common & { allowed?: readonly T[] },
): ConfigDef<T> {
  const allowed = o.allowed;
  const valid = allowed ? `[${allowed.join(', ')}]` : '';
  return def(
    name,
    'STRING',
    dflt,
    o,
    valid,
    (r) => r.trim() as T,
    (v) => {
      if (allowed && !allowed.includes(v)) throw invalid(name, v, `String must be one of: ${allowed.join(', ')}`);
    },
  );
}

/** A LIST whose items must each be one of `allowed` (Kafka's ValidList.in), or free when omitted. */
export function listDef<T extends string>(
  name: string,
  dflt: readonly T[],
  o: Common & { allowed?: readonly T[] },
): ConfigDef<readonly T[]> {
  const allowed = o.allowed;
  const valid = allowed ? `[${allowed.join(', ')}]` : '';
  return def(
    name,
    'LIST',
    dflt,
    o,
    valid,
    (r) => parseList(r) as T[],
    (v) => {
      if (!allowed) return;
      for (const item of v) {
        if (!allowed.includes(item)) throw invalid(name, v.join(','), `Invalid value ${item}, must be one of ${valid}`);
      }
    },
  );
}
