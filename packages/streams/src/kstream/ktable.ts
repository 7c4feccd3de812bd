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
    named?: Named,
  ): KTable<K, VR> {
    const { builder } = this.shape;
    const name = named?.name ?? builder.newProcessorName(prefix);
    builder.topology.addProcessor(name, supplier, this.shape.name);
    return new KTable<K, VR>({
      builder,
      name,
      storeName: null,
      keySerde: this.shape.keySerde,
      valueSerde,
      windowCloseDelayMs: this.shape.windowCloseDelayMs,
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
