/**
 * The typed layers of window and session stores (the serde part of Kafka's MeteredWindowStore and
 * MeteredSessionStore): processors and queries see keys, values and Windowed keys; below is bytes.
 * A timestamped window store is a window store of ValueAndTimestamp, whose bytes are Kafka's
 * (timestamp + value); `windowStoreFacade` shows it as a plain window store (Kafka's facade).
 */
import { SessionWindow, TimeWindow, Windowed } from '../kstream/windows/windowed.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValue, StateStoreContext } from './state-store.js';
import { splitTimestamp, withTimestamp } from './window-key-schema.js';
import type {
  SessionBytesStore,
  SessionStore,
  ValueAndTimestamp,
  WindowBytesStore,
  WindowEntry,
  WindowStore,
} from './window-store.js';

/** The typed window stores that keep timestamps (so the test driver can show them without). */
export const timestampedStores = new WeakSet<object>();

/** Kafka's ValueAndTimestampSerde over a value serde. */
export function valueAndTimestampSerde<V>(inner: Serde<V>): Serde<ValueAndTimestamp<V>> {
  return {
    serialize: (topic, data) => {
      if (data === null || data === undefined) return null;
      const v = inner.serialize(topic, data.value);
      return v === null ? null : withTimestamp(v, data.timestamp);
    },
    deserialize: (topic, bytes) => {
      if (bytes === null) return null as unknown as ValueAndTimestamp<V>;
      const { value, timestamp } = splitTimestamp(bytes);
      return { value: inner.deserialize(topic, value), timestamp };
    },
  };
}

abstract class TypedLayer<K> {
  protected topic = '';
  constructor(protected readonly keySerde: Serde<K>) {}

  protected k(key: K): Buffer {
    const b = this.keySerde.serialize(this.topic, key);
    if (b === null) throw new TypeError('a store key may not serialize to null');
    return b;
  }
}

export class TypedWindowStore<K, V> extends TypedLayer<K> implements WindowStore<K, V> {
  constructor(
    private readonly inner: WindowBytesStore,
    keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    private readonly windowSize: number,
  ) {
    super(keySerde);
  }

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }

  init(context: StateStoreContext): void {
    this.topic = `${context.applicationId}-${this.name}-changelog`;
    this.inner.init(context);
  }

  put(key: K, value: V | null, windowStartTimestamp: number): void {
    const bytes = value === null ? null : this.valueSerde.serialize(this.topic, value);
    this.inner.put(this.k(key), bytes, windowStartTimestamp);
  }

  fetch(key: K, time: number): V | null;
  fetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  fetch(a: K | null, b: K | number | null, c?: number, d?: number): unknown {
    if (d !== undefined) {
      const from = a === null ? null : this.k(a);
      const to = b === null ? null : this.k(b as K);
      return this.inner.range(from, to, c as number, d).map((e) => this.windowed(e));
    }
    if (c !== undefined) return this.byTime(a as K, b as number, c);
    const bytes = this.inner.fetch(this.k(a as K), b as number);
    return bytes === null ? null : this.valueSerde.deserialize(this.topic, bytes);
  }

  backwardFetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    return this.byTime(key, timeFrom, timeTo).reverse();
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.inner.range(null, null, timeFrom, timeTo).map((e) => this.windowed(e));
  }

  all(): KeyValue<Windowed<K>, V>[] {
    return this.fetchAll(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  flush(): void {
    this.inner.flush();
  }
  close(): void {
    this.inner.close();
  }

  private byTime(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    const k = this.k(key);
    return this.inner
      .range(k, k, timeFrom, timeTo)
      .map((e) => ({ key: e.windowStart, value: this.valueSerde.deserialize(this.topic, e.value) }));
  }

  private windowed(e: WindowEntry): KeyValue<Windowed<K>, V> {
    return {
      key: new Windowed(
        this.keySerde.deserialize(this.topic, e.key),
        new TimeWindow(e.windowStart, e.windowStart + this.windowSize),
      ),
      value: this.valueSerde.deserialize(this.topic, e.value),
    };
  }
}

export class TypedSessionStore<K, AGG> extends TypedLayer<K> implements SessionStore<K, AGG> {
  constructor(
    private readonly inner: SessionBytesStore,
    keySerde: Serde<K>,
    private readonly aggSerde: Serde<AGG>,
  ) {
    super(keySerde);
  }

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }

  init(context: StateStoreContext): void {
    this.topic = `${context.applicationId}-${this.name}-changelog`;
    this.inner.init(context);
  }

  put(sessionKey: Windowed<K>, aggregate: AGG | null): void {
    const w = sessionKey.window();
    const bytes = aggregate === null ? null : this.aggSerde.serialize(this.topic, aggregate);
    this.inner.put(this.k(sessionKey.key()), w.start(), w.end(), bytes);
  }

  remove(sessionKey: Windowed<K>): void {
    this.put(sessionKey, null);
  }

  fetch(key: K): KeyValue<Windowed<K>, AGG>[] {
    return this.findSessions(key, 0, Number.MAX_SAFE_INTEGER);
  }

  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[] {
    const k = this.k(key);
    return this.inner.findSessions(k, k, earliestSessionEndTime, latestSessionStartTime).map((s) => ({
      key: new Windowed(this.keySerde.deserialize(this.topic, s.key), new SessionWindow(s.start, s.end)),
      value: this.aggSerde.deserialize(this.topic, s.value),
    }));
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null {
    const bytes = this.inner.fetchSession(this.k(key), sessionStartTime, sessionEndTime);
    return bytes === null ? null : this.aggSerde.deserialize(this.topic, bytes);
  }

  flush(): void {
    this.inner.flush();
  }
  close(): void {
    this.inner.close();
  }
}

/** A timestamped window store seen as a plain one (Kafka's ReadOnlyWindowStoreFacade). */
export function windowStoreFacade<K, V>(store: WindowStore<K, ValueAndTimestamp<V>>): WindowStore<K, V> {
  const strip = <T>(kvs: KeyValue<T, ValueAndTimestamp<V>>[]) => kvs.map((e) => ({ key: e.key, value: e.value.value }));
  const facade = {
    get name() {
      return store.name;
    },
    get persistent() {
      return store.persistent;
    },
    init: (context: StateStoreContext) => store.init(context),
    flush: () => store.flush(),
    close: () => store.close(),
    put: (key: K, value: V | null, start: number) =>
      store.put(key, value === null ? null : { value, timestamp: -1 }, start),
    fetch: (a: K | null, b: K | number | null, c?: number, d?: number): unknown => {
      if (d !== undefined) return strip(store.fetch(a, b as K | null, c as number, d));
      if (c !== undefined) return strip(store.fetch(a as K, b as number, c));
      return store.fetch(a as K, b as number)?.value ?? null;
    },
    backwardFetch: (key: K, from: number, to: number) => strip(store.backwardFetch(key, from, to)),
    fetchAll: (from: number, to: number) => strip(store.fetchAll(from, to)),
    all: () => strip(store.all()),
  };
  return facade as WindowStore<K, V>;
}
