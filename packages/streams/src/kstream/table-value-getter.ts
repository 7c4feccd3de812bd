/**
 * Looking a KTable up by key (Kafka's KTableValueGetter): what stream-table and table-table joins
 * need of a table. A materialized table answers from its store; a filter or mapValues over one
 * answers by applying itself to its parent's answer, so it needs no store of its own, as in Kafka.
 * `stores()` names the stores the looking-up processor must be connected to (materializing an
 * unnamed source table on first use).
 */
import type { ProcessorContext } from '../processor/processor.js';
import type { KeyValueStore } from '../state/state-store.js';

export interface TableValueGetter<K, V> {
  stores(): string[];
  init(ctx: ProcessorContext<unknown, unknown>): (key: K) => V | null;
}

export function storeGetter<K, V>(storeName: () => string): TableValueGetter<K, V> {
  return {
    stores: () => [storeName()],
    init(ctx) {
      const store = ctx.getStateStore<KeyValueStore<K, V>>(storeName());
      return (key) => store.get(key);
    },
  };
}

export function mappedGetter<K, V, VR>(
  parent: TableValueGetter<K, V>,
  map: (value: V, key: K) => VR | null,
): TableValueGetter<K, VR> {
  return {
    stores: () => parent.stores(),
    init(ctx) {
      const get = parent.init(ctx);
      return (key) => {
        const v = get(key);
        return v === null || v === undefined ? null : map(v, key);
      };
    },
  };
}
