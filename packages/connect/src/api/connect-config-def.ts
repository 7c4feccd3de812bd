/**
 * Connect's configuration definitions: @samsa/common's ConfigDef (Kafka's types, defaults,
 * importance, documentation, validators and messages), widened with what Kafka Connect adds for
 * its UIs — group, order in group, width, display name, dependents, a Recommender — and with
 * Kafka's ConfigDef.validate: every key parsed and checked on its own, errors collected per field
 * instead of thrown, the results shaped as the REST API's ConfigInfo (`definition` + `value`).
 */
import {
  ConfigDef,
  type ConfigKey,
  type ConfigKeyInit,
  type ConfigValue,
  formatValue,
  isConfigError,
  parseAndValidate,
} from '@samsa/common';

/** Kafka's ConfigDef.Recommender: valid values and visibility, given the other keys' values. */
export interface Recommender {
  validValues(name: string, parsed: Readonly<Record<string, ConfigValue>>): unknown[];
  visible(name: string, parsed: Readonly<Record<string, ConfigValue>>): boolean;
}

export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG';

export interface ConnectConfigKeyInit extends ConfigKeyInit {
  readonly group?: string;
  readonly orderInGroup?: number;
  readonly width?: Width;
  readonly displayName?: string;
  readonly dependents?: readonly string[];
  readonly recommender?: Recommender;
}

/** The REST API's ConfigKeyInfo. */
export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  width: Width;
  display_name: string;
  dependents: string[];
  /** Kafka's ConfigKeyInfo writes orderInGroup as `order`. */
  order: number;
}

/** The REST API's ConfigValueInfo. */
export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfoValue {
  definition: ConfigKeyInfo;
  value: ConfigValueInfo;
}

export class ConnectConfigDef extends ConfigDef<ConnectConfigKeyInit> {
  /** Every key of `other` not defined here (Kafka's ConfigDef(base) copy + define). */
  withAll(other: ConnectConfigDef): this {
    for (const k of other.keys()) if (!this.has(k.name)) this.define(k);
    return this;
  }

  /** Groups in first-seen order (the REST answer's `groups`). */
  groups(): string[] {
    return [...new Set([...this.keys()].map((k) => k.group).filter((g): g is string => !!g))];
  }

  /**
   * Kafka's ConfigDef.validate: one result per defined key, in definition order. A key that does
   * not parse or validate, or a required key without a value, gets the error message Kafka gives;
   * the recommender, when there is one, adds valid values and visibility.
   */
  validateAll(props: Readonly<Record<string, string>>): ConfigInfoValue[] {
    const parsed: Record<string, ConfigValue> = {};
    const errors = new Map<string, string[]>();
    for (const key of this.keys()) {
      const given = Object.hasOwn(props, key.name) ? props[key.name] : undefined;
      try {
        if (given !== undefined) parsed[key.name] = parseAndValidate(key, key.name, given).value;
        else if (key.hasDefault) parsed[key.name] = key.defaultValue;
        else throw new MissingValue(key.name);
      } catch (err) {
        const message = err instanceof MissingValue || isConfigError(err) ? (err as Error).message : String(err);
        errors.set(key.name, [message]);
        parsed[key.name] = null;
      }
    }
    return [...this.keys()].map((key) => {
      let recommended: unknown[] = [];
      let visible = true;
      if (key.recommender) {
        try {
          recommended = key.recommender.validValues(key.name, parsed);
          visible = key.recommender.visible(key.name, parsed);
        } catch (err) {
          (errors.get(key.name) ?? errors.set(key.name, []).get(key.name))?.push((err as Error).message);
        }
      }
      const given = Object.hasOwn(props, key.name) ? props[key.name] : undefined;
      const value = parsed[key.name] ?? null;
      return {
        definition: keyInfo(key),
        value: {
          name: key.name,
          value: value === null ? (given ?? null) : displayValue(key, value),
          recommended_values: recommended.map(String),
          errors: errors.get(key.name) ?? [],
          visible,
        },
      };
    });
  }
}

class MissingValue extends Error {
  constructor(name: string) {
    super(`Missing required configuration "${name}" which has no default value.`);
  }
}

function displayValue(key: ConfigKey<ConnectConfigKeyInit>, value: ConfigValue): string | null {
  return key.type === 'PASSWORD' ? '[hidden]' : formatValue(key.type, value);
}

export function keyInfo(key: ConfigKey<ConnectConfigKeyInit>): ConfigKeyInfo {
  return {
    name: key.name,
    type: key.type,
    required: !key.hasDefault,
    default_value: key.type === 'PASSWORD' && key.defaultText !== null ? '[hidden]' : key.defaultText,
    importance: key.importance,
    documentation: key.doc,
    group: key.group ?? null,
    width: key.width ?? 'NONE',
    display_name: key.displayName ?? key.name,
    dependents: [...(key.dependents ?? [])],
    order: key.orderInGroup ?? -1,
  };
}
