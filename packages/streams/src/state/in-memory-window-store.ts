/**
 * The in-memory window bytes store (Kafka's InMemoryWindowStore): values keyed by window start,
 * then by key bytes. Its stream time is the largest window start put; a window whose start is at
 * or before streamTime - retentionPeriod is expired: dropped from the map, refused on put (counted
 * as Kafka's expired-window-record-drop), invisible to fetches.
 */
import type { StateStoreContext } from './state-store.js';
import type { WindowBytesStore, WindowEntry } from './window-store.js';

export class InMemoryWindowStore implements WindowBytesStore {
  readonly persistent = false;
  /** Window start → latin1(key) → entry. */
  private readonly windows = new Map<number, Map<string, WindowEntry>>();
  /** The keys of `windows`, ascending. */
  private readonly starts: number[] = [];
  private observedStreamTime = -1;
  /** Puts refused because their window had expired. */
  expiredRecordDrops = 0;

  constructor(
    readonly name: string,
    readonly retentionPeriod: number,
    readonly windowSize: number,
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
    if (value === null) {
      byKey?.delete(k);
      if (byKey?.size === 0) this.dropStart(windowStart);
      return;
    }
    if (!byKey) {
      byKey = new Map();
      this.windows.set(windowStart, byKey);
      this.starts.splice(this.lowerBound(windowStart), 0, windowStart);
    }
    byKey.set(k, { key, windowStart, value });
  }

  fetch(key: Buffer, windowStart: number): Buffer | null {
    if (windowStart <= this.observedStreamTime - this.retentionPeriod) return null;
    return this.windows.get(windowStart)?.get(key.toString('latin1'))?.value ?? null;
  }

  range(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): WindowEntry[] {
    const from = Math.max(timeFrom, this.observedStreamTime - this.retentionPeriod + 1);
    const out: WindowEntry[] = [];
    if (timeTo < from) return out;
    // One key (the aggregations' lookups): a direct get per window instead of a scan of its keys.
    const single = keyFrom !== null && keyTo !== null && keyFrom.equals(keyTo) ? keyFrom.toString('latin1') : null;
    for (let i = this.lowerBound(from); i < this.starts.length; i++) {
      const start = this.starts[i] as number;
      if (start > timeTo) break;
      const byKey = this.windows.get(start) as Map<string, WindowEntry>;
      if (single !== null) {
        const e = byKey.get(single);
        if (e) out.push(e);
        continue;
      }
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
  }

  private removeExpired(): void {
    const minLive = this.observedStreamTime - this.retentionPeriod + 1;
    while (this.starts.length > 0 && (this.starts[0] as number) < minLive) {
      this.windows.delete(this.starts.shift() as number);
    }
  }

  private dropStart(start: number): void {
    this.windows.delete(start);
    this.starts.splice(this.lowerBound(start), 1);
  }

  /** The index of the first start >= t. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
