/**
 * GlobalKTable (Kafka's GlobalKTable): a table replicated whole on every instance, fed from every
 * partition of its topic by a consumer outside the group, so a stream can look it up by any key
 * without co-partitioning. Only stream-globalTable joins read it (with a key selector).
 */
import type { Serde } from '../serdes/serde.js';

export class GlobalKTable<K, V> {
  constructor(
    /** The global store holding the table (`<topic>-STATE-STORE-<n>` unless named). */
    readonly queryableStoreName: string,
    readonly keySerde: Serde<K> | null,
    readonly valueSerde: Serde<V> | null,
  ) {}
}
