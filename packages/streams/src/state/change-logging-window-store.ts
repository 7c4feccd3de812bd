/**
 * The changelogging layers of window and session stores (Kafka's ChangeLoggingWindowBytesStore,
 * ChangeLoggingTimestampedWindowBytesStore, ChangeLoggingSessionBytesStore): every write goes to
 * the inner store and to `<application.id>-<store>-changelog` under Kafka's key layout, and the
 * changelog is replayed through the same layout at restoration.
 * A timestamped window store keeps timestamp + value; its changelog record carries the value alone
 * with the timestamp as the record's timestamp, as Kafka's does, and restoration joins them again.
 */
import type { StateStoreContext } from './state-store.js';
import {
  fromSessionBinary,
  fromStoreKeyBinary,
  splitTimestamp,
  toSessionBinary,
  toStoreKeyBinary,
  withTimestamp,
} from './window-key-schema.js';
import type { SessionBytesStore, SessionEntry, WindowBytesStore, WindowEntry } from './window-store.js';

/** Gives the inner store a context whose registrations are dropped: this layer restores. */
function innerContext(context: StateStoreContext): StateStoreContext {
  return { ...context, register: () => {} };
}

export class ChangeLoggingWindowStore implements WindowBytesStore {
  private context: StateStoreContext | null = null;
  /** A store keeping duplicates (a join's) numbers its changelog keys 1, 2, ... as Kafka's logging layer does. */
  private seqnum = 0;

  constructor(
    private readonly inner: WindowBytesStore,
    private readonly timestamped: boolean,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }
  get retentionPeriod(): number {
    return this.inner.retentionPeriod;
  }

  init(context: StateStoreContext): void {
    this.context = context;
    this.inner.init(innerContext(context));
    context.register(
      this.name,
      (key, value, timestamp) => {
        const { key: k, windowStart } = fromStoreKeyBinary(key);
        const v = value === null || !this.timestamped ? value : withTimestamp(value, timestamp);
        this.inner.put(Buffer.from(k), v, windowStart);
      },
      true,
    );
  }

  put(key: Buffer, value: Buffer | null, windowStart: number): void {
    this.inner.put(key, value, windowStart);
    const ctx = this.context;
    if (!ctx) return;
    let raw = value;
    let timestamp = ctx.timestamp();
    if (value !== null && this.timestamped) ({ value: raw, timestamp } = splitTimestamp(value));
    if ((this.inner as { retainDuplicates?: boolean }).retainDuplicates) this.seqnum = (this.seqnum + 1) & 0x7fffffff;
    ctx.logChange(this.name, toStoreKeyBinary(key, windowStart, this.seqnum), raw, timestamp);
  }

  fetch(key: Buffer, windowStart: number): Buffer | null {
    return this.inner.fetch(key, windowStart);
  }
  range(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): WindowEntry[] {
    return this.inner.range(keyFrom, keyTo, timeFrom, timeTo);
  }
  flush(): void {
    this.inner.flush();
  }
  close(): void {
    this.inner.close();
  }
}

export class ChangeLoggingSessionStore implements SessionBytesStore {
  private context: StateStoreContext | null = null;

  constructor(private readonly inner: SessionBytesStore) {}

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }
  get retentionPeriod(): number {
    return this.inner.retentionPeriod;
  }

  init(context: StateStoreContext): void {
    this.context = context;
    this.inner.init(innerContext(context));
    context.register(
      this.name,
      (key, value) => {
        const { key: k, start, end } = fromSessionBinary(key);
        this.inner.put(Buffer.from(k), start, end, value);
      },
      true,
    );
  }

  put(key: Buffer, start: number, end: number, aggregate: Buffer | null): void {
    this.inner.put(key, start, end, aggregate);
    const ctx = this.context;
    if (ctx) ctx.logChange(this.name, toSessionBinary(key, start, end), aggregate, ctx.timestamp());
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | null {
    return this.inner.fetchSession(key, start, end);
  }
  findSessions(keyFrom: Buffer | null, keyTo: Buffer | null, earliestEnd: number, latestStart: number): SessionEntry[] {
    return this.inner.findSessions(keyFrom, keyTo, earliestEnd, latestStart);
  }
  flush(): void {
    this.inner.flush();
  }
  close(): void {
    this.inner.close();
  }
}
