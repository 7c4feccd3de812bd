/**
 * Stream-table joins (Kafka's KStreamKTableJoin and KStreamGlobalKTableJoin): each stream record
 * looks the table up — by its own key, or for a global table by the key its selector returns —
 * and is joined with the table's current value; a table update emits nothing. Inner: no result
 * when the table has no row; left: `joiner(value, null)`. A stream record with a null value is
 * dropped (counted in dropped-records); one with a null key (or, for a global table, a null
 * selected key) too, except in a left join, which since Kafka 3.7 (KIP-962) emits it unjoined.
 * The result carries the stream record's timestamp. Nodes: KSTREAM-JOIN- / KSTREAM-LEFTJOIN-.
 */
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import type { KeyValueStore } from '../state/state-store.js';
import type { TableValueGetter } from './table-value-getter.js';

export function streamTableJoinProcessor<K, V, KT, VT, VR>(args: {
  getter: TableValueGetter<KT, VT> | { globalStore: string };
  keySelector: (key: K, value: V) => KT;
  joiner: (value: V, tableValue: VT | null, key: K) => VR;
  leftJoin: boolean;
}): ProcessorSupplier<K, V, K, VR> {
  return () => {
    let ctx: ProcessorContext<K, VR>;
    let lookup: (key: KT) => VT | null;
    return {
      init(c) {
        ctx = c;
        const g = args.getter;
        if ('globalStore' in g) {
          const store = c.getStateStore<KeyValueStore<KT, VT>>(g.globalStore);
          lookup = (k) => store.get(k);
        } else {
          lookup = g.init(c as ProcessorContext<unknown, unknown>);
        }
      },
      process(record) {
        if (record.value === null || record.value === undefined) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        const tableKey = args.keySelector(record.key, record.value);
        if (tableKey === null || tableKey === undefined) {
          if (args.leftJoin) ctx.forward({ ...record, value: args.joiner(record.value, null, record.key) });
          else ctx.metrics().recordDroppedRecord();
          return;
        }
        const tableValue = lookup(tableKey) ?? null;
        if (tableValue === null && !args.leftJoin) return;
        ctx.forward({ ...record, value: args.joiner(record.value, tableValue, record.key) });
      },
    };
  };
}
