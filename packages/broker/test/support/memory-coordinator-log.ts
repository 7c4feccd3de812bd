/** An in-memory __consumer_offsets for coordinator unit tests; appends can be made to fail. */
import { ErrorCode } from '@samsa/protocol';
import type { CoordinatorLog } from '../../src/coordinator/group/coordinator-log.js';
import type { RawRecord } from '../../src/coordinator/group/coordinator-record.js';

export class MemoryCoordinatorLog implements CoordinatorLog {
  readonly partitions = new Map<number, RawRecord[]>();
  /** The error code the next appends return instead of succeeding. */
  failWith: number = ErrorCode.NONE;
  led: (partition: number) => boolean = () => true;
  /** How many appends (record batches) were made. */
  appends = 0;

  append(partition: number, records: RawRecord[]): number {
    if (this.failWith !== ErrorCode.NONE) return this.failWith;
    this.appends++;
    let list = this.partitions.get(partition);
    if (!list) {
      list = [];
      this.partitions.set(partition, list);
    }
    list.push(...records.map((r) => ({ key: Buffer.from(r.key), value: r.value && Buffer.from(r.value) })));
    return ErrorCode.NONE;
  }

  *readFrom(partition: number): Iterable<RawRecord[]> {
    const list = this.partitions.get(partition) ?? [];
    for (let i = 0; i < list.length; i += 10) yield list.slice(i, i + 10);
  }

  isLeader(partition: number): boolean {
    return this.led(partition);
  }

  /** Replication is immediate unless a test holds it: then `release` settles the waiters. */
  held: Array<(code: number) => void> | null = null;
  whenReplicated(_partition: number, then: (code: number) => void): void {
    if (this.held) this.held.push(then);
    else then(ErrorCode.NONE);
  }

  get size(): number {
    let n = 0;
    for (const l of this.partitions.values()) n += l.length;
    return n;
  }
}
