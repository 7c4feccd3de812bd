/**
 * Kafka's SessionWindowedKStream: a grouped stream with SessionWindows, aggregated into a
 * `KTable<Windowed<K>, V>` backed by a session store (in memory, with a windowed changelog).
 * Aggregations take a merger too: it combines the aggregates of sessions a record joins together.
 * The store's retention must cover gap + grace, Kafka's check and default.
 */
import { StreamsError } from '../errors.js';
import { type Serde, Serdes } from '../serdes/serde.js';
import { WindowedSerdes } from '../serdes/windowed-serdes.js';
import { Stores } from '../state/stores.js';
import { Names } from './internal-builder.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { sessionWindowAggregateProcessor } from './session-window-aggregate-processor.js';
import type { SessionWindows } from './windows/session-windows.js';
import type { Windowed } from './windows/windowed.js';

export interface SessionWindowedShape<K, V> {
  grouped: KGroupedStream<K, V>;
  windows: SessionWindows;
  keySerde: Serde<K> | null;
  valueSerde: Serde<V> | null;
}

export class SessionWindowedKStream<K, V> {
  constructor(private readonly shape: SessionWindowedShape<K, V>) {}

  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    return this.build<number>(
      Names.AGGREGATE,
      () => 0,
      (_k, _v, agg) => agg + 1,
      (_k, a, b) => a + b,
      { ...materialized, valueSerde: materialized.valueSerde ?? Serdes.Long() },
    );
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    const aggregator = (_k: K, value: V, agg: V) => (agg === null ? value : reducer(agg, value));
    return this.build<V>(
      Names.REDUCE,
      () => null as V,
      aggregator,
      (k, one, two) => aggregator(k, two, one),
      {
        ...materialized,
        valueSerde: materialized.valueSerde ?? this.shape.valueSerde ?? undefined,
      },
    );
  }

  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    merger: (key: K, aggOne: VA, aggTwo: VA) => VA,
    materialized: Materialized<K, VA> = {},
  ): KTable<Windowed<K>, VA> {
    return this.build<VA>(Names.AGGREGATE, initializer, aggregator, merger, materialized);
  }

  private build<VA>(
    prefix: string,
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    merger: (key: K, aggOne: VA, aggTwo: VA) => VA,
    materialized: Materialized<K, VA>,
  ): KTable<Windowed<K>, VA> {
    const { windows } = this.shape;
    const gap = windows.inactivityGap();
    const grace = windows.gracePeriodMs();
    const keySerde = materialized.keySerde ?? this.shape.keySerde;
    const valueSerde = materialized.valueSerde ?? null;
    const { name, storeName } = this.shape.grouped.aggregation<Windowed<K>, VA>({
      prefix,
      storeName: materialized.storeName,
      materialized,
      store: (storeName) => {
        const retention = materialized.retention ?? gap + grace;
        if (gap + grace > retention) {
          throw new StreamsError(
            'ILLEGAL_ARGUMENT',
            `The retention period of the session store ${storeName} must be no smaller than the session inactivity gap plus the grace period. Got gap=[${gap}], grace=[${grace}], retention=[${retention}]`,
          );
        }
        return Stores.sessionStoreBuilder(Stores.inMemorySessionStore(storeName, retention), keySerde, valueSerde);
      },
      supplier: (storeName) =>
        sessionWindowAggregateProcessor<K, V, VA>({ storeName, windows, initializer, aggregator, merger }),
    });
    return new KTable<Windowed<K>, VA>({
      builder: this.shape.grouped.builderShape.builder,
      name,
      storeName,
      keySerde: keySerde ? WindowedSerdes.sessionWindowedSerdeFrom(keySerde) : null,
      valueSerde,
      // Kafka's GraphGraceSearchUtil: a session closes gap + grace after its end.
      windowCloseDelayMs: grace + gap,
    });
  }
}
