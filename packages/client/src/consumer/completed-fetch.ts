/**
 * One partition's records from one Fetch response, decoded lazily record by record as the
 * application consumes them. Skips what the application must not see: records before the fetch
 * position (a compressed batch starts where it starts), control batches, and under read_committed
 * the batches of aborted transactions (the broker's abortedTransactions list, applied as Java's
 * CompletedFetch does: a producer id is aborted from its first offset until its ABORT marker).
 *
 * Owner: the Fetcher creates it, the Consumer drains it; it dies when drained or when its
 * partition is seeked (its epoch no longer matches).
 */
import {
  ControlRecordType,
  decodeControlRecordKey,
  iterateRecordCursors,
  type RecordCursor,
  type RecordHeader,
} from '@samsa/protocol';
import type { PartitionState } from './subscription-state.js';

/** Makes the application's record from one record's fields. */
export type RecordBuilder<R> = (
  state: PartitionState,
  offset: bigint,
  timestamp: number,
  key: Buffer | null,
  value: Buffer | null,
  headers: RecordHeader[],
) => R;

export interface AbortedTxn {
  producerId: bigint;
  firstOffset: bigint;
}

/** The offset after the last complete batch in `records`, or `fallback` when there is none. */
export function nextOffsetAfter(records: Buffer, fallback: bigint): bigint {
  let pos = 0;
  let next = fallback;
  while (pos + 17 <= records.length) {
    const size = records.readInt32BE(pos + 8);
    if (size < 0 || pos + 12 + size > records.length) break;
    const magic = records.readInt8(pos + 16);
    const last =
      magic === 2 ? records.readBigInt64BE(pos) + BigInt(records.readInt32BE(pos + 23)) : records.readBigInt64BE(pos);
    if (last + 1n > next) next = last + 1n;
    pos += 12 + size;
  }
  return next;
}

export class CompletedFetch {
  private readonly batches: Generator<RecordCursor>;
  private batch: RecordCursor | null = null;
  private readonly abortedProducers = new Set<bigint>();
  private readonly aborted: AbortedTxn[];
  private readonly readCommitted: boolean;
  done = false;

  constructor(
    readonly state: PartitionState,
    readonly epoch: number,
    readonly records: Buffer,
    /** Where the application's position goes once everything here is consumed. */
    readonly endOffset: bigint,
    readonly highWatermark: bigint,
    readCommitted: boolean,
    aborted: AbortedTxn[] | null,
    verifyCrc: boolean,
  ) {
    this.batches = iterateRecordCursors(records, { allowTruncatedTail: true, verifyCrc });
    this.aborted =
      readCommitted && aborted ? [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1)) : [];
    this.readCommitted = readCommitted;
  }

  get stale(): boolean {
    return this.epoch !== this.state.epoch;
  }

  /**
   * Appends up to `max` records at or after the partition's position to `out` (made by `build`
   * from the record's fields, with no object in between), advancing the position past each.
   * Returns how many were appended. Throws decode errors.
   */
  drain<R>(max: number, out: R[], build: RecordBuilder<R>): number {
    let n = 0;
    const state = this.state;
    // The offset of the last record handed out, stored in the position only when leaving (or
    // before the next batch reads it): one BigInt per record fewer.
    let last: bigint | null = null;
    try {
      while (n < max && !this.done) {
        const c = this.batch;
        if (c === null) {
          if (last !== null) state.position = last + 1n;
          last = null;
          if (!this.nextBatch()) break;
          continue;
        }
        if (!c.advance()) {
          this.batch = null;
          continue;
        }
        const offset = c.offset;
        if (last !== null ? offset <= last : state.position !== null && offset < state.position) continue;
        out.push(build(state, offset, c.timestamp, c.key, c.value, c.headers));
        last = offset;
        n++;
      }
    } finally {
      if (last !== null) state.position = last + 1n;
    }
    return n;
  }

  private nextBatch(): boolean {
    for (;;) {
      const step = this.batches.next();
      if (step.done) {
        this.finish();
        return false;
      }
      const cursor = step.value;
      const b = cursor.header;
      const last = b.baseOffset + BigInt(b.lastOffsetDelta);
      if (this.state.position !== null && last < this.state.position) continue;
      if (this.readCommitted && b.producerId >= 0n) {
        while (this.aborted.length > 0 && (this.aborted[0] as AbortedTxn).firstOffset <= last) {
          this.abortedProducers.add((this.aborted.shift() as AbortedTxn).producerId);
        }
        if (b.isControl) {
          const marker = cursor.next();
          const type = marker ? decodeControlRecordKey(marker.key).type : -1;
          if (type === ControlRecordType.Abort) this.abortedProducers.delete(b.producerId);
        } else if (b.isTransactional && this.abortedProducers.has(b.producerId)) {
          this.skip(last);
          continue;
        }
      }
      if (b.isControl) {
        this.skip(last);
        continue;
      }
      this.batch = cursor;
      return true;
    }
  }

  private skip(lastOffset: bigint): void {
    if (this.state.position === null || this.state.position <= lastOffset) this.state.position = lastOffset + 1n;
  }

  private finish(): void {
    this.done = true;
    this.batch = null;
    const s = this.state;
    if (s.position !== null && s.position < this.endOffset) s.position = this.endOffset;
  }
}
