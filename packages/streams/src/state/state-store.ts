/**
 * The state store interfaces (Kafka's StateStore, KeyValueStore). A store is owned by one task and
 * touched only from that task's processing, so it needs no locking.
 */
import type { RecordHeader } from '@samsa/protocol';

/** What a store sees of its task when it is initialised. */
export interface StateStoreContext {
  readonly applicationId: string;
  readonly partition: number;
  /** The task's folder under state.dir, where persistent stores keep their files. */
  readonly stateDir: string | null;
  /** Sends a changelog record (key and value as bytes; a null value is a delete). */
  logChange(storeName: string, key: Buffer, value: Buffer | null, timestamp: number, headers?: RecordHeader[]): void;
  /** The timestamp of the record being processed, for changelog records. */
  timestamp(): number;
  /** Wall-clock time (the test driver's mocked clock): the suppression buffer's changelog timestamps. */
  currentSystemTimeMs(): number;
  /**
   * Registers a callback that replays changelog records into the store at restoration (with the
   * record's timestamp: timestamped stores keep it beside the value).
   */
  register(
    storeName: string,
    restore: (key: Buffer, value: Buffer | null, timestamp: number) => void,
    logged: boolean,
  ): void;
}

export interface StateStore {
  readonly name: string;
  init(context: StateStoreContext): void;
  flush(): void;
  close(): void;
  readonly persistent: boolean;
}

export interface KeyValue<K, V> {
  key: K;
  value: V;
}

export interface ReadOnlyKeyValueStore<K, V> {
  get(key: K): V | null;
  /** Entries with from <= key <= to, in the store's key order (bytes order, as Kafka's stores). */
  range(from: K, to: K): KeyValue<K, V>[];
  all(): KeyValue<K, V>[];
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends StateStore, ReadOnlyKeyValueStore<K, V> {
  put(key: K, value: V | null): void;
  putIfAbsent(key: K, value: V): V | null;
  delete(key: K): V | null;
}
