/**
 * Kafka's Stores factory and StoreBuilder: a topology holds builders, and every task builds its
 * own store instances from them: typed layer → changelogging layer (unless disabled) → bytes store.
 */
import type { Serde } from '../serdes/serde.js';
import { ChangeLoggingKeyValueStore } from './change-logging-key-value-store.js';
import { InMemoryKeyValueStore } from './in-memory-key-value-store.js';
import { LmdbKeyValueStore } from './lmdb-key-value-store.js';
import type { KeyValueStore, StateStore } from './state-store.js';
import { TypedKeyValueStore } from './typed-key-value-store.js';
import {
  inMemorySessionStore,
  inMemoryWindowStore,
  sessionStoreBuilder,
  timestampedWindowStoreBuilder,
  windowStoreBuilder,
} from './window-store-builders.js';

export interface KeyValueBytesStoreSupplier {
  readonly name: string;
  get(): KeyValueStore<Buffer, Buffer>;
}

export interface StoreBuilder<S extends StateStore = StateStore> {
  readonly name: string;
  readonly loggingEnabled: boolean;
  /** Topic configs for the changelog beyond Kafka's (cleanup.policy=compact is always set). */
  readonly logConfig: Record<string, string>;
  /**
   * Set for window and session stores: their retention period, which makes the changelog a
   * windowed one (cleanup.policy=compact,delete, retention.ms = this + the additional retention).
   */
  readonly retentionMs?: number;
  withLoggingEnabled(config?: Record<string, string>): this;
  withLoggingDisabled(): this;
  /** Builds a fresh store; serdes left null take the application's defaults. */
  build(defaults?: { keySerde: Serde<unknown> | null; valueSerde: Serde<unknown> | null }): S;
}

class KeyValueStoreBuilder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
  loggingEnabled = true;
  logConfig: Record<string, string> = {};

  constructor(
    private readonly supplier: KeyValueBytesStoreSupplier,
    private readonly keySerde: Serde<K> | null,
    private readonly valueSerde: Serde<V> | null,
  ) {}

  get name(): string {
    return this.supplier.name;
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

  build(defaults?: { keySerde: Serde<unknown> | null; valueSerde: Serde<unknown> | null }): KeyValueStore<K, V> {
    const bytes = this.supplier.get();
    const logged = this.loggingEnabled ? new ChangeLoggingKeyValueStore(bytes) : bytes;
    const keySerde = (this.keySerde ?? defaults?.keySerde) as Serde<K> | null;
    const valueSerde = (this.valueSerde ?? defaults?.valueSerde) as Serde<V> | null;
    if (!keySerde || !valueSerde) {
      throw new TypeError(`store ${this.name} has no serde and no default.key.serde/default.value.serde is set`);
    }
    return new TypedKeyValueStore(logged, keySerde, valueSerde);
  }
}

export const Stores = {
  inMemoryKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return { name, get: () => new InMemoryKeyValueStore(name) };
  },
  /** The persistent store (LMDB; Kafka's is RocksDB), the DSL's default for aggregations and tables. */
  persistentKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return { name, get: () => new LmdbKeyValueStore(name) };
  },
  keyValueStoreBuilder<K, V>(
    supplier: KeyValueBytesStoreSupplier,
    keySerde: Serde<K> | null,
    valueSerde: Serde<V> | null,
  ): StoreBuilder<KeyValueStore<K, V>> {
    return new KeyValueStoreBuilder(supplier, keySerde, valueSerde);
  },
  inMemoryWindowStore,
  inMemorySessionStore,
  windowStoreBuilder,
  timestampedWindowStoreBuilder,
  sessionStoreBuilder,
};
