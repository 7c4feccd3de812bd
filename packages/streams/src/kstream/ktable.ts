/**
 * KTable: a changelog stream, one current value per key. Its processors pass Change objects (new
 * and old value); `toStream` turns them back into plain records.
 */
import { topologyError } from '../errors.js';
import type { Serde } from '../serdes/serde.js';
import { suppressionBufferBuilder } from '../state/window-store-builders.js';
import { type InternalStreamsBuilder, Names } from './internal-builder.js';
import { KStream } from './kstream.js';
import { tableFilterProcessor, tableMapValuesProcessor, toStreamProcessor } from './ktable-processors.js';
import type { Named } from './options.js';
import { suppressProcessor, windowEndTime } from './suppress-processor.js';
import type { Suppressed } from './suppressed.js';
import { buildTableTableJoin, type TableJoinKind } from './table-table-join.js';
import { mappedGetter, storeGetter, type TableValueGetter } from './table-value-getter.js';
import type { Windowed } from './windows/windowed.js';

export interface TableShape<K, V> {
  builder: InternalStreamsBuilder;
  name: string;
  /** The store holding the table, when it is materialized. */
  storeName: string | null;
  keySerde: Serde<K> | null;
  valueSerde: Serde<V> | null;
  /**
   * For a windowed aggregation's table (and tables derived from it): how long after a window's
   * end it closes (grace; sessions: gap + grace), which suppress(untilWindowCloses) waits for.
   */
  windowCloseDelayMs?: number;
  /** How a join looks this table up; unset: from `storeName`, if materialized. */
  getter?: TableValueGetter<K, V>;
}

export class KTable<K, V> {
  constructor(private readonly shape: TableShape<K, V>) {}

  /** @internal The builder, node and serdes (for joins). */
  get tableShape(): TableShape<K, V> {
    return this.shape;
  }

  /** @internal How joins look this table up; a table with neither store nor getter cannot be joined. */
  valueGetter(): TableValueGetter<K, V> {
    if (this.shape.getter) return this.shape.getter;
    const storeName = this.shape.storeName;
    if (storeName === null) {
      throw topologyError(`KTable ${this.shape.name} is not materialized and cannot be looked up by a join`);
    }
    return storeGetter(() => storeName);
  }

  /** Kafka's KTable#join: an inner join of two tables on their keys; the result is a table. */
  join<VO, VR>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO) => VR, named?: Named): KTable<K, VR> {
    return this.tableJoin(other, joiner as never, 'inner', named);
  }

  /** Kafka's KTable#leftJoin: every row of this table, with the other's value or null. */
  leftJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V, otherValue: VO | null) => VR,
    named?: Named,
  ): KTable<K, VR> {
    return this.tableJoin(other, joiner as never, 'left', named);
  }

  /** Kafka's KTable#outerJoin: rows of either table, the missing side null. */
  outerJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V | null, otherValue: VO | null) => VR,
    named?: Named,
  ): KTable<K, VR> {
    return this.tableJoin(other, joiner, 'outer', named);
  }

  private tableJoin<VO, VR>(
    other: KTable<K, VO>,
    joiner: (value: V | null, otherValue: VO | null) => VR,
    kind: TableJoinKind,
    named?: Named,
  ): KTable<K, VR> {
    return buildTableTableJoin<K, V, VO, VR>({ left: this, right: other, joiner, kind, name: named?.name });
  }

  get nodeName(): string {
    return this.shape.name;
  }

  /** The name of the store backing this table (for getKeyValueStore and queries), if any. */
  get queryableStoreName(): string | null {
    return this.shape.storeName;
  }

  filter(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V> {
    const pass = (v: V, k: K) => (predicate(k, v) ? v : null);
    return this.add(Names.KTABLE_FILTER, tableFilterProcessor(predicate, false), this.shape.valueSerde, named, pass);
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V> {
    const pass = (v: V, k: K) => (predicate(k, v) ? null : v);
    return this.add(Names.KTABLE_FILTER, tableFilterProcessor(predicate, true), this.shape.valueSerde, named, pass);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KTable<K, VR> {
    return this.add<VR>(Names.KTABLE_MAPVALUES, tableMapValuesProcessor(mapper), null, named, mapper);
  }

  /** The table's changes as a stream (with a mapper: then re-keyed, Kafka's toStream(KeyValueMapper)). */
  toStream(named?: Named): KStream<K, V>;
  toStream<KR>(mapper: (key: K, value: V) => KR, named?: Named): KStream<KR, V>;
  toStream<KR>(a?: Named | ((key: K, value: V) => KR), b?: Named): KStream<K, V> | KStream<KR, V> {
    if (typeof a === 'function') return this.toStream(b).selectKey(a as (key: K, value: V) => KR);
    const named = a;
    const { builder } = this.shape;
    const name = named?.name ?? builder.newProcessorName(Names.KTABLE_TOSTREAM);
    builder.topology.addProcessor(name, toStreamProcessor<K, V>(), this.shape.name);
    return new KStream<K, V>({
      builder,
      name,
      keySerde: this.shape.keySerde,
      valueSerde: this.shape.valueSerde,
      repartitionRequired: false,
    });
  }

  private add<VR>(
    prefix: string,
    supplier: Parameters<InternalStreamsBuilder['topology']['addProcessor']>[1],
    valueSerde: Serde<VR> | null,
    named: Named | undefined,
    map: (value: V, key: K) => VR | null,
  ): KTable<K, VR> {
    const { builder } = this.shape;
    const name = named?.name ?? builder.newProcessorName(prefix);
    builder.topology.addProcessor(name, supplier, this.shape.name);
    const parent = this.shape.getter ?? (this.shape.storeName !== null ? this.valueGetter() : null);
    return new KTable<K, VR>({
      builder,
      name,
      storeName: null,
      keySerde: this.shape.keySerde,
      valueSerde,
      windowCloseDelayMs: this.shape.windowCloseDelayMs,
      getter: parent ? mappedGetter(parent, map) : undefined,
    });
  }

  /**
   * Holds updates back (Kafka's KTable#suppress): until a window closes (one final result per
   * window) or until a time limit passes, measured in stream time. Adds the processor
   * `KTABLE-SUPPRESS-<n>` and its buffer store `KTABLE-SUPPRESS-STATE-STORE-<n>` (`<name>-store`
   * when named), with a changelog unless the buffer config disables logging.
   */
  suppress(suppressed: Suppressed): KTable<K, V> {
    const { builder, keySerde, valueSerde, windowCloseDelayMs } = this.shape;
    const name = suppressed.name ?? builder.newProcessorName(Names.KTABLE_SUPPRESS);
    const finalResults = suppressed.kind === 'untilWindowCloses';
    if (finalResults && windowCloseDelayMs === undefined) {
      throw topologyError(
        `Window close time is only defined for windowed computations. Got [${this.shape.name}->${name}].`,
      );
    }
    const storeName =
      suppressed.name !== null ? `${suppressed.name}-store` : builder.newStoreName(Names.KTABLE_SUPPRESS);
    const store = suppressionBufferBuilder<K, V>(storeName, keySerde, valueSerde);
    if (suppressed.bufferConfig.loggingEnabled) store.withLoggingEnabled(suppressed.bufferConfig.logConfig);
    else store.withLoggingDisabled();
    const supplier = suppressProcessor<K, V>({
      storeName,
      nodeName: name,
      bufferConfig: suppressed.bufferConfig,
      suppressDurationMs: finalResults ? (windowCloseDelayMs as number) : suppressed.timeLimitMs,
      bufferTime: finalResults ? (key) => windowEndTime(key as Windowed<unknown>) : (_key, timestamp) => timestamp,
      safeToDropTombstones: finalResults,
    });
    builder.topology.addProcessor(name, supplier, this.shape.name).addStateStore(store, name);
    return new KTable<K, V>({ builder, name, storeName: null, keySerde, valueSerde, windowCloseDelayMs });
  }
}
