/**
 * The types a configuration can have, by Kafka's ConfigDef.Type names, and the JS values each one
 * parses to. The numeric ids are DescribeConfigsResponse's ConfigType, what the wire carries.
 */
import type { Password } from './password.js';

/** Kafka's ConfigDef.Type. */
export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';

/** Kafka's ConfigDef.Importance: how much an operator should care, for docs only. */
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW';

/** DescribeConfigsResponse.ConfigType ids; UNKNOWN for keys no definition covers. */
export const CONFIG_TYPE_IDS: Readonly<Record<ConfigType | 'UNKNOWN', number>> = {
  UNKNOWN: 0,
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  SHORT: 4,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
  CLASS: 8,
  PASSWORD: 9,
};

/**
 * A parsed value. INT, SHORT, LONG and DOUBLE are numbers: a LONG beyond ±2^53 can only mean
 * "practically unlimited" (Long.MAX_VALUE is the default of several settings), so it is held as
 * ±Infinity, which compares as Long.MAX_VALUE does; its exact text is kept beside it (ParsedValue).
 * null means the key has no value.
 */
export type ConfigValue = boolean | number | string | readonly string[] | Password | null;

/**
 * What a value may be given as: text, as in a properties file or on the wire, or an already typed
 * JS value, as an embedding program passes it (Kafka's parseType accepts both, too).
 */
export type ConfigInput = ConfigValue | bigint;

/** The JS type a ConfigType parses to, for typed views of a definition table. */
export type ValueOfType<T extends ConfigType> = T extends 'BOOLEAN'
  ? boolean
  : T extends 'INT' | 'SHORT' | 'LONG' | 'DOUBLE'
    ? number
    : T extends 'LIST'
      ? readonly string[]
      : T extends 'PASSWORD'
        ? Password
        : string;
