/**
 * The changelogging layer (Kafka's ChangeLoggingKeyValueBytesStore): every write to the inner
 * bytes store is also sent to the store's changelog topic, `<application.id>-<store>-changelog`,
 * partition = the task's partition, so a task started elsewhere can rebuild the store.
 */
import type { KeyValue, KeyValueStore, StateStoreContext } from './state-store.js';

export function changelogTopic(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}

export class ChangeLoggingKeyValueStore implements KeyValueStore<Buffer, Buffer> {
  private context: StateStoreContext | null = null;

  constructor(private readonly inner: KeyValueStore<Buffer, Buffer>) {}

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }

  init(context: StateStoreContext): void {
    this.context = context;
    // The inner store registers its restore callback; this layer only marks the store as logged.
    this.inner.init({
      ...context,
      register: (name, restore) => context.register(name, restore, true),
    });
  }

  private log(key: Buffer, value: Buffer | null): void {
    const ctx = this.context;
    if (ctx) ctx.logChange(this.name, key, value, ctx.timestamp());
  }

  get(key: Buffer): Buffer | null {
    return this.inner.get(key);
  }
  put(key: Buffer, value: Buffer | null): void {
    this.inner.put(key, value);
    this.log(key, value);
  }
  putIfAbsent(key: Buffer, value: Buffer): Buffer | null {
    const old = this.inner.putIfAbsent(key, value);
    if (old === null) this.log(key, value);
    return old;
  }
  delete(key: Buffer): Buffer | null {
    const old = this.inner.delete(key);
    this.log(key, null);
    return old;
  }
  range(from: Buffer, to: Buffer): KeyValue<Buffer, Buffer>[] {
    return this.inner.range(from, to);
  }
  all(): KeyValue<Buffer, Buffer>[] {
    return this.inner.all();
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
