/**
 * Where a configuration's value comes from, by DescribeConfigs' source names and wire ids
 * (DescribeConfigsResponse.ConfigSource), and how a value is picked from layers of sources.
 *
 * A package keeps one map per source it has (the broker: dynamic per-broker values, dynamic
 * cluster-wide defaults, the static properties file; a topic adds its own overrides) and lists
 * them highest precedence first; the first layer that sets a key wins, and a key no layer sets
 * has its definition's default (DEFAULT_CONFIG).
 */

export type ConfigSource =
  | 'UNKNOWN'
  /** A topic's own override (CreateTopics, AlterConfigs on a TOPIC). */
  | 'TOPIC_CONFIG'
  /** Set for one broker at runtime (AlterConfigs on BROKER "<id>"). */
  | 'DYNAMIC_BROKER_CONFIG'
  /** Set for every broker at runtime (AlterConfigs on BROKER ""). */
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  /** The properties file, --override, or an embedding program's options. */
  | 'STATIC_BROKER_CONFIG'
  /** Nobody set it: the definition's default. */
  | 'DEFAULT_CONFIG'
  | 'DYNAMIC_BROKER_LOGGER_CONFIG'
  | 'CLIENT_METRICS_CONFIG'
  | 'GROUP_CONFIG';

export const CONFIG_SOURCE_IDS: Readonly<Record<ConfigSource, number>> = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
  CLIENT_METRICS_CONFIG: 7,
  GROUP_CONFIG: 8,
};

/** One source's values, as text keyed by config name. */
export interface ConfigLayer {
  readonly source: ConfigSource;
  readonly values: ReadonlyMap<string, string>;
}

export interface PickedValue {
  /** The text set by the winning layer, or `fallback` under DEFAULT_CONFIG. */
  readonly raw: string | null;
  readonly source: ConfigSource;
}

/** The value of `name` from the first of `layers` (highest precedence first) that sets it. */
export function pickValue(layers: readonly ConfigLayer[], name: string, fallback: string | null): PickedValue {
  for (const layer of layers) {
    const raw = layer.values.get(name);
    if (raw !== undefined) return { raw, source: layer.source };
  }
  return { raw: fallback, source: 'DEFAULT_CONFIG' };
}
