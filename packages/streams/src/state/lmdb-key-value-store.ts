/**
 * The persistent bytes store (the role of Kafka's RocksDBStore), on LMDB through the `lmdb` package
 * (prebuilt native binaries shipped as npm packages, synchronous reads). Files live in
 * `<task dir>/lmdb/<store name>/` (Kafka: `<task dir>/rocksdb/<store name>/`); without a task
 * folder (the TopologyTestDriver) in a temporary folder removed on close.
 *
 * Writes go to a write buffer (the role of RocksDB's memtable) and reach LMDB in one write
 * transaction per flush — the task flushes before every commit and checkpoint — or when the buffer
 * holds 10,000 keys; reads look in the buffer first. LMDB is opened with noSync, as Kafka Streams
 * runs RocksDB without its write-ahead log: the changelog topic is what makes state durable, and
 * LMDB's memory-mapped pages survive a crash of the process (not of the machine: after one, a
 * checkpoint may be ahead of the files; delete the state directory to restore in full).
 * Keys are compared as unsigned bytes, so range/all come out in Kafka's byte order.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, open } from 'lmdb';
import type { KeyValue, KeyValueStore, StateStoreContext } from './state-store.js';

const MAX_BUFFERED = 10_000;

export class LmdbKeyValueStore implements KeyValueStore<Buffer, Buffer> {
  readonly persistent = true;
  private db: Database<Buffer, Buffer> | null = null;
  private tempDir: string | null = null;
  /** Writes not yet in LMDB, keyed by the key's bytes (latin1); null is a delete. */
  private readonly buffer = new Map<string, { key: Buffer; value: Buffer | null }>();

  constructor(readonly name: string) {}

  init(context: StateStoreContext): void {
    let base = context.stateDir;
    if (base === null) {
      this.tempDir = mkdtempSync(join(tmpdir(), 'samsa-streams-store-'));
      trackTempDir(this.tempDir);
      base = this.tempDir;
    }
    const path = join(base, 'lmdb', this.name);
    mkdirSync(path, { recursive: true });
    this.db = open<Buffer, Buffer>({ path, keyEncoding: 'binary', encoding: 'binary', noSync: true });
    context.register(this.name, (key, value) => this.put(key, value), false);
  }

  private open(): Database<Buffer, Buffer> {
    if (!this.db) throw new Error(`store ${this.name} is not open`);
    return this.db;
  }

  get(key: Buffer): Buffer | null {
    const buffered = this.buffer.get(key.toString('latin1'));
    if (buffered) return buffered.value;
    const v = this.open().getBinary(key);
    return v === undefined || v === null ? null : Buffer.from(v);
  }

  put(key: Buffer, value: Buffer | null): void {
    this.buffer.set(key.toString('latin1'), { key, value });
    if (this.buffer.size >= MAX_BUFFERED) this.flush();
  }

  putIfAbsent(key: Buffer, value: Buffer): Buffer | null {
    const old = this.get(key);
    if (old === null) this.put(key, value);
    return old;
  }

  delete(key: Buffer): Buffer | null {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  range(from: Buffer, to: Buffer): KeyValue<Buffer, Buffer>[] {
    if (Buffer.compare(from, to) > 0) return [];
    return this.merged(from, to);
  }

  all(): KeyValue<Buffer, Buffer>[] {
    return this.merged(null, null);
  }

  /** LMDB's entries in [from, to] overlaid with the write buffer, in byte order. */
  private merged(from: Buffer | null, to: Buffer | null): KeyValue<Buffer, Buffer>[] {
    const out = new Map<string, KeyValue<Buffer, Buffer>>();
    const options = from === null ? {} : { start: from };
    for (const { key, value } of this.open().getRange(options)) {
      const k = Buffer.from(key);
      if (to !== null && Buffer.compare(k, to) > 0) break;
      out.set(k.toString('latin1'), { key: k, value: Buffer.from(value) });
    }
    for (const [k, e] of this.buffer) {
      if (from !== null && (Buffer.compare(e.key, from) < 0 || Buffer.compare(e.key, to as Buffer) > 0)) continue;
      if (e.value === null) out.delete(k);
      else out.set(k, { key: e.key, value: e.value });
    }
    return [...out.values()].sort((a, b) => Buffer.compare(a.key, b.key));
  }

  approximateNumEntries(): number {
    const db = this.open();
    let n = db.getCount();
    for (const e of this.buffer.values()) {
      const inDb = db.doesExist(e.key);
      if (e.value === null && inDb) n--;
      else if (e.value !== null && !inDb) n++;
    }
    return n;
  }

  /** Writes the buffer to LMDB in one transaction. */
  flush(): void {
    if (this.buffer.size === 0 || !this.db) return;
    const db = this.db;
    db.transactionSync(() => {
      for (const e of this.buffer.values()) {
        if (e.value === null) db.removeSync(e.key);
        else db.putSync(e.key, e.value);
      }
    });
    this.buffer.clear();
  }

  close(): void {
    if (!this.db) return;
    this.flush();
    const db = this.db;
    this.db = null;
    // close() settles asynchronously; on Linux and macOS the files may go before it does.
    void Promise.resolve(db.close()).catch(() => {});
    if (this.tempDir) {
      rmSync(this.tempDir, { recursive: true, force: true });
      tempDirs.delete(this.tempDir);
      this.tempDir = null;
    }
  }
}

/** Temporary folders of stores never closed (a test driver left open): removed when the process exits. */
const tempDirs = new Set<string>();
function trackTempDir(dir: string): void {
  if (tempDirs.size === 0) {
    process.once('exit', () => {
      for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  tempDirs.add(dir);
}
