/**
 * Suppliers and builders of window and session stores (Kafka's Stores.inMemoryWindowStore,
 * inMemorySessionStore, windowStoreBuilder, timestampedWindowStoreBuilder, sessionStoreBuilder).
 * A task builds its own instance: typed layer → changelogging layer (unless disabled) → bytes store.
 * `retentionMs` tells the runtime the changelog is a windowed one (compact,delete with
 * retention.ms = retention + windowstore.changelog.additional.retention.ms).
 */
import { StreamsError } from '../errors.js';
import type { Serde } from '../serdes/serde.js';
import { ChangeLoggingSessionStore, ChangeLoggingWindowStore } from './change-logging-window-store.js';
import { InMemorySessionStore } from './in-memory-session-store.js';
import { InMemoryWindowStore } from './in-memory-window-store.js';
import type { StoreBuilder } from './stores.js';
import { TimeOrderedKeyValueBuffer } from './time-ordered-buffer.js';
import {
  TypedSessionStore,
  TypedWindowStore,
  timestampedStores,
  valueAndTimestampSerde,
} from './typed-window-store.js';
import type {
  SessionBytesStore,
  SessionStore,
  ValueAndTimestamp,
  WindowBytesStore,
  WindowStore,
} from './window-store.js';

export interface WindowBytesStoreSupplier {
  readonly name: string;
  readonly retentionPeriod: number;
  readonly windowSize: number;
  get(): WindowBytesStore;
}

export interface SessionBytesStoreSupplier {
  readonly name: string;
  readonly retentionPeriod: number;
  get(): SessionBytesStore;
}

type Defaults = { keySerde: Serde<unknown> | null; valueSerde: Serde<unknown> | null };

export function inMemoryWindowStore(
  name: string,
  retentionPeriod: number,
  windowSize: number,
  retainDuplicates = false,
): WindowBytesStoreSupplier {
  if (retentionPeriod < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'retentionPeriod cannot be negative');
  if (windowSize < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'windowSize cannot be negative');
  if (windowSize > retentionPeriod) {
    throw new StreamsError(
      'ILLEGAL_ARGUMENT',
      `The retention period of the window store ${name} must be no smaller than its window size. Got size=[${windowSize}], retention=[${retentionPeriod}]`,
    );
  }
  return {
    name,
    retentionPeriod,
    windowSize,
    get: () => new InMemoryWindowStore(name, retentionPeriod, windowSize, retainDuplicates),
  };
}

export function inMemorySessionStore(name: string, retentionPeriod: number): SessionBytesStoreSupplier {
  if (retentionPeriod < 0) throw new StreamsError('ILLEGAL_ARGUMENT', 'retentionPeriod cannot be negative');
  return { name, retentionPeriod, get: () => new InMemorySessionStore(name, retentionPeriod) };
}

abstract class LoggedBuilder<S> {
  loggingEnabled = true;
  logConfig: Record<string, string> = {};
  constructor(
    readonly name: string,
    /** Undefined for the suppression buffer: its changelog is a plain compacted one. */
    readonly retentionMs: number | undefined,
  ) {}

  withLoggingEnabled(config: Record<string, string> = {}): this {
    this.loggingEnabled = true;
    this.logConfig = config;
    return this;
  }

  withLoggingDisabled(): this {
    this.loggingEnabled = false;
    return this;
  }

  protected serdes<K, V>(key: Serde<K> | null, value: Serde<V> | null, defaults?: Defaults): [Serde<K>, Serde<V>] {
    const k = (key ?? defaults?.keySerde) as Serde<K> | null;
    const v = (value ?? defaults?.valueSerde) as Serde<V> | null;
    if (!k || !v)
      throw new TypeError(`store ${this.name} has no serde and no default.key.serde/default.value.serde is set`);
    return [k, v];
  }

  abstract build(defaults?: Defaults): S;
}

class WindowStoreBuilder<K, V> extends LoggedBuilder<WindowStore<K, V>> implements StoreBuilder<WindowStore<K, V>> {
  constructor(
    private readonly supplier: WindowBytesStoreSupplier,
    private readonly keySerde: Serde<K> | null,
    private readonly valueSerde: Serde<V> | null,
    private readonly timestamped: boolean,
  ) {
    super(supplier.name, supplier.retentionPeriod);
  }

  build(defaults?: Defaults): WindowStore<K, V> {
    const bytes = this.supplier.get();
    const logged = this.loggingEnabled ? new ChangeLoggingWindowStore(bytes, this.timestamped) : bytes;
    const [k, v] = this.serdes(this.keySerde, this.valueSerde, defaults);
    const values = (this.timestamped ? valueAndTimestampSerde(v) : v) as Serde<V>;
    const store = new TypedWindowStore<K, V>(logged, k, values, this.supplier.windowSize);
    if (this.timestamped) timestampedStores.add(store);
    return store;
  }
}

class SessionStoreBuilder<K, V> extends LoggedBuilder<SessionStore<K, V>> implements StoreBuilder<SessionStore<K, V>> {
  constructor(
    private readonly supplier: SessionBytesStoreSupplier,
    private readonly keySerde: Serde<K> | null,
    private readonly valueSerde: Serde<V> | null,
  ) {
    super(supplier.name, supplier.retentionPeriod);
  }

  build(defaults?: Defaults): SessionStore<K, V> {
    const bytes = this.supplier.get();
    const logged = this.loggingEnabled ? new ChangeLoggingSessionStore(bytes) : bytes;
    const [k, v] = this.serdes(this.keySerde, this.valueSerde, defaults);
    return new TypedSessionStore<K, V>(logged, k, v);
  }
}

export function windowStoreBuilder<K, V>(
  supplier: WindowBytesStoreSupplier,
  keySerde: Serde<K> | null,
  valueSerde: Serde<V> | null,
): StoreBuilder<WindowStore<K, V>> {
  return new WindowStoreBuilder(supplier, keySerde, valueSerde, false);
}

/** A window store keeping each value's timestamp beside it (what windowed aggregations use). */
export function timestampedWindowStoreBuilder<K, V>(
  supplier: WindowBytesStoreSupplier,
  keySerde: Serde<K> | null,
  valueSerde: Serde<V> | null,
): StoreBuilder<WindowStore<K, ValueAndTimestamp<V>>> {
  return new WindowStoreBuilder(supplier, keySerde, valueSerde, true) as unknown as StoreBuilder<
    WindowStore<K, ValueAndTimestamp<V>>
  >;
}

export function sessionStoreBuilder<K, V>(
  supplier: SessionBytesStoreSupplier,
  keySerde: Serde<K> | null,
  valueSerde: Serde<V> | null,
): StoreBuilder<SessionStore<K, V>> {
  return new SessionStoreBuilder(supplier, keySerde, valueSerde);
}

/** The suppression buffer's builder (Kafka's InMemoryTimeOrderedKeyValueChangeBuffer.Builder). */
export function suppressionBufferBuilder<K, V>(
  name: string,
  keySerde: Serde<K> | null,
  valueSerde: Serde<V> | null,
): StoreBuilder<TimeOrderedKeyValueBuffer<K, V>> {
  return new SuppressionBufferBuilder(name, keySerde, valueSerde);
}

class SuppressionBufferBuilder<K, V>
  extends LoggedBuilder<TimeOrderedKeyValueBuffer<K, V>>
  implements StoreBuilder<TimeOrderedKeyValueBuffer<K, V>>
{
  constructor(
    name: string,
    private readonly keySerde: Serde<K> | null,
    private readonly valueSerde: Serde<V> | null,
  ) {
    super(name, undefined);
  }

  build(defaults?: Defaults): TimeOrderedKeyValueBuffer<K, V> {
    const [k, v] = this.serdes(this.keySerde, this.valueSerde, defaults);
    return new TimeOrderedKeyValueBuffer(this.name, k, v, this.loggingEnabled);
  }
}
