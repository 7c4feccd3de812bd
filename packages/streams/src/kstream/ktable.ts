/**
 * KTable: a changelog stream, one current value per key. Its processors pass Change objects (new
 * and old value); `toStream` turns them back into plain records.
 */
import type { Serde } from '../serdes/serde.js';
import { type InternalStreamsBuilder, Names } from './internal-builder.js';
import { KStream } from './kstream.js';
import { tableFilterProcessor, tableMapValuesProcessor, toStreamProcessor } from './ktable-processors.js';
import type { Named } from './options.js';

export interface TableShape<K, V> {
  builder: InternalStreamsBuilder;
  name: string;
  /** The store holding the table, when it is materialized. */
  storeName: string | null;
  keySerde: Serde<K> | null;
  valueSerde: Serde<V> | null;
}

export class KTable<K, V> {
  constructor(private readonly shape: TableShape<K, V>) {}

  get nodeName(): string {
    return this.shape.name;
  }

  /** The name of the store backing this table (for getKeyValueStore and queries), if any. */
  get queryableStoreName(): string | null {
    return this.shape.storeName;
  }

  filter(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V> {
    return this.add(Names.KTABLE_FILTER, tableFilterProcessor(predicate, false), this.shape.valueSerde, named);
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KTable<K, V> {
    return this.add(Names.KTABLE_FILTER, tableFilterProcessor(predicate, true), this.shape.valueSerde, named);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KTable<K, VR> {
    return this.add<VR>(Names.KTABLE_MAPVALUES, tableMapValuesProcessor(mapper), null, named);
  }

  toStream(named?: Named): KStream<K, V> {
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
    named?: Named,
  ): KTable<K, VR> {
    const { builder } = this.shape;
    const name = named?.name ?? builder.newProcessorName(prefix);
    builder.topology.addProcessor(name, supplier, this.shape.name);
    return new KTable<K, VR>({ builder, name, storeName: null, keySerde: this.shape.keySerde, valueSerde });
  }
}
