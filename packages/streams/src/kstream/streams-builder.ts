/**
 * StreamsBuilder: where a DSL program starts. `stream` and `table` add sources; `build()` hands
 * over the Topology the program described.
 */
import type { Topology } from '../processor/topology.js';
import { Stores } from '../state/stores.js';
import { InternalStreamsBuilder, Names } from './internal-builder.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import { tableSourceProcessor } from './ktable-processors.js';
import type { Consumed, Materialized } from './options.js';

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
    if (m.storeName === undefined && !m.storeSupplier) this.internal.newStoreName(`${topic}-`);
    const storeName = m.storeSupplier?.name ?? m.storeName ?? null;
    const sourceName = this.internal.newProcessorName(Names.SOURCE);
    const tableName = this.internal.newProcessorName(Names.KTABLE_SOURCE);
    const keySerde = options.keySerde ?? m.keySerde ?? null;
    const valueSerde = options.valueSerde ?? m.valueSerde ?? null;
    this.internal.topology
      .addSource(sourceName, topic, { keySerde, valueSerde, timestampExtractor: options.timestampExtractor })
      .addProcessor(tableName, tableSourceProcessor<K, V>(storeName), sourceName);
    if (storeName !== null) {
      const supplier = m.storeSupplier ?? Stores.persistentKeyValueStore(storeName);
      const store = Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde);
      if (m.loggingEnabled === false) store.withLoggingDisabled();
      this.internal.topology.addStateStore(store, tableName);
    }
    return new KTable<K, V>({ builder: this.internal, name: tableName, storeName, keySerde, valueSerde });
  }

  build(): Topology {
    return this.internal.topology;
  }
}
