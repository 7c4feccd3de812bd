/**
 * KGroupedStream: a stream grouped by key, awaiting its aggregation. Building one (Kafka's
 * GroupedStreamAggregateBuilder) names the store first, then the aggregate processor, then — if the
 * key may have changed — the repartition topic `<name>-repartition` with a sink, a null-key filter
 * and a source, whose node names are generated unless the topic was named by the user.
 */
import type { ProcessorSupplier } from '../processor/processor.js';
import { type Serde, Serdes } from '../serdes/serde.js';
import type { StateStore } from '../state/state-store.js';
import { type StoreBuilder, Stores } from '../state/stores.js';
import { aggregateProcessor, reduceProcessor } from './aggregate-processor.js';
import type { Change } from './change.js';
import { type InternalStreamsBuilder, Names } from './internal-builder.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { SessionWindowedKStream } from './session-windowed-kstream.js';
import { dropNullKeysProcessor } from './stateless-processors.js';
import { TimeWindowedKStream } from './time-windowed-kstream.js';
import { SessionWindows } from './windows/session-windows.js';
import type { SlidingWindows } from './windows/sliding-windows.js';
import type { TimeWindows } from './windows/time-windows.js';

export interface GroupedShape<K, V> {
  builder: InternalStreamsBuilder;
  name: string;
  keySerde: Serde<K> | null;
  valueSerde: Serde<V> | null;
  repartitionRequired: boolean;
  repartitionName: string | null;
}

const GENERATED = /^KSTREAM.*-[0-9]{10}$/;

export class KGroupedStream<K, V> {
  constructor(private readonly shape: GroupedShape<K, V>) {}

  /** The builder this stream adds to (for the windowed streams built on it). */
  get builderShape(): { builder: InternalStreamsBuilder } {
    return { builder: this.shape.builder };
  }

  count(materialized: Materialized<K, number> = {}): KTable<K, number> {
    return this.build<number>(
      Names.AGGREGATE,
      (storeName) =>
        aggregateProcessor<K, V, number>({ storeName, initializer: () => 0, aggregator: (_k, _v, agg) => agg + 1 }),
      { ...materialized, valueSerde: materialized.valueSerde ?? Serdes.Long() },
    );
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<K, V> {
    return this.build<V>(Names.REDUCE, (storeName) => reduceProcessor<K, V>({ storeName, reducer }), {
      ...materialized,
      valueSerde: materialized.valueSerde ?? this.shape.valueSerde ?? undefined,
    });
  }

  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    materialized: Materialized<K, VA> = {},
  ): KTable<K, VA> {
    return this.build<VA>(
      Names.AGGREGATE,
      (storeName) => aggregateProcessor<K, V, VA>({ storeName, initializer, aggregator }),
      materialized,
    );
  }

  private build<VA>(
    prefix: string,
    supplier: (storeName: string) => ProcessorSupplier<K, V, K, Change<VA>>,
    materialized: Materialized<K, VA>,
  ): KTable<K, VA> {
    const keySerde = materialized.keySerde ?? this.shape.keySerde;
    const { name, storeName } = this.aggregation<K, VA>({
      prefix,
      storeName: materialized.storeSupplier?.name ?? materialized.storeName,
      store: (storeName) =>
        Stores.keyValueStoreBuilder(
          materialized.storeSupplier ?? Stores.persistentKeyValueStore(storeName),
          keySerde,
          materialized.valueSerde ?? null,
        ),
      supplier,
      materialized,
    });
    return new KTable<K, VA>({
      builder: this.shape.builder,
      name,
      storeName,
      keySerde,
      valueSerde: (materialized.valueSerde as Serde<VA>) ?? null,
    });
  }

  /**
   * Adds an aggregation (Kafka's GroupedStreamAggregateBuilder.build), shared with the windowed
   * streams: the store's name is drawn, then the processor's, then the repartition topic's nodes
   * if the key may have changed; the store is connected to the processor.
   */
  aggregation<KOut, VA>(args: {
    prefix: string;
    storeName: string | undefined;
    store: (storeName: string) => StoreBuilder<StateStore>;
    supplier: (storeName: string) => ProcessorSupplier<K, V, KOut, Change<VA>>;
    materialized: { loggingEnabled?: boolean; logConfig?: Record<string, string> };
  }): { name: string; storeName: string } {
    const { builder } = this.shape;
    const storeName = args.storeName ?? builder.newStoreName(args.prefix);
    const name = builder.newProcessorName(args.prefix);
    let parent = this.shape.name;
    if (this.shape.repartitionRequired) parent = this.repartition(this.shape.repartitionName ?? storeName);
    const store = args.store(storeName);
    if (args.materialized.loggingEnabled === false) store.withLoggingDisabled();
    else if (args.materialized.logConfig) store.withLoggingEnabled(args.materialized.logConfig);
    builder.topology.addProcessor(name, args.supplier(storeName), parent);
    builder.topology.addStateStore(store, name);
    return { name, storeName };
  }

  /** Kafka's windowedBy: windows for the aggregation that follows. */
  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SlidingWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(
    windows: TimeWindows | SlidingWindows | SessionWindows,
  ): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    const grouped = { grouped: this, keySerde: this.shape.keySerde, valueSerde: this.shape.valueSerde };
    if (windows instanceof SessionWindows) return new SessionWindowedKStream<K, V>({ ...grouped, windows });
    return new TimeWindowedKStream<K, V>({ ...grouped, windows });
  }

  /** Adds sink → topic → source; returns the source's name. */
  private repartition(prefix: string): string {
    const { builder } = this.shape;
    const topic = prefix.endsWith('-repartition') ? prefix : `${prefix}-repartition`;
    // Kafka always draws the three generated names, used or not, so later indexes do not shift.
    const genSink = builder.newProcessorName(Names.SINK);
    const genFilter = builder.newProcessorName(Names.FILTER);
    const genSource = builder.newProcessorName(Names.SOURCE);
    const generated = GENERATED.test(prefix);
    const sink = generated ? genSink : `${topic}-sink`;
    const filter = generated ? genFilter : `${topic}-filter`;
    const source = generated ? genSource : `${topic}-source`;
    const serdes = { keySerde: this.shape.keySerde, valueSerde: this.shape.valueSerde };
    builder.topology
      .addRepartitionTopic(topic)
      .addProcessor(filter, dropNullKeysProcessor<K, V>(), this.shape.name)
      .addSink(sink, topic, filter, serdes)
      .addSource(source, topic, serdes);
    return source;
  }
}
