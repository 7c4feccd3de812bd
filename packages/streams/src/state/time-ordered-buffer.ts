/**
 * The suppression buffer (Kafka's InMemoryTimeOrderedKeyValueChangeBuffer): the latest change per
 * key, ordered by buffer time (window end, or the first buffered update's timestamp), then key
 * bytes. A key updated again keeps its place in time and its prior value (the value before it was
 * first buffered). Changes are logged at flush (commit), as Kafka does: the key's bytes and the
 * version-3 buffer value with header v=3, or a tombstone once a key is evicted. Owned by one task.
 */
import type { Change } from '../kstream/change.js';
import type { Serde } from '../serdes/serde.js';
import {
  BUFFER_CHANGELOG_HEADERS,
  type BufferedValue,
  type BufferRecordContext,
  deserializeBufferValue,
  serializeBufferValue,
} from './buffer-value-format.js';
import type { StateStore, StateStoreContext } from './state-store.js';

interface Entry {
  id: string;
  key: Buffer;
  value: BufferedValue;
}

export interface Eviction<K, V> {
  key: K;
  value: Change<V>;
  context: BufferRecordContext;
}

export class TimeOrderedKeyValueBuffer<K, V> implements StateStore {
  readonly persistent = false;
  private readonly index = new Map<string, Entry>();
  /** Entries by (time, key bytes). */
  private readonly sorted: Entry[] = [];
  private readonly dirty = new Set<string>();
  private context: StateStoreContext | null = null;
  private topic = '';
  private bytes = 0;

  constructor(
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    private readonly loggingEnabled: boolean,
  ) {}

  init(context: StateStoreContext): void {
    this.context = context;
    this.topic = `${context.applicationId}-${this.name}-changelog`;
    if (!this.loggingEnabled) return;
    context.register(
      this.name,
      (key, value) => {
        const id = key.toString('latin1');
        this.remove(id);
        if (value !== null) this.insert({ id, key: Buffer.from(key), value: deserializeBufferValue(value) });
      },
      true,
    );
  }

  put(time: number, key: K, change: Change<V>, context: BufferRecordContext): void {
    const keyBytes = this.keySerde.serialize(this.topic, key) as Buffer;
    const id = keyBytes.toString('latin1');
    const ser = (v: V | null) => (v === null ? null : this.valueSerde.serialize(this.topic, v));
    const old = ser(change.oldValue);
    const existing = this.index.get(id);
    const value: BufferedValue = {
      context,
      prior: existing ? existing.value.prior : old,
      old,
      new: ser(change.newValue),
      time: existing ? existing.value.time : time,
    };
    this.remove(id);
    this.insert({ id, key: keyBytes, value });
    this.dirty.add(id);
  }

  /** Evicts the oldest entries while `predicate` holds, handing each to `callback`. */
  evictWhile(predicate: () => boolean, callback: (eviction: Eviction<K, V>) => void): void {
    while (this.sorted.length > 0 && predicate()) {
      const e = this.sorted.shift() as Entry;
      this.index.delete(e.id);
      this.bytes -= sizeOf(e);
      this.dirty.add(e.id);
      const de = (b: Buffer | null) => (b === null ? null : this.valueSerde.deserialize(this.topic, b));
      callback({
        key: this.keySerde.deserialize(this.topic, e.key),
        value: { newValue: de(e.value.new), oldValue: de(e.value.prior) },
        context: e.value.context,
      });
    }
  }

  minTimestamp(): number {
    return this.sorted[0]?.value.time ?? Number.MAX_SAFE_INTEGER;
  }

  numRecords(): number {
    return this.sorted.length;
  }

  /** Kafka's estimate of the buffer's memory: key, values, record context and buffer time per entry. */
  bufferSize(): number {
    return this.bytes;
  }

  flush(): void {
    const ctx = this.context;
    if (!ctx || !this.loggingEnabled) {
      this.dirty.clear();
      return;
    }
    for (const id of this.dirty) {
      const e = this.index.get(id);
      const key = e ? e.key : Buffer.from(id, 'latin1');
      const value = e ? serializeBufferValue(e.value) : null;
      // Kafka sends these without a timestamp, so the producer stamps them with wall-clock time.
      ctx.logChange(this.name, key, value, ctx.currentSystemTimeMs(), e ? BUFFER_CHANGELOG_HEADERS : []);
    }
    this.dirty.clear();
  }

  close(): void {
    this.index.clear();
    this.sorted.length = 0;
    this.bytes = 0;
  }

  private insert(e: Entry): void {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.sorted[mid] as Entry;
      if (m.value.time < e.value.time || (m.value.time === e.value.time && Buffer.compare(m.key, e.key) < 0))
        lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, e);
    this.index.set(e.id, e);
    this.bytes += sizeOf(e);
  }

  private remove(id: string): void {
    const e = this.index.get(id);
    if (!e) return;
    this.index.delete(id);
    this.sorted.splice(this.sorted.indexOf(e), 1);
    this.bytes -= sizeOf(e);
  }
}

function sizeOf(e: Entry): number {
  const v = e.value;
  let size = 8 + e.key.length + (v.prior?.length ?? 0) + (v.new?.length ?? 0);
  if (v.old !== null && v.old !== v.prior) size += v.old.length;
  size += 8 + 8 + 4 + v.context.topic.length;
  for (const h of v.context.headers) size += h.key.length + (h.value?.length ?? 0);
  return size;
}
