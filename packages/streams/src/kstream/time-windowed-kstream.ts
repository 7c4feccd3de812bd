/**
 * Kafka's TimeWindowedKStream: a grouped stream with TimeWindows (tumbling, hopping) or
 * SlidingWindows, aggregated into a `KTable<Windowed<K>, V>` backed by a timestamped window store
 * (in memory, with a windowed changelog). Names follow Kafka (KSTREAM-AGGREGATE- for count and
 * aggregate, KSTREAM-REDUCE- for reduce). The store's retention must cover size + grace
 * (sliding: 2 × time difference + grace), Kafka's check and default.
 */
import { StreamsError } from '../errors.js';
import { type Serde, Serdes } from '../serdes/serde.js';
import { WindowedSerdes } from '../serdes/windowed-serdes.js';
import { Stores } from '../state/stores.js';
import { Names } from './internal-builder.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { slidingWindowAggregateProcessor } from './sliding-window-aggregate-processor.js';
import { windowAggregateProcessor } from './window-aggregate-processor.js';
import { SlidingWindows } from './windows/sliding-windows.js';
import type { TimeWindows } from './windows/time-windows.js';
import type { Windowed } from './windows/windowed.js';

export interface TimeWindowedShape<K, V> {
  grouped: KGroupedStream<K, V>;
  windows: TimeWindows | SlidingWindows;
  keySerde: Serde<K> | null;
  valueSerde: Serde<V> | null;
}

export class TimeWindowedKStream<K, V> {
  constructor(private readonly shape: TimeWindowedShape<K, V>) {}

  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    return this.build<number>(
      Names.AGGREGATE,
      () => 0,
      (_k, _v, agg) => agg + 1,
      {
        ...materialized,
        valueSerde: materialized.valueSerde ?? Serdes.Long(),
      },
    );
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    // Kafka's reduce: no initial value; the first record is the aggregate.
    return this.build<V>(
      Names.REDUCE,
      () => null as V,
      (_k, value, agg) => (agg === null ? value : reducer(agg, value)),
      { ...materialized, valueSerde: materialized.valueSerde ?? this.shape.valueSerde ?? undefined },
    );
  }

  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    materialized: Materialized<K, VA> = {},
  ): KTable<Windowed<K>, VA> {
    return this.build<VA>(Names.AGGREGATE, initializer, aggregator, materialized);
  }

  private build<VA>(
    prefix: string,
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    materialized: Materialized<K, VA>,
  ): KTable<Windowed<K>, VA> {
    const { windows } = this.shape;
    const sliding = windows instanceof SlidingWindows;
    const size = sliding ? windows.timeDifferenceMs() : windows.size();
    const grace = windows.gracePeriodMs();
    const keySerde = materialized.keySerde ?? this.shape.keySerde;
    const valueSerde = materialized.valueSerde ?? null;
    const { name, storeName } = this.shape.grouped.aggregation<Windowed<K>, VA>({
      prefix,
      storeName: materialized.storeName,
      materialized,
      store: (storeName) => {
        const retention = materialized.retention ?? (sliding ? 2 * size + grace : size + grace);
        checkRetention(storeName, windows, retention);
        return Stores.timestampedWindowStoreBuilder(
          Stores.inMemoryWindowStore(storeName, retention, size),
          keySerde,
          valueSerde,
        );
      },
      supplier: (storeName) =>
        (sliding
          ? slidingWindowAggregateProcessor<K, V, VA>({ storeName, windows, initializer, aggregator })
          : windowAggregateProcessor<K, V, VA>({ storeName, windows, initializer, aggregator })) as never,
    });
    return new KTable<Windowed<K>, VA>({
      builder: this.shape.grouped.builderShape.builder,
      name,
      storeName,
      keySerde: keySerde ? WindowedSerdes.timeWindowedSerdeFrom(keySerde, size) : null,
      valueSerde,
      windowCloseDelayMs: grace,
    });
  }
}

function checkRetention(storeName: string, windows: TimeWindows | SlidingWindows, retention: number): void {
  if (windows instanceof SlidingWindows) {
    if (windows.timeDifferenceMs() * 2 + windows.gracePeriodMs() > retention) {
      throw new StreamsError(
        'ILLEGAL_ARGUMENT',
        `The retention period of the window store ${storeName} must be no smaller than 2 * time difference plus the grace period. Got time difference=[${windows.timeDifferenceMs()}], grace=[${windows.gracePeriodMs()}], retention=[${retention}]`,
      );
    }
  } else if (windows.size() + windows.gracePeriodMs() > retention) {
    throw new StreamsError(
      'ILLEGAL_ARGUMENT',
      `The retention period of the window store ${storeName} must be no smaller than its window size plus the grace period. Got size=[${windows.size()}], grace=[${windows.gracePeriodMs()}], retention=[${retention}]`,
    );
  }
}
