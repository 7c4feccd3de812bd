/**
 * Window and session store interfaces (Kafka's WindowStore, SessionStore and their bytes-level
 * forms). A window store keeps one value per (key, window start); a session store one aggregate
 * per (key, session start, session end). Both drop what is older than their retention period,
 * measured from the largest window start (session end) they were given: their own stream time.
 */
import type { Windowed } from '../kstream/windows/windowed.js';
import type { KeyValue, StateStore } from './state-store.js';

/** Kafka's ValueAndTimestamp: what a timestamped store keeps, the value and its record timestamp. */
export interface ValueAndTimestamp<V> {
  value: V;
  timestamp: number;
}

/** One window in a bytes store. */
export interface WindowEntry {
  key: Buffer;
  windowStart: number;
  value: Buffer;
}

export interface WindowBytesStore extends StateStore {
  readonly retentionPeriod: number;
  /** A null value deletes the window. */
  put(key: Buffer, value: Buffer | null, windowStart: number): void;
  fetch(key: Buffer, windowStart: number): Buffer | null;
  /**
   * Live windows with keyFrom <= key <= keyTo (a null bound is open) and timeFrom <= start <= timeTo,
   * ordered by start, then key bytes.
   */
  range(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): WindowEntry[];
}

export interface ReadOnlyWindowStore<K, V> {
  /** The value of the window of `key` starting at `time`. */
  fetch(key: K, time: number): V | null;
  /** The windows of `key` starting in [timeFrom, timeTo], oldest first (KeyValue: start → value). */
  fetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  /** The windows of keys in [keyFrom, keyTo] (null: open) starting in [timeFrom, timeTo]. */
  fetch(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  /** As fetch(key, timeFrom, timeTo), newest first. */
  backwardFetch(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  all(): KeyValue<Windowed<K>, V>[];
}

export interface WindowStore<K, V> extends StateStore, ReadOnlyWindowStore<K, V> {
  put(key: K, value: V | null, windowStartTimestamp: number): void;
}

/** One session in a bytes store. */
export interface SessionEntry {
  key: Buffer;
  start: number;
  end: number;
  value: Buffer;
}

export interface SessionBytesStore extends StateStore {
  readonly retentionPeriod: number;
  /** A null aggregate removes the session. */
  put(key: Buffer, start: number, end: number, aggregate: Buffer | null): void;
  fetchSession(key: Buffer, start: number, end: number): Buffer | null;
  /**
   * Sessions of keys in [keyFrom, keyTo] (null: open) that end at or after `earliestSessionEndTime`
   * and start at or before `latestSessionStartTime`, ordered by end, key bytes, start.
   */
  findSessions(
    keyFrom: Buffer | null,
    keyTo: Buffer | null,
    earliestSessionEndTime: number,
    latestSessionStartTime: number,
  ): SessionEntry[];
}

export interface ReadOnlySessionStore<K, AGG> {
  /** Every live session of `key`. */
  fetch(key: K): KeyValue<Windowed<K>, AGG>[];
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null;
}

export interface SessionStore<K, AGG> extends StateStore, ReadOnlySessionStore<K, AGG> {
  put(sessionKey: Windowed<K>, aggregate: AGG | null): void;
  remove(sessionKey: Windowed<K>): void;
}
