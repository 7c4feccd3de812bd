/**
 * KGroupedStream's aggregation (Kafka's KStreamAggregate / KStreamReduce): for each record, read
 * the key's aggregate from the store, fold the value in, write it back, and forward the change.
 * Records with a null key or value are skipped and counted in dropped-records-total, as Kafka does.
 */
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import type { KeyValueStore } from '../state/state-store.js';
import type { Change } from './change.js';

export function aggregateProcessor<K, V, VA>(options: {
  storeName: string;
  initializer: () => VA;
  aggregator: (key: K, value: V, aggregate: VA) => VA;
}): ProcessorSupplier<K, V, K, Change<VA>> {
  return () => {
    let ctx: ProcessorContext<K, Change<VA>>;
    let store: KeyValueStore<K, VA>;
    return {
      init(c) {
        ctx = c;
        store = c.getStateStore<KeyValueStore<K, VA>>(options.storeName);
      },
      process(record) {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        const oldAgg = store.get(record.key);
        const newAgg = options.aggregator(record.key, record.value, oldAgg ?? options.initializer());
        store.put(record.key, newAgg);
        ctx.forward({ ...record, value: { newValue: newAgg, oldValue: oldAgg } });
      },
    };
  };
}

export function reduceProcessor<K, V>(options: {
  storeName: string;
  reducer: (aggregate: V, value: V) => V;
}): ProcessorSupplier<K, V, K, Change<V>> {
  return () => {
    let ctx: ProcessorContext<K, Change<V>>;
    let store: KeyValueStore<K, V>;
    return {
      init(c) {
        ctx = c;
        store = c.getStateStore<KeyValueStore<K, V>>(options.storeName);
      },
      process(record) {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        const oldAgg = store.get(record.key);
        const newAgg = oldAgg === null ? record.value : options.reducer(oldAgg, record.value);
        store.put(record.key, newAgg);
        ctx.forward({ ...record, value: { newValue: newAgg, oldValue: oldAgg } });
      },
    };
  };
}
