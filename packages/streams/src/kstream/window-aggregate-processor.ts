/**
 * Aggregation over TimeWindows (Kafka's KStreamWindowAggregate, emitting every update): a record
 * at t updates each window containing t — one when tumbling, size/advance when hopping — unless
 * the window has closed: end <= streamTime - grace, where stream time is the largest timestamp
 * this processor has seen. A record only for closed windows is dropped and counted in
 * dropped-records. A window's value carries the largest timestamp of its records, which is the
 * timestamp of every update it forwards.
 */
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import type { ValueAndTimestamp, WindowStore } from '../state/window-store.js';
import type { Change } from './change.js';
import type { TimeWindows } from './windows/time-windows.js';
import { Windowed } from './windows/windowed.js';

export interface WindowAggregateOptions<K, V, VA> {
  storeName: string;
  windows: TimeWindows;
  initializer: () => VA;
  aggregator: (key: K, value: V, aggregate: VA) => VA;
}

export function windowAggregateProcessor<K, V, VA>(
  options: WindowAggregateOptions<K, V, VA>,
): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  const { windows, initializer, aggregator } = options;
  return () => {
    let ctx: ProcessorContext<Windowed<K>, Change<VA>>;
    let store: WindowStore<K, ValueAndTimestamp<VA>>;
    let observedStreamTime = -1;
    return {
      init(c) {
        ctx = c;
        store = c.getStateStore<WindowStore<K, ValueAndTimestamp<VA>>>(options.storeName);
      },
      process(record) {
        if (record.key === null || record.key === undefined) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        const timestamp = record.timestamp;
        observedStreamTime = Math.max(observedStreamTime, timestamp);
        const windowCloseTime = observedStreamTime - windows.gracePeriodMs();
        for (const [windowStart, window] of windows.windowsFor(timestamp)) {
          if (window.end() <= windowCloseTime) {
            // Kafka counts each window the record missed.
            ctx.metrics().recordDroppedRecord();
            continue;
          }
          const old = store.fetch(record.key, windowStart);
          const oldAgg = old === null ? initializer() : old.value;
          const newTimestamp = old === null ? timestamp : Math.max(timestamp, old.timestamp);
          const newAgg = aggregator(record.key, record.value, oldAgg);
          store.put(record.key, newAgg === null ? null : { value: newAgg, timestamp: newTimestamp }, windowStart);
          ctx.forward({
            key: new Windowed(record.key, window),
            value: { newValue: newAgg, oldValue: oldAgg },
            timestamp: newTimestamp,
            headers: record.headers,
          });
        }
      },
    };
  };
}
