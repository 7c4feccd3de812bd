/**
 * Appends the coordinator's records to __consumer_offsets and replays them once appended. Offset
 * commits are batched: those made in one turn of the event loop go to their partition as one
 * record batch (one log write instead of one per commit), and each commit is answered when its
 * batch is appended — still the acks=all rule. Other writes (group metadata, tombstones) are
 * appended at once, after anything pending for the same partition, so the log keeps the order in
 * which the coordinator decided.
 *
 * Like Kafka's classic coordinator, a commit is validated when it arrives and appended a moment
 * later; nothing is replayed into memory before its append succeeded.
 */
import { ErrorCode } from '@samsa/protocol';
import type { CoordinatorLog } from './coordinator-log.js';
import { type CoordinatorRecord, encodeCoordinatorRecord, type RawRecord } from './coordinator-record.js';

/** A batch is flushed early when it grows past this, well under the default max.message.bytes. */
const MAX_BATCH_BYTES = 256 * 1024;

interface PendingBatch {
  records: CoordinatorRecord[];
  raw: RawRecord[];
  bytes: number;
  waiters: Array<(code: number) => void>;
}

export class RecordAppender {
  private readonly pending = new Map<number, PendingBatch>();
  private flushScheduled = false;

  constructor(
    private readonly log: CoordinatorLog,
    private readonly now: () => number,
    private readonly replay: (record: CoordinatorRecord, partition: number) => void,
  ) {}

  /** Appends now (after what is pending for the partition); returns the log's error code. */
  appendNow(partition: number, records: CoordinatorRecord[]): number {
    this.flush(partition);
    return this.appendRaw(partition, records, records.map(encodeCoordinatorRecord));
  }

  /** Appends with the other records of this turn; resolves with the log's error code. */
  appendBatched(partition: number, records: CoordinatorRecord[]): Promise<number> {
    const raw = records.map(encodeCoordinatorRecord);
    const bytes = raw.reduce((n, r) => n + r.key.length + (r.value?.length ?? 0) + 32, 0);
    if ((this.pending.get(partition)?.bytes ?? 0) + bytes > MAX_BATCH_BYTES) this.flush(partition);
    let batch = this.pending.get(partition);
    if (!batch) {
      batch = { records: [], raw: [], bytes: 0, waiters: [] };
      this.pending.set(partition, batch);
    }
    batch.records.push(...records);
    batch.raw.push(...raw);
    batch.bytes += bytes;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushAll());
    }
    const b = batch;
    return new Promise((resolve) => b.waiters.push(resolve));
  }

  flushAll(): void {
    this.flushScheduled = false;
    for (const partition of [...this.pending.keys()]) this.flush(partition);
  }

  private flush(partition: number): void {
    const batch = this.pending.get(partition);
    if (!batch) return;
    this.pending.delete(partition);
    const code = this.appendRaw(partition, batch.records, batch.raw);
    for (const w of batch.waiters) w(code);
  }

  private appendRaw(partition: number, records: CoordinatorRecord[], raw: RawRecord[]): number {
    if (records.length === 0) return ErrorCode.NONE;
    const code = this.log.append(partition, raw, this.now());
    if (code !== ErrorCode.NONE) return code;
    for (const r of records) this.replay(r, partition);
    return ErrorCode.NONE;
  }
}
