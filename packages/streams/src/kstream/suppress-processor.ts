/**
 * The suppress processor (Kafka's KTableSuppressProcessor): every change is put in the buffer
 * under its buffer time (untilWindowCloses: the window's end; untilTimeLimit: the record's
 * timestamp); then everything whose buffer time is at or before streamTime - delay is emitted,
 * oldest first, with the timestamp and headers of the key's last update. Stream time is the
 * largest timestamp this processor has seen, so nothing is emitted until a later record arrives.
 * Over capacity, the buffer emits its oldest entries early (emitEarlyWhenFull) or fails the task
 * (shutDownWhenFull). Final results drop tombstones (a session merged away has no final result).
 */
import { StreamsError } from '../errors.js';
import type { ProcessorContext, ProcessorSupplier } from '../processor/processor.js';
import type { Eviction, TimeOrderedKeyValueBuffer } from '../state/time-ordered-buffer.js';
import type { Change } from './change.js';
import type { BufferConfig } from './suppressed.js';
import type { Windowed } from './windows/windowed.js';

export interface SuppressOptions<K> {
  storeName: string;
  nodeName: string;
  bufferConfig: BufferConfig;
  /** How long after its buffer time an entry is emitted (grace, gap + grace, or the time limit). */
  suppressDurationMs: number;
  bufferTime: (key: K, timestamp: number) => number;
  safeToDropTombstones: boolean;
}

export function suppressProcessor<K, V>(options: SuppressOptions<K>): ProcessorSupplier<K, Change<V>, K, Change<V>> {
  const { bufferConfig, suppressDurationMs, safeToDropTombstones } = options;
  return () => {
    let ctx: ProcessorContext<K, Change<V>>;
    let buffer: TimeOrderedKeyValueBuffer<K, V>;
    let observedStreamTime = -1;
    const overCapacity = () =>
      buffer.numRecords() > bufferConfig.maxRecords || buffer.bufferSize() > bufferConfig.maxBytes;
    const emit = (e: Eviction<K, V>) => {
      if (e.value.newValue === null && safeToDropTombstones) return;
      ctx.forward({ key: e.key, value: e.value, timestamp: e.context.timestamp, headers: e.context.headers });
    };
    return {
      init(c) {
        ctx = c;
        buffer = c.getStateStore<TimeOrderedKeyValueBuffer<K, V>>(options.storeName);
      },
      process(record) {
        observedStreamTime = Math.max(observedStreamTime, record.timestamp);
        const meta = ctx.recordMetadata();
        buffer.put(options.bufferTime(record.key, record.timestamp), record.key, record.value, {
          timestamp: record.timestamp,
          offset: meta?.offset ?? -1n,
          topic: meta?.topic ?? '',
          partition: meta?.partition ?? -1,
          headers: record.headers,
        });
        const expiryTime = observedStreamTime - suppressDurationMs;
        buffer.evictWhile(() => buffer.minTimestamp() <= expiryTime, emit);
        if (!overCapacity()) return;
        if (bufferConfig.bufferFullStrategy === 'EMIT') {
          buffer.evictWhile(overCapacity, emit);
          return;
        }
        throw new StreamsError(
          'PROCESSING',
          `${options.nodeName} buffer exceeded its max capacity. Currently [${buffer.numRecords()}/${bufferConfig.maxRecords}] records and [${buffer.bufferSize()}/${bufferConfig.maxBytes}] bytes.`,
        );
      },
    };
  };
}

/** untilWindowCloses: a windowed key is buffered until its window's end. */
export const windowEndTime = <K>(key: Windowed<K>): number => key.window().end();
