/**
 * Aggregation over SlidingWindows (Kafka's KStreamSlidingWindowAggregate, emitting every update).
 * For a record at t, with difference d: every existing window of its key containing t is updated;
 * its left window [t-d, t] is created from the aggregate of the records before it within d; its
 * right window [t+1, t+1+d] is created if a later record exists within d; the right window of the
 * previous record is created if missing. So each distinct set of records co-occurring within d
 * has exactly one window. Windows whose end is before streamTime - grace are closed; updates to
 * them are dropped and counted. Records earlier than d after the epoch go into [0, d] (Kafka's
 * processEarly), as negative window starts do not exist.
 */
import type { ProcessorContext, ProcessorSupplier, StreamRecord } from '../processor/processor.js';
import type { ValueAndTimestamp, WindowStore } from '../state/window-store.js';
import type { Change } from './change.js';
import type { SlidingWindows } from './windows/sliding-windows.js';
import { TimeWindow, Windowed } from './windows/windowed.js';

export interface SlidingAggregateOptions<K, V, VA> {
  storeName: string;
  windows: SlidingWindows;
  initializer: () => VA;
  aggregator: (key: K, value: V, aggregate: VA) => VA;
}

type Agg<VA> = ValueAndTimestamp<VA>;

export function slidingWindowAggregateProcessor<K, V, VA>(
  options: SlidingAggregateOptions<K, V, VA>,
): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  const { windows, initializer, aggregator } = options;
  const d = windows.timeDifferenceMs();
  return () => {
    let ctx: ProcessorContext<Windowed<K>, Change<VA>>;
    let store: WindowStore<K, Agg<VA>>;
    let observedStreamTime = -1;

    /** Adds the record to a window (existing or new) unless it has closed. */
    const updateWindowAndForward = (
      start: number,
      current: Agg<VA> | null,
      r: StreamRecord<K, V>,
      closeTime: number,
    ) => {
      const end = start + d;
      if (end < closeTime) {
        ctx.metrics().recordDroppedRecord();
        return;
      }
      const oldAgg = current === null ? null : current.value;
      const newAgg = aggregator(r.key, r.value, oldAgg ?? initializer());
      const newTimestamp = current === null ? r.timestamp : Math.max(r.timestamp, current.timestamp);
      store.put(r.key, { value: newAgg, timestamp: newTimestamp }, start);
      forward(r, start, oldAgg, newAgg, newTimestamp);
    };

    const forward = (r: StreamRecord<K, V>, start: number, oldAgg: VA | null, newAgg: VA, ts: number) =>
      ctx.forward({
        key: new Windowed(r.key, new TimeWindow(start, start + d)),
        value: { newValue: newAgg, oldValue: oldAgg },
        timestamp: ts,
        headers: r.headers,
      });

    /** The record's right window, holding the records after it within d (not the record itself). */
    const createRightWindow = (r: StreamRecord<K, V>, rightWinAgg: Agg<VA>) => {
      const start = r.timestamp + 1;
      store.put(r.key, rightWinAgg, start);
      forward(r, start, null, rightWinAgg.value, rightWinAgg.timestamp);
    };

    /** The previous record's right window, now that this record falls in it: initial value + this record. */
    const createPreviousRightWindow = (start: number, r: StreamRecord<K, V>, closeTime: number) =>
      updateWindowAndForward(start, { value: initializer(), timestamp: r.timestamp }, r, closeTime);

    const processEarly = (r: StreamRecord<K, V>, closeTime: number) => {
      let combined: { start: number; value: Agg<VA> } | null = null;
      let rightWinAgg: Agg<VA> | null = null;
      let rightWinAlreadyCreated = false;
      let previousRecordTimestamp: number | null = null;
      const starts = new Set<number>();
      for (const w of store.fetch(r.key, 0, r.timestamp + 1)) {
        starts.add(w.key);
        if (w.key === 0) {
          combined = { start: 0, value: w.value };
          if (w.value.timestamp < r.timestamp) previousRecordTimestamp = w.value.timestamp;
        } else if (w.key <= r.timestamp) {
          rightWinAgg = w.value;
          updateWindowAndForward(w.key, w.value, r, closeTime);
        } else if (w.key === r.timestamp + 1) {
          rightWinAlreadyCreated = true;
        }
      }
      if (rightWinAgg === null && combined !== null && combined.value.timestamp > r.timestamp)
        rightWinAgg = combined.value;
      if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > r.timestamp)
        createRightWindow(r, rightWinAgg);
      if (previousRecordTimestamp !== null && !starts.has(previousRecordTimestamp + 1)) {
        createPreviousRightWindow(previousRecordTimestamp + 1, r, closeTime);
      }
      if (combined === null) updateWindowAndForward(0, { value: initializer(), timestamp: r.timestamp }, r, closeTime);
      else updateWindowAndForward(0, combined.value, r, closeTime);
    };

    const processReverse = (r: StreamRecord<K, V>, closeTime: number) => {
      const t = r.timestamp;
      const starts = new Set<number>();
      let leftWinAgg: Agg<VA> | null = null;
      let rightWinAgg: Agg<VA> | null = null;
      let leftWinAlreadyCreated = false;
      let rightWinAlreadyCreated = false;
      let previousRecordTimestamp: number | null = null;
      for (const w of store.backwardFetch(r.key, Math.max(0, t - 2 * d), t + 1)) {
        const start = w.key;
        starts.add(start);
        const end = start + d;
        const windowMaxRecordTimestamp = w.value.timestamp;
        if (start === t + 1) {
          rightWinAlreadyCreated = true;
        } else if (end > t) {
          rightWinAgg ??= w.value;
          updateWindowAndForward(start, w.value, r, closeTime);
        } else if (end === t) {
          leftWinAlreadyCreated = true;
          updateWindowAndForward(start, w.value, r, closeTime);
          if (windowMaxRecordTimestamp < t) previousRecordTimestamp = windowMaxRecordTimestamp;
          else return;
        } else {
          leftWinAgg = w.value;
          previousRecordTimestamp = windowMaxRecordTimestamp;
          break;
        }
      }
      if (previousRecordTimestamp !== null) {
        const previousRightStart = previousRecordTimestamp + 1;
        if (!starts.has(previousRightStart) && previousRightStart + d >= t) {
          createPreviousRightWindow(previousRightStart, r, closeTime);
        }
      }
      if (!leftWinAlreadyCreated) {
        const leftNotEmpty =
          previousRecordTimestamp !== null && t - d <= previousRecordTimestamp && leftWinAgg !== null;
        const value = leftNotEmpty ? (leftWinAgg as Agg<VA>).value : initializer();
        updateWindowAndForward(t - d, { value, timestamp: t }, r, closeTime);
      }
      if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > t)
        createRightWindow(r, rightWinAgg);
    };

    return {
      init(c) {
        ctx = c;
        store = c.getStateStore<WindowStore<K, Agg<VA>>>(options.storeName);
      },
      process(record) {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        observedStreamTime = Math.max(observedStreamTime, record.timestamp);
        const closeTime = observedStreamTime - windows.gracePeriodMs();
        if (record.timestamp + d < closeTime) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        if (record.timestamp < d) processEarly(record, closeTime);
        else processReverse(record, closeTime);
      },
    };
  };
}
