/**
 * The in-memory window bytes store (Kafka's InMemoryWindowStore): values keyed by window start,
 * then by key bytes. Its stream time is the largest window start put; a window whose start is at
 * or before streamTime - retentionPeriod is expired: dropped from the map, refused on put (counted
 * as Kafka's expired-window-record-drop), invisible to fetches. With `retainDuplicates` (the
 * stream-stream join stores), every put is kept beside earlier ones of the same key and start,
 * told apart by a sequence number as Kafka's store does, and a null put is ignored.
 */
import type { StateStoreContext } from './state-store.js';
import type { WindowBytesStore, WindowEntry } from './window-store.js';

export class InMemoryWindowStore implements WindowBytesStore {
  readonly persistent = false;
  /** Window start → latin1(key) → entry. */
  private readonly windows = new Map<number, Map<string, WindowEntry>>();
  /** The keys of `windows`, ascending. */
  private readonly starts: number[] = [];
  /** latin1(key) → the starts of its windows, ascending: one key's fetches skip other keys' windows. */
  private readonly keyStarts = new Map<string, number[]>();
  private observedStreamTime = -1;
  /** Puts refused because their window had expired. */
  expiredRecordDrops = 0;
  private seqnum = 0;

  constructor(
    readonly name: string,
    readonly retentionPeriod: number,
    readonly windowSize: number,
    readonly retainDuplicates = false,
  ) {}

  /** Restoration goes through the changelogging layer, which knows the changelog's key format. */
  init(_context: StateStoreContext): void {}

  put(key: Buffer, value: Buffer | null, windowStart: number): void {
    this.observedStreamTime = Math.max(this.observedStreamTime, windowStart);
    this.removeExpired();
    if (windowStart <= this.observedStreamTime - this.retentionPeriod) {
      this.expiredRecordDrops++;
      return;
    }
    let byKey = this.windows.get(windowStart);
    const k = key.toString('latin1');
    if (value === null && this.retainDuplicates) return;
    if (value === null) {
      if (byKey?.delete(k)) this.unindex(k, windowStart);
      if (byKey?.size === 0) this.dropStart(windowStart);
      return;
    }
    if (!byKey) {
      byKey = new Map();
      this.windows.set(windowStart, byKey);
      this.starts.splice(lowerBound(this.starts, windowStart), 0, windowStart);
    }
    const entryKey = this.retainDuplicates ? `${k}\u0000${this.seqnum++}` : k;
    if (!this.keyStarts.get(k)?.includes(windowStart)) {
      let own = this.keyStarts.get(k);
      if (!own) {
        own = [];
        this.keyStarts.set(k, own);
      }
      own.splice(lowerBound(own, windowStart), 0, windowStart);
    }
    byKey.set(entryKey, { key, windowStart, value });
  }

  fetch(key: Buffer, windowStart: number): Buffer | null {
    if (windowStart <= this.observedStreamTime - this.retentionPeriod) return null;
    if (this.retainDuplicates) return this.range(key, key, windowStart, windowStart)[0]?.value ?? null;
    return this.windows.get(windowStart)?.get(key.toString('latin1'))?.value ?? null;
  }

  range(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): WindowEntry[] {
    const from = Math.max(timeFrom, this.observedStreamTime - this.retentionPeriod + 1);
    const out: WindowEntry[] = [];
    if (timeTo < from) return out;
    if (keyFrom !== null && keyTo !== null && keyFrom.equals(keyTo)) {
      // One key (the aggregations' lookups): only that key's windows.
      const k = keyFrom.toString('latin1');
      const own = this.keyStarts.get(k) ?? [];
      for (let i = lowerBound(own, from); i < own.length && (own[i] as number) <= timeTo; i++) {
        const byKey = this.windows.get(own[i] as number);
        if (!this.retainDuplicates) {
          const e = byKey?.get(k);
          if (e) out.push(e);
        } else if (byKey) {
          // Duplicates of one key, in insertion order (the order they were put).
          for (const e of byKey.values()) if (e.key.equals(keyFrom)) out.push(e);
        }
      }
      return out;
    }
    for (let i = lowerBound(this.starts, from); i < this.starts.length; i++) {
      const start = this.starts[i] as number;
      if (start > timeTo) break;
      const byKey = this.windows.get(start) as Map<string, WindowEntry>;
      const entries = [...byKey.values()].filter(
        (e) =>
          (keyFrom === null || Buffer.compare(e.key, keyFrom) >= 0) &&
          (keyTo === null || Buffer.compare(e.key, keyTo) <= 0),
      );
      out.push(...entries.sort((a, b) => Buffer.compare(a.key, b.key)));
    }
    return out;
  }

  flush(): void {}

  close(): void {
    this.windows.clear();
    this.starts.length = 0;
    this.keyStarts.clear();
  }

  private removeExpired(): void {
    const minLive = this.observedStreamTime - this.retentionPeriod + 1;
    while (this.starts.length > 0 && (this.starts[0] as number) < minLive) {
      const start = this.starts.shift() as number;
      for (const e of (this.windows.get(start) as Map<string, WindowEntry>).values())
        this.unindex(e.key.toString('latin1'), start);
      this.windows.delete(start);
    }
  }

  private unindex(k: string, start: number): void {
    const own = this.keyStarts.get(k);
    if (!own) return;
    const i = lowerBound(own, start);
    if (own[i] === start) own.splice(i, 1);
    if (own.length === 0) this.keyStarts.delete(k);
  }

  private dropStart(start: number): void {
    this.windows.delete(start);
    this.starts.splice(lowerBound(this.starts, start), 1);
  }
}

/** The index of the first element >= t in an ascending array. */
function lowerBound(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
