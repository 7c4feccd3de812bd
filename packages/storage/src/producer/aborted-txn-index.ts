import { int64At, writeInt64At } from '@samsa/protocol';
import type { FileSystem } from '../fs/file-system.js';
import { fsyncDir } from '../fs-util.js';
import { offsetFromFileName, segmentPaths, TXN_INDEX_SUFFIX } from '../segment/segment-files.js';

/*
 * Kafka's TransactionIndex: the aborted transactions of a partition, in `<segment base>.txnindex`
 * files beside the segments (an entry goes to the file of the segment holding the abort marker).
 * Each entry is 34 bytes, big-endian:
 *
 *   int16 version = 0, int64 producerId, int64 firstOffset, int64 lastOffset (the marker),
 *   int64 lastStableOffset (the LSO once the marker was written)
 *
 * Read-committed fetches return the entries overlapping the fetched range, so consumers can drop
 * the aborted records. All entries are kept in memory too (aborts are rare), loaded at start-up.
 */

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
  lastStableOffset: number;
}

const ENTRY_SIZE = 34;

function encode(e: AbortedTxn): Buffer {
  const b = Buffer.alloc(ENTRY_SIZE);
  b.writeInt16BE(0, 0);
  writeInt64At(b, 2, e.producerId);
  writeInt64At(b, 10, e.firstOffset);
  writeInt64At(b, 18, e.lastOffset);
  writeInt64At(b, 26, e.lastStableOffset);
  return b;
}

export class AbortedTxnIndex {
  /** Ordered by lastOffset (the order markers are appended in). */
  private entries: AbortedTxn[] = [];

  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
  ) {}

  /** Reads every `.txnindex` file whose segment still exists; torn trailing bytes are ignored. */
  load(segmentBases: readonly number[], logStartOffset: number): void {
    const live = new Set(segmentBases);
    const loaded: AbortedTxn[] = [];
    for (const name of this.fs.readdirSync(this.dir)) {
      const base = offsetFromFileName(name);
      if (base === null || !name.endsWith(TXN_INDEX_SUFFIX) || !live.has(base)) continue;
      const buf = this.fs.readFileSync(segmentPaths(this.dir, base).txnIndex);
      for (let at = 0; at + ENTRY_SIZE <= buf.length; at += ENTRY_SIZE) {
        loaded.push({
          producerId: int64At(buf, at + 2),
          firstOffset: int64At(buf, at + 10),
          lastOffset: int64At(buf, at + 18),
          lastStableOffset: int64At(buf, at + 26),
        });
      }
    }
    this.entries = loaded.filter((e) => e.lastOffset >= logStartOffset).sort((a, b) => a.lastOffset - b.lastOffset);
  }

  /** Records an aborted transaction whose marker lies in the segment based at `segmentBase`. */
  append(segmentBase: number, e: AbortedTxn): void {
    this.fs.appendFileSync(segmentPaths(this.dir, segmentBase).txnIndex, encode(e));
    this.entries.push(e);
  }

  /** Kafka's collectAbortedTransactions: entries whose range overlaps [fetchOffset, upperBound). */
  collect(fetchOffset: number, upperBound: number): AbortedTxn[] {
    return this.entries.filter((e) => e.lastOffset >= fetchOffset && e.firstOffset < upperBound);
  }

  /** Drops entries whose marker is at or after `offset` (truncation), rewriting the affected files. */
  truncateTo(offset: number, segmentBases: readonly number[]): void {
    if (!this.entries.some((e) => e.lastOffset >= offset)) return;
    this.entries = this.entries.filter((e) => e.lastOffset < offset);
    this.rewrite(segmentBases);
  }

  /** Forgets entries wholly below the log start (their segments are gone). */
  dropBefore(logStartOffset: number): void {
    this.entries = this.entries.filter((e) => e.lastOffset >= logStartOffset);
  }

  get size(): number {
    return this.entries.length;
  }

  private rewrite(segmentBases: readonly number[]): void {
    const bases = [...segmentBases].sort((a, b) => a - b);
    const byBase = new Map<number, Buffer[]>();
    for (const e of this.entries) {
      const base = bases.filter((b) => b <= e.lastOffset).pop();
      if (base === undefined) continue;
      byBase.set(base, [...(byBase.get(base) ?? []), encode(e)]);
    }
    for (const base of bases) {
      const path = segmentPaths(this.dir, base).txnIndex;
      const content = byBase.get(base);
      if (content) this.fs.writeFileSync(path, Buffer.concat(content));
      else this.fs.rmSync(path, { force: true });
    }
    fsyncDir(this.fs, this.dir);
  }
}
