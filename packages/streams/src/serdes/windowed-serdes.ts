/**
 * Serdes of windowed keys (Kafka's WindowedSerdes), writing Kafka's layouts so Java consumers read
 * them: a time-windowed key is the inner key's bytes + the window start (int64 BE); the end is
 * not written, so the deserializer is told the window size (end = start + size). A session key
 * is the inner key's bytes + end + start (int64 BE each).
 */
import { SessionWindow, TimeWindow, Windowed } from '../kstream/windows/windowed.js';
import {
  fromSessionBinary,
  fromTimeWindowedBinary,
  toSessionBinary,
  toTimeWindowedBinary,
} from '../state/window-key-schema.js';
import type { Serde } from './serde.js';

function innerBytes<K>(inner: Serde<K>, topic: string, key: K): Buffer {
  const b = inner.serialize(topic, key);
  if (b === null) throw new TypeError('the inner key of a windowed key may not serialize to null');
  return b;
}

export const WindowedSerdes = {
  /** Kafka's TimeWindowedSerde with a window size (end = start + windowSize when reading). */
  timeWindowedSerdeFrom<K>(inner: Serde<K>, windowSize: number): Serde<Windowed<K>> {
    return {
      serialize: (topic, data) =>
        data === null || data === undefined
          ? null
          : toTimeWindowedBinary(innerBytes(inner, topic, data.key()), data.window().start()),
      deserialize: (topic, bytes) => {
        if (bytes === null) return null as unknown as Windowed<K>;
        const { key, windowStart } = fromTimeWindowedBinary(bytes);
        const end = windowStart + windowSize;
        return new Windowed(
          inner.deserialize(topic, key),
          new TimeWindow(windowStart, Number.isSafeInteger(end) ? end : Number.MAX_SAFE_INTEGER),
        );
      },
    };
  },

  /** Kafka's SessionWindowedSerde. */
  sessionWindowedSerdeFrom<K>(inner: Serde<K>): Serde<Windowed<K>> {
    return {
      serialize: (topic, data) => {
        if (data === null || data === undefined) return null;
        const w = data.window();
        return toSessionBinary(innerBytes(inner, topic, data.key()), w.start(), w.end());
      },
      deserialize: (topic, bytes) => {
        if (bytes === null) return null as unknown as Windowed<K>;
        const { key, start, end } = fromSessionBinary(bytes);
        return new Windowed(inner.deserialize(topic, key), new SessionWindow(start, end));
      },
    };
  },
};
