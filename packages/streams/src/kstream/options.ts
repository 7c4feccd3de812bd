/** The DSL's option objects, by Kafka's class names (Consumed, Produced, Grouped, Materialized). */
import type { Serde } from '../serdes/serde.js';

export interface Consumed<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
}

export interface Produced<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
}

export interface Grouped<K, V> {
  /** Names the repartition topic (`<application.id>-<name>-repartition`) and its nodes. */
  name?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
}

export interface Materialized<K, V> {
  /** The store's name; also names its changelog topic `<application.id>-<name>-changelog`. */
  storeName?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** Default true: the store is backed by a compacted changelog topic. */
  loggingEnabled?: boolean;
}

/** Kafka's Named: a name for the processor a DSL call adds. */
export interface Named {
  name?: string;
}
