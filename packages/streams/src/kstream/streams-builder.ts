/**
 * StreamsBuilder: where a DSL program starts. `stream` and `table` add sources; `build()` hands
 * over the Topology the program described.
 */
import type { Topology } from '../processor/topology.js';
import { Stores } from '../state/stores.js';
import { GlobalKTable } from './global-ktable.js';
import { InternalStreamsBuilder, Names } from './internal-builder.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import { tableSourceProcessor } from './ktable-processors.js';
import type { Consumed, Materialized } from './options.js';
import { storeGetter } from './table-value-getter.js';

export class StreamsBuilder {
  private readonly internal = new InternalStreamsBuilder();

  stream<K = unknown, V = unknown>(
    topics: string | string[],
    consumed: Consumed<K, V> & { name?: string } = {},
  ): KStream<K, V> {
    const name = consumed.name ?? this.internal.newProcessorName(Names.SOURCE);
    const serdes = { keySerde: consumed.keySerde ?? null, valueSerde: consumed.valueSerde ?? null };
    this.internal.topology.addSource(name, topics, { ...serdes, timestampExtractor: consumed.timestampExtractor });
    return new KStream<K, V>({ builder: this.internal, name, ...serdes, repartitionRequired: false });
  }

  /**
   * A table over a topic. Named (`materialized.storeName`), it is kept in that store, with a
   * changelog; unnamed, it is not materialized, as in Kafka.
   */
  table<K = unknown, V = unknown>(
    topic: string,
    options: Consumed<K, V> & { materialized?: Materialized<K, V> } = {},
  ): KTable<K, V> {
    const m = options.materialized ?? {};
    // Kafka draws a store name for an unnamed table even though it does not materialize it, so
    // every later index matches Kafka's.
    const drawn = m.storeName === undefined && !m.storeSupplier ? this.internal.newStoreName(`${topic}-`) : null;
    const storeName = m.storeSupplier?.name ?? m.storeName ?? null;
    const sourceName = this.internal.newProcessorName(Names.SOURCE);
    const tableName = this.internal.newProcessorName(Names.KTABLE_SOURCE);
    const keySerde = options.keySerde ?? m.keySerde ?? null;
    const valueSerde = options.valueSerde ?? m.valueSerde ?? null;
    const holder = { name: storeName };
    const topology = this.internal.topology;
    topology
      .addSource(sourceName, topic, { keySerde, valueSerde, timestampExtractor: options.timestampExtractor })
      .addProcessor(tableName, tableSourceProcessor<K, V>(holder), sourceName);
    const materialize = (name: string) => {
      const supplier = m.storeSupplier ?? Stores.persistentKeyValueStore(name);
      const store = Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde);
      if (m.loggingEnabled === false) store.withLoggingDisabled();
      topology.addStateStore(store, tableName);
      holder.name = name;
    };
    if (storeName !== null) materialize(storeName);
    // A join that looks this table up materializes it under the name drawn above (Kafka's way).
    const storeFor = (): string => {
      if (holder.name === null) materialize(drawn as string);
      return holder.name as string;
    };
    return new KTable<K, V>({
      builder: this.internal,
      name: tableName,
      storeName,
      keySerde,
      valueSerde,
      getter: storeGetter<K, V>(storeFor),
    });
  }

  /**
   * A global table over every partition of a topic (Kafka's globalTable): each instance keeps all
   * of it in a global store (`<topic>-STATE-STORE-<n>` or `materialized.storeName`), loaded from
   * the topic before processing starts and kept up to date while it runs. Its sub-topology is
   * printed "for global store (will not generate tasks)".
   */
  globalTable<K = unknown, V = unknown>(
    topic: string,
    options: Consumed<K, V> & { materialized?: Materialized<K, V> } = {},
  ): GlobalKTable<K, V> {
    const m = options.materialized ?? {};
    const storeName = m.storeName ?? this.internal.newStoreName(`${topic}-`);
    const sourceName = this.internal.newProcessorName(Names.SOURCE);
    const tableName = this.internal.newProcessorName(Names.KTABLE_SOURCE);
    const keySerde = options.keySerde ?? m.keySerde ?? null;
    const valueSerde = options.valueSerde ?? m.valueSerde ?? null;
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName), keySerde, valueSerde);
    this.internal.topology.addGlobalStore(
      store,
      sourceName,
      topic,
      { keySerde, valueSerde },
      tableName,
      tableSourceProcessor<K, V>({ name: storeName }),
    );
    return new GlobalKTable<K, V>(storeName, keySerde, valueSerde);
  }

  build(): Topology {
    return this.internal.topology;
  }
}
