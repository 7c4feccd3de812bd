/**
 * The in-memory session bytes store (Kafka's InMemorySessionStore): aggregates by key, then by
 * session; an index by session end drives expiry. Its stream time is the largest session end put;
 * a session ending at or before streamTime - retentionPeriod is expired (dropped, refused on put).
 * Looking up one key's sessions (what the aggregation does per record) touches that key only.
 */
import type { StateStoreContext } from './state-store.js';
import type { SessionBytesStore, SessionEntry } from './window-store.js';

const sessionId = (start: number, end: number) => `${end}:${start}`;
const bySessionOrder = (a: SessionEntry, b: SessionEntry) =>
  a.end - b.end || Buffer.compare(a.key, b.key) || a.start - b.start;

export class InMemorySessionStore implements SessionBytesStore {
  readonly persistent = false;
  /** latin1(key) → sessionId → session. */
  private readonly byKey = new Map<string, Map<string, SessionEntry>>();
  /** Session end → the keys (latin1) having a session ending then; `ends` holds its keys ascending. */
  private readonly byEnd = new Map<number, Set<string>>();
  private readonly ends: number[] = [];
  private observedStreamTime = -1;
  expiredRecordDrops = 0;

  constructor(
    readonly name: string,
    readonly retentionPeriod: number,
  ) {}

  /** Restoration goes through the changelogging layer, which knows the changelog's key format. */
  init(_context: StateStoreContext): void {}

  put(key: Buffer, start: number, end: number, aggregate: Buffer | null): void {
    const k = key.toString('latin1');
    if (aggregate === null) {
      this.byKey.get(k)?.delete(sessionId(start, end));
      return;
    }
    this.observedStreamTime = Math.max(this.observedStreamTime, end);
    this.removeExpired();
    if (end <= this.observedStreamTime - this.retentionPeriod) {
      this.expiredRecordDrops++;
      return;
    }
    let sessions = this.byKey.get(k);
    if (!sessions) {
      sessions = new Map();
      this.byKey.set(k, sessions);
    }
    sessions.set(sessionId(start, end), { key, start, end, value: aggregate });
    let keys = this.byEnd.get(end);
    if (!keys) {
      keys = new Set();
      this.byEnd.set(end, keys);
      this.ends.splice(this.lowerBound(end), 0, end);
    }
    keys.add(k);
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | null {
    if (end <= this.observedStreamTime - this.retentionPeriod) return null;
    return this.byKey.get(key.toString('latin1'))?.get(sessionId(start, end))?.value ?? null;
  }

  findSessions(
    keyFrom: Buffer | null,
    keyTo: Buffer | null,
    earliestSessionEndTime: number,
    latestSessionStartTime: number,
  ): SessionEntry[] {
    this.removeExpired();
    const out: SessionEntry[] = [];
    const collect = (sessions: Map<string, SessionEntry>) => {
      for (const s of sessions.values()) {
        if (s.end >= earliestSessionEndTime && s.start <= latestSessionStartTime) out.push(s);
      }
    };
    if (keyFrom !== null && keyTo !== null && keyFrom.equals(keyTo)) {
      const sessions = this.byKey.get(keyFrom.toString('latin1'));
      if (sessions) collect(sessions);
    } else {
      for (const sessions of this.byKey.values()) {
        const first = sessions.values().next().value;
        if (!first) continue;
        if (keyFrom !== null && Buffer.compare(first.key, keyFrom) < 0) continue;
        if (keyTo !== null && Buffer.compare(first.key, keyTo) > 0) continue;
        collect(sessions);
      }
    }
    return out.sort(bySessionOrder);
  }

  flush(): void {}

  close(): void {
    this.byKey.clear();
    this.byEnd.clear();
    this.ends.length = 0;
  }

  /** Drops sessions ending before streamTime - retention + 1, oldest end first. */
  private removeExpired(): void {
    const minLive = Math.max(0, this.observedStreamTime - this.retentionPeriod + 1);
    while (this.ends.length > 0 && (this.ends[0] as number) < minLive) {
      const end = this.ends.shift() as number;
      for (const k of this.byEnd.get(end) ?? []) {
        const sessions = this.byKey.get(k);
        if (!sessions) continue;
        for (const [id, s] of sessions) if (s.end === end) sessions.delete(id);
        if (sessions.size === 0) this.byKey.delete(k);
      }
      this.byEnd.delete(end);
    }
  }

  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
