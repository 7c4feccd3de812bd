/**
 * The outer, typed layer (the serde part of Kafka's MeteredKeyValueStore): processors read and
 * write keys and values of their types; below it everything is bytes.
 */
import type { Serde } from '../serdes/serde.js';
import type { KeyValue, KeyValueStore, StateStoreContext } from './state-store.js';

export class TypedKeyValueStore<K, V> implements KeyValueStore<K, V> {
  private topic = '';

  constructor(
    private readonly inner: KeyValueStore<Buffer, Buffer>,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }

  init(context: StateStoreContext): void {
    // Serdes are called with the changelog topic's name, as Kafka's stores do.
    this.topic = `${context.applicationId}-${this.name}-changelog`;
    this.inner.init(context);
  }

  private k(key: K): Buffer {
    const b = this.keySerde.serialize(this.topic, key);
    if (b === null) throw new TypeError(`store ${this.name}: a key may not serialize to null`);
    return b;
  }
  private v(value: Buffer | null): V | null {
    return value === null ? null : this.valueSerde.deserialize(this.topic, value);
  }
  private entry(e: KeyValue<Buffer, Buffer>): KeyValue<K, V> {
    return {
      key: this.keySerde.deserialize(this.topic, e.key),
      value: this.valueSerde.deserialize(this.topic, e.value),
    };
  }

  get(key: K): V | null {
    return this.v(this.inner.get(this.k(key)));
  }
  put(key: K, value: V | null): void {
    this.inner.put(this.k(key), value === null ? null : this.valueSerde.serialize(this.topic, value));
  }
  putIfAbsent(key: K, value: V): V | null {
    const bytes = this.valueSerde.serialize(this.topic, value);
    if (bytes === null) return this.get(key);
    return this.v(this.inner.putIfAbsent(this.k(key), bytes));
  }
  delete(key: K): V | null {
    return this.v(this.inner.delete(this.k(key)));
  }
  range(from: K, to: K): KeyValue<K, V>[] {
    return this.inner.range(this.k(from), this.k(to)).map((e) => this.entry(e));
  }
  all(): KeyValue<K, V>[] {
    return this.inner.all().map((e) => this.entry(e));
  }
  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }
  flush(): void {
    this.inner.flush();
  }
  close(): void {
    this.inner.close();
  }
}
