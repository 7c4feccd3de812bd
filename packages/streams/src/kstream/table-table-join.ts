/**
 * KTable-KTable joins (Kafka's KTableKTableJoin, LeftJoin, OuterJoin and their "right" halves):
 * an update on either side looks the other side up by key and forwards the new join result for
 * that key as a table update, a null result being a delete. Inner: nothing when the other side is
 * missing; left: the left side always yields a result, the right side only where a left row
 * exists; outer: either side yields a result unless both are missing. Nodes are drawn as Kafka
 * draws them: KTABLE-MERGE- first, then KTABLE-JOINTHIS- and KTABLE-JOINOTHER- (for all three
 * kinds), each connected to the other table's store. Both tables must be materialized or derived
 * from materialized ones; an unnamed source table is materialized here, as in Kafka.
 * With no record cache, a delete of a row its table never had still reaches the join, as in
 * Kafka with the cache off: it yields a delete when the other side has a row (and, in a left or
 * outer join, the joiner's result for the other row), nothing when neither side has one — the
 * results of Kafka Streams 3.9 and 4.1 on the same input (test/e2e kafka-streams-joins).
 * Difference: results carry the updating record's timestamp (Kafka: the larger of both rows',
 * which needs timestamped table stores).
 */
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import type { Change } from './change.js';
import { Names } from './internal-builder.js';
import { KTable } from './ktable.js';
import { passThroughProcessor } from './stateless-processors.js';
import type { TableValueGetter } from './table-value-getter.js';

export type TableJoinKind = 'inner' | 'left' | 'outer';

function joinSide<K, VT, VO, VR>(args: {
  otherGetter: TableValueGetter<K, VO>;
  /** The result for this side's new value and the other side's current one, or undefined for none. */
  result: (thisValue: VT | null, otherValue: VO | null, key: K) => VR | null | undefined;
}): ProcessorSupplier<K, Change<VT>, K, Change<VR>> {
  return () => {
    let ctx: ProcessorContext<K, Change<VR>>;
    let getOther: (key: K) => VO | null;
    return {
      init(c) {
        ctx = c;
        getOther = args.otherGetter.init(c as ProcessorContext<unknown, unknown>);
      },
      process(record) {
        if (record.key === null || record.key === undefined) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        const change = record.value;
        // A delete of a row neither side has yields nothing (measured against Kafka Streams 3.9/4.1).
        if (change.newValue === null && change.oldValue === null && getOther(record.key) === null) return;
        const out = args.result(change.newValue, getOther(record.key), record.key);
        if (out === undefined) return;
        ctx.forward({ ...record, value: { newValue: out, oldValue: null } });
      },
    };
  };
}

export function buildTableTableJoin<K, V, VO, VR>(args: {
  left: KTable<K, V>;
  right: KTable<K, VO>;
  joiner: (value: V | null, otherValue: VO | null) => VR;
  kind: TableJoinKind;
  name?: string;
}): KTable<K, VR> {
  const { left, right, joiner, kind, name } = args;
  const l = left.tableShape;
  const { builder } = l;
  const mergeGen = builder.newProcessorName(Names.KTABLE_MERGE);
  const thisGen = builder.newProcessorName(Names.KTABLE_JOINTHIS);
  const otherGen = builder.newProcessorName(Names.KTABLE_JOINOTHER);
  const merge = name ?? mergeGen;
  const thisName = name ? `${name}-join-this` : thisGen;
  const otherName = name ? `${name}-join-other` : otherGen;
  const leftGetter = left.valueGetter();
  const rightGetter = right.valueGetter();
  const j = (lv: V | null, rv: VO | null) => joiner(lv, rv);

  const leftResult = (v: V | null, o: VO | null): VR | null | undefined => {
    if (kind === 'inner') return o === null ? undefined : v === null ? null : j(v, o);
    if (kind === 'left') return v === null ? null : j(v, o);
    return v === null && o === null ? null : j(v, o);
  };
  const rightResult = (v: VO | null, o: V | null): VR | null | undefined => {
    if (kind === 'inner') return o === null ? undefined : v === null ? null : j(o, v);
    if (kind === 'left') return o === null ? undefined : j(o, v);
    return v === null && o === null ? null : j(o, v);
  };

  const t = builder.topology;
  t.addProcessor(thisName, joinSide<K, V, VO, VR>({ otherGetter: rightGetter, result: leftResult }), l.name);
  t.addProcessor(
    otherName,
    joinSide<K, VO, V, VR>({ otherGetter: leftGetter, result: rightResult }),
    right.tableShape.name,
  );
  t.connectProcessorAndStateStores(thisName, ...rightGetter.stores());
  t.connectProcessorAndStateStores(otherName, ...leftGetter.stores());
  t.addProcessor(merge, passThroughProcessor<K, Change<VR>>(), thisName, otherName);

  // The joined table is looked up by joining the two lookups (Kafka's KTableKTableJoinValueGetter).
  const getter: TableValueGetter<K, VR> = {
    stores: () => [...leftGetter.stores(), ...rightGetter.stores()],
    init(ctx) {
      const gl = leftGetter.init(ctx);
      const gr = rightGetter.init(ctx);
      return (key) => {
        const out = leftResult(gl(key), gr(key));
        return out === undefined ? null : out;
      };
    },
  };
  return new KTable<K, VR>({ builder, name: merge, storeName: null, keySerde: l.keySerde, valueSerde: null, getter });
}
