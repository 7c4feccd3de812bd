/**
 * The in-memory bytes store (Kafka's InMemoryKeyValueStore): a map keyed by the key's bytes,
 * iterated in unsigned byte order as Kafka's stores are. On restoration the changelog is
 * replayed into it through the callback it registers.
 */
import type { KeyValue, KeyValueStore, StateStoreContext } from './state-store.js';

export class InMemoryKeyValueStore implements KeyValueStore<Buffer, Buffer> {
  readonly persistent = false;
  private readonly map = new Map<string, KeyValue<Buffer, Buffer>>();

  constructor(readonly name: string) {}

  init(context: StateStoreContext): void {
    context.register(this.name, (key, value) => this.put(key, value), false);
  }

  get(key: Buffer): Buffer | null {
    return this.map.get(key.toString('latin1'))?.value ?? null;
  }

  put(key: Buffer, value: Buffer | null): void {
    const k = key.toString('latin1');
    if (value === null) this.map.delete(k);
    else this.map.set(k, { key, value });
  }

  putIfAbsent(key: Buffer, value: Buffer): Buffer | null {
    const old = this.get(key);
    if (old === null) this.put(key, value);
    return old;
  }

  delete(key: Buffer): Buffer | null {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  range(from: Buffer, to: Buffer): KeyValue<Buffer, Buffer>[] {
    return this.all().filter((e) => Buffer.compare(e.key, from) >= 0 && Buffer.compare(e.key, to) <= 0);
  }

  all(): KeyValue<Buffer, Buffer>[] {
    return [...this.map.values()].sort((a, b) => Buffer.compare(a.key, b.key));
  }

  approximateNumEntries(): number {
    return this.map.size;
  }

  flush(): void {}

  close(): void {
    this.map.clear();
  }
}
