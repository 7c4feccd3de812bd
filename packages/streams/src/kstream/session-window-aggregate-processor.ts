/**
 * Aggregation over SessionWindows (Kafka's KStreamSessionWindowAggregate, emitting every update).
 * A record at t joins every session of its key within the inactivity gap ([t - gap, t + gap]);
 * they merge into one session spanning them all, their aggregates combined with the merger. Each
 * session merged away is removed and forwarded as a tombstone (timestamp: its end); the new
 * session is forwarded with its aggregate (timestamp: its end). A session ending before
 * streamTime - grace - gap is closed: a record that would land only in it is dropped and counted.
 */
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import type { SessionStore } from '../state/window-store.js';
import type { Change } from './change.js';
import type { SessionWindows } from './windows/session-windows.js';
import { SessionWindow, Windowed } from './windows/windowed.js';

export interface SessionAggregateOptions<K, V, VA> {
  storeName: string;
  windows: SessionWindows;
  initializer: () => VA;
  aggregator: (key: K, value: V, aggregate: VA) => VA;
  merger: (key: K, aggOne: VA, aggTwo: VA) => VA;
}

export function sessionWindowAggregateProcessor<K, V, VA>(
  options: SessionAggregateOptions<K, V, VA>,
): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  const { windows, initializer, aggregator, merger } = options;
  const gap = windows.inactivityGap();
  return () => {
    let ctx: ProcessorContext<Windowed<K>, Change<VA>>;
    let store: SessionStore<K, VA>;
    let observedStreamTime = -1;
    return {
      init(c) {
        ctx = c;
        store = c.getStateStore<SessionStore<K, VA>>(options.storeName);
      },
      process(record) {
        if (record.key === null || record.key === undefined) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        const key = record.key;
        const timestamp = record.timestamp;
        observedStreamTime = Math.max(observedStreamTime, timestamp);
        const windowCloseTime = observedStreamTime - windows.gracePeriodMs() - gap;
        const merged = store.findSessions(key, timestamp - gap, timestamp + gap);
        let agg = initializer();
        let start = timestamp;
        let end = timestamp;
        for (const session of merged) {
          agg = merger(key, agg, session.value);
          start = Math.min(start, session.key.window().start());
          end = Math.max(end, session.key.window().end());
        }
        if (end < windowCloseTime) {
          ctx.metrics().recordDroppedRecord();
          return;
        }
        if (start !== timestamp || end !== timestamp) {
          for (const session of merged) {
            store.remove(session.key);
            ctx.forward({
              key: session.key,
              value: { newValue: null, oldValue: session.value },
              timestamp: session.key.window().end(),
              headers: record.headers,
            });
          }
        }
        agg = aggregator(key, record.value, agg);
        const sessionKey = new Windowed(key, new SessionWindow(start, end));
        store.put(sessionKey, agg);
        ctx.forward({
          key: sessionKey,
          value: { newValue: agg, oldValue: null },
          timestamp: end,
          headers: record.headers,
        });
      },
    };
  };
}
