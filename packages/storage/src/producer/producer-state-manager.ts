import type { Logger } from '@samsa/common';
import { batchSizeAt, producerIdAt } from '@samsa/protocol';
import type { FileSystem } from '../fs/file-system.js';
import { type BatchProducerInfo, batchProducerInfo } from './batch-producer-info.js';
import { type AppendOrigin, applyBatch, type CompletedTxn } from './producer-append.js';
import { decodeSnapshot, deleteSnapshot, listSnapshots, snapshotPath, writeSnapshot } from './producer-snapshot.js';
import {
  type BatchMetadata,
  cloneEntry,
  emptyEntry,
  findDuplicate,
  type ProducerStateEntry,
} from './producer-state-entry.js';

/** What checking an append found: a retry of a batch already in the log, or the changes to commit. */
export type PreparedAppend =
  | { kind: 'duplicate'; batch: BatchMetadata }
  | { kind: 'append'; commit: () => CompletedTxn[] };

/** The common case on the produce path: no batch with a producer id, nothing to commit. */
const NOTHING_TO_COMMIT: PreparedAppend = { kind: 'append', commit: () => [] };

/**
 * Kafka's ProducerStateManager for one partition: every producer that wrote to it (id, epoch, last
 * five batches), the open transactions, and the `.snapshot` files that let a restart rebuild all
 * of this without rereading the whole log.
 *
 * Owned by its PartitionLog and driven only from its synchronous append, truncate and load paths:
 * `prepare` validates an append against a copy of the affected entries, and the copy replaces the
 * state only once the bytes are in the log (`commit`), so a failed write leaves nothing behind.
 */
export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerStateEntry>();
  /** Producer id → first offset of its open transaction; kept beside `producers` so the LSO is cheap. */
  private readonly openTxns = new Map<number, number>();
  /** Offset up to which the log has been applied (the log end after each append). */
  mapEndOffset = 0;

  constructor(
    private readonly fs: FileSystem,
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  get(producerId: number): ProducerStateEntry | undefined {
    return this.producers.get(producerId);
  }

  all(): IterableIterator<ProducerStateEntry> {
    return this.producers.values();
  }

  get size(): number {
    return this.producers.size;
  }

  /**
   * Validates the producer fields of an append whose offsets are already assigned in `records`.
   * Returns a duplicate (client retries only; nothing must be written) or a commit function to call
   * after the write. Throws StorageError with Kafka's code on a fenced epoch or sequence gap.
   */
  prepare(records: Buffer, origin: AppendOrigin): PreparedAppend {
    let updated: Map<number, ProducerStateEntry> | null = null;
    let completed: CompletedTxn[] = [];
    for (let pos = 0; pos < records.length; pos += batchSizeAt(records, pos)) {
      if (producerIdAt(records, pos) < 0) continue;
      const b = batchProducerInfo(records, pos);
      updated ??= new Map();
      const current = this.producers.get(b.producerId) ?? emptyEntry(b.producerId);
      let entry = updated.get(b.producerId);
      if (origin === 'client' && !b.isControl) {
        const dup = findDuplicate(entry ?? current, b.producerEpoch, b.firstSeq, b.lastSeq);
        if (dup) return { kind: 'duplicate', batch: dup };
      }
      if (!entry) {
        entry = cloneEntry(current);
        updated.set(b.producerId, entry);
      }
      const done = applyBatch(entry, current, b, origin);
      if (done) completed.push(done);
    }
    if (updated === null) return NOTHING_TO_COMMIT;
    const changes = updated;
    return {
      kind: 'append',
      commit: () => {
        for (const e of changes.values()) this.put(e);
        const result = completed;
        completed = [];
        return result;
      },
    };
  }

  private put(e: ProducerStateEntry): void {
    this.producers.set(e.producerId, e);
    if (e.currentTxnFirstOffset >= 0) this.openTxns.set(e.producerId, e.currentTxnFirstOffset);
    else this.openTxns.delete(e.producerId);
  }

  /** Replays one stored batch (loading, or a follower's append): no checks. */
  replay(b: BatchProducerInfo): CompletedTxn | null {
    const entry = this.producers.get(b.producerId) ?? emptyEntry(b.producerId);
    const done = applyBatch(entry, entry, b, 'replication');
    this.put(entry);
    return done;
  }

  /** First offset of the earliest open transaction, or null (the last stable offset's bound). */
  firstUnstableOffset(): number | null {
    if (this.openTxns.size === 0) return null;
    let min = Number.POSITIVE_INFINITY;
    for (const offset of this.openTxns.values()) if (offset < min) min = offset;
    return min;
  }

  /** producer.id.expiration.ms: forgets producers idle that long, except those inside a transaction. */
  removeExpired(now: number, expirationMs: number): number {
    let removed = 0;
    for (const [id, e] of this.producers) {
      if (e.currentTxnFirstOffset < 0 && now - e.lastTimestamp >= expirationMs) {
        this.producers.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Writes `<mapEndOffset>.snapshot`. */
  takeSnapshot(): void {
    writeSnapshot(this.fs, this.dir, this.mapEndOffset, this.producers.values());
  }

  /**
   * Loads the newest readable snapshot at or below `logEndOffset` (deleting those above it, which
   * describe a truncated log) and returns the offset from which the log must be replayed, or
   * `logStartOffset` when there is no usable snapshot.
   */
  loadSnapshot(logStartOffset: number, logEndOffset: number): number {
    this.producers.clear();
    this.openTxns.clear();
    const offsets = listSnapshots(this.fs, this.dir);
    for (const o of offsets) if (o > logEndOffset) deleteSnapshot(this.fs, this.dir, o);
    const usable = offsets.filter((o) => o <= logEndOffset && o >= logStartOffset).reverse();
    for (const offset of usable) {
      try {
        for (const e of decodeSnapshot(this.fs.readFileSync(snapshotPath(this.dir, offset)))) this.put(e);
        this.mapEndOffset = offset;
        return offset;
      } catch (err) {
        this.logger.warn({ path: snapshotPath(this.dir, offset), err }, 'ignoring an unreadable producer snapshot');
        this.producers.clear();
        this.openTxns.clear();
        deleteSnapshot(this.fs, this.dir, offset);
      }
    }
    this.mapEndOffset = logStartOffset;
    return logStartOffset;
  }

  /** The log was replaced wholesale (truncateFullyAndStartAt): no snapshot describes it. */
  deleteAllSnapshots(): void {
    for (const o of listSnapshots(this.fs, this.dir)) deleteSnapshot(this.fs, this.dir, o);
  }

  /** Keeps the newest snapshot and those at or above `offset`; older ones describe deleted segments. */
  deleteSnapshotsBefore(offset: number): void {
    const offsets = listSnapshots(this.fs, this.dir);
    for (const o of offsets.slice(0, -1)) if (o < offset) deleteSnapshot(this.fs, this.dir, o);
  }
}
