/**
 * The in-memory session bytes store (Kafka's InMemorySessionStore): aggregates keyed by session
 * end, then key bytes, then session start. Its stream time is the largest session end put; a
 * session ending at or before streamTime - retentionPeriod is expired (dropped, refused on put).
 */
import type { StateStoreContext } from './state-store.js';
import type { SessionBytesStore, SessionEntry } from './window-store.js';

const id = (key: Buffer, start: number, end: number) => `${end}:${start}:${key.toString('latin1')}`;

export class InMemorySessionStore implements SessionBytesStore {
  readonly persistent = false;
  private readonly sessions = new Map<string, SessionEntry>();
  private observedStreamTime = -1;
  /** Sessions ending before this are already gone: a scan happens only when stream time moves. */
  private expiredBefore = 0;
  expiredRecordDrops = 0;

  constructor(
    readonly name: string,
    readonly retentionPeriod: number,
  ) {}

  /** Restoration goes through the changelogging layer, which knows the changelog's key format. */
  init(_context: StateStoreContext): void {}

  put(key: Buffer, start: number, end: number, aggregate: Buffer | null): void {
    if (aggregate === null) {
      this.sessions.delete(id(key, start, end));
      return;
    }
    this.observedStreamTime = Math.max(this.observedStreamTime, end);
    this.removeExpired();
    if (end <= this.observedStreamTime - this.retentionPeriod) {
      this.expiredRecordDrops++;
      return;
    }
    this.sessions.set(id(key, start, end), { key, start, end, value: aggregate });
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | null {
    if (end <= this.observedStreamTime - this.retentionPeriod) return null;
    return this.sessions.get(id(key, start, end))?.value ?? null;
  }

  findSessions(
    keyFrom: Buffer | null,
    keyTo: Buffer | null,
    earliestSessionEndTime: number,
    latestSessionStartTime: number,
  ): SessionEntry[] {
    this.removeExpired();
    const out: SessionEntry[] = [];
    for (const s of this.sessions.values()) {
      if (s.end < earliestSessionEndTime || s.start > latestSessionStartTime) continue;
      if (keyFrom !== null && Buffer.compare(s.key, keyFrom) < 0) continue;
      if (keyTo !== null && Buffer.compare(s.key, keyTo) > 0) continue;
      out.push(s);
    }
    return out.sort((a, b) => a.end - b.end || Buffer.compare(a.key, b.key) || a.start - b.start);
  }

  flush(): void {}

  close(): void {
    this.sessions.clear();
  }

  private removeExpired(): void {
    const minLive = Math.max(0, this.observedStreamTime - this.retentionPeriod + 1);
    if (minLive <= this.expiredBefore) return;
    this.expiredBefore = minLive;
    for (const [k, s] of this.sessions) if (s.end < minLive) this.sessions.delete(k);
  }
}
