/**
 * Incremental fetch sessions (KIP-227). A session remembers which partitions a fetcher follows and
 * what it was last told about each, so that an incremental fetch names only what changed and the
 * response carries only partitions with news. The cache is bounded by
 * max.incremental.fetch.session.cache.slots; when full, new clients simply get sessionless fetches.
 */
export interface SessionPartition {
  topic: string;
  topicId: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
  currentLeaderEpoch: number;
  lastFetchedEpoch: number;
  /** What the last response told the client, to decide whether this partition has news. */
  lastHighWatermark: number;
  lastLogStartOffset: number;
  lastLastStableOffset: number;
}

export class FetchSession {
  /** Ordered as the client listed them: responses keep the order. */
  readonly partitions = new Map<string, SessionPartition>();
  lastUsedMs: number;

  constructor(
    readonly id: number,
    public epoch: number,
    now: number,
  ) {
    this.lastUsedMs = now;
  }
}

export const INITIAL_EPOCH = 0;
export const FINAL_EPOCH = -1;

export class FetchSessionCache {
  private readonly sessions = new Map<number, FetchSession>();
  private nextId = 1 + Math.floor(Math.random() * 0x3fffffff);

  constructor(
    private readonly maxSessions: number,
    private readonly evictAfterMs = 120_000,
  ) {}

  get(id: number): FetchSession | undefined {
    return this.sessions.get(id);
  }

  remove(id: number): void {
    this.sessions.delete(id);
  }

  /** A new session, or null when the cache is full even after evicting idle sessions. */
  create(now: number): FetchSession | null {
    if (this.sessions.size >= this.maxSessions) this.evictIdle(now);
    if (this.sessions.size >= this.maxSessions) return null;
    let id = this.nextId++;
    if (this.nextId > 0x7fffffff) this.nextId = 1;
    while (this.sessions.has(id) || id === 0) id = this.nextId++;
    // The first incremental request after the creating full fetch carries epoch 1.
    const session = new FetchSession(id, 1, now);
    this.sessions.set(id, session);
    return session;
  }

  private evictIdle(now: number): void {
    for (const [id, s] of this.sessions) if (now - s.lastUsedMs > this.evictAfterMs) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}
