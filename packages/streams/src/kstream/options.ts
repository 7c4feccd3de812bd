/** The DSL's option objects, by Kafka's class names (Consumed, Produced, Grouped, Materialized). */
import type { TimestampExtractor } from '../processor/topology.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValueBytesStoreSupplier } from '../state/stores.js';

export interface Consumed<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** Event time from the record itself (Kafka's Consumed.withTimestampExtractor); default: the record's timestamp. */
  timestampExtractor?: TimestampExtractor;
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
  /** Topic configs of the changelog (Kafka's withLoggingEnabled(config)). */
  logConfig?: Record<string, string>;
  /**
   * Window and session stores: how long windows are kept, in ms (Kafka's withRetention). At least
   * window size + grace (sliding: 2 × time difference + grace; sessions: gap + grace), which is the
   * default.
   */
  retention?: number;
  /**
   * Kafka's Materialized.as(supplier): the bytes store to use, e.g. Stores.inMemoryKeyValueStore(name).
   * Default: Stores.persistentKeyValueStore(storeName). The supplier's name is the store's name.
   */
  storeSupplier?: KeyValueBytesStoreSupplier;
}

/** Kafka's fluent Materialized: `Materialized.as('counts').withRetention(Duration.ofHours(1))`. */
export class MaterializedBuilder<K, V> implements Materialized<K, V> {
  storeName?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  loggingEnabled?: boolean;
  logConfig?: Record<string, string>;
  retention?: number;

  withKeySerde(serde: Serde<K>): this {
    this.keySerde = serde;
    return this;
  }
  withValueSerde(serde: Serde<V>): this {
    this.valueSerde = serde;
    return this;
  }
  withRetention(retentionMs: number): this {
    this.retention = retentionMs;
    return this;
  }
  withLoggingEnabled(config: Record<string, string> = {}): this {
    this.loggingEnabled = true;
    this.logConfig = config;
    return this;
  }
  withLoggingDisabled(): this {
    this.loggingEnabled = false;
    return this;
  }
}

export const Materialized = {
  as<K, V>(storeName: string): MaterializedBuilder<K, V> {
    const m = new MaterializedBuilder<K, V>();
    m.storeName = storeName;
    return m;
  },
  with<K, V>(keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): MaterializedBuilder<K, V> {
    const m = new MaterializedBuilder<K, V>();
    m.keySerde = keySerde;
    m.valueSerde = valueSerde;
    return m;
  },
};

/** Kafka's Named: a name for the processor a DSL call adds. */
export interface Named {
  name?: string;
}
