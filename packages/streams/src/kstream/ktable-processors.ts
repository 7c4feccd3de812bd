/**
 * The processors behind KTable: the table source (materialize the topic into a store when the
 * table is named, forward changes), filter and mapValues over changes, and toStream (the new value
 * of each change). As in Kafka's KTableFilter without old values requested (nothing built here
 * requests them yet), a row that does not pass the filter is forwarded as a delete, whether or not
 * an earlier value passed.
 */
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import type { KeyValueStore } from '../state/state-store.js';
import type { Change } from './change.js';
import { perRecord } from './stateless-processors.js';

/**
 * `store.name` may be set after the table is built: an unnamed source table is materialized when a
 * join needs to look it up (as Kafka does), under the store name drawn for it.
 */
export function tableSourceProcessor<K, V>(store: { name: string | null }): ProcessorSupplier<K, V, K, Change<V>> {
  return () => {
    let ctx: ProcessorContext<K, Change<V>>;
    let kv: KeyValueStore<K, V> | null = null;
    return {
      init(c) {
        ctx = c;
        if (store.name !== null) kv = c.getStateStore<KeyValueStore<K, V>>(store.name);
      },
      process(record) {
        if (record.key === null || record.key === undefined) return;
        const oldValue = kv ? kv.get(record.key) : null;
        kv?.put(record.key, record.value ?? null);
        ctx.forward({ ...record, value: { newValue: record.value ?? null, oldValue } });
      },
    };
  };
}

export const tableFilterProcessor = <K, V>(predicate: (key: K, value: V) => boolean, negate: boolean) =>
  perRecord<K, Change<V>>((r, ctx) => {
    const pass = (v: V | null) => (v !== null && predicate(r.key, v) !== negate ? v : null);
    ctx.forward({ ...r, value: { newValue: pass(r.value.newValue), oldValue: pass(r.value.oldValue) } });
  });

export const tableMapValuesProcessor = <K, V, VR>(mapper: (value: V, key: K) => VR) =>
  perRecord<K, Change<V>>((r, ctx) => {
    const map = (v: V | null) => (v === null ? null : mapper(v, r.key));
    ctx.forward({ ...r, value: { newValue: map(r.value.newValue), oldValue: map(r.value.oldValue) } });
  });

export const toStreamProcessor = <K, V>() =>
  perRecord<K, Change<V>>((r, ctx) => ctx.forward({ ...r, value: r.value.newValue }));
