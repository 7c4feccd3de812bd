/**
 * What the consumer reads and where it is in each partition (Java's SubscriptionState). Each
 * assigned partition has two offsets: `position`, the next record to hand to the application, and
 * `fetchOffset`, the next offset to ask the broker for (ahead of position while fetched data is
 * buffered). `epoch` changes on every seek, so a fetch answered after a seek is recognised as stale
 * and dropped.
 *
 * Owner: the Consumer; the Fetcher reads it and advances fetchOffset. Event-loop only.
 */
import { ClientError } from '../errors.js';

export type ResetStrategy = 'earliest' | 'latest' | 'none';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export class PartitionState {
  /** null: unknown, to be reset with `reset` (or the consumer's autoOffsetReset). */
  position: bigint | null = null;
  fetchOffset: bigint | null = null;
  paused = false;
  epoch = 0;
  /** Bytes of fetched data buffered for this partition, not yet consumed. */
  bufferedBytes = 0;
  highWatermark = -1n;
  lastStableOffset = -1n;
  logStartOffset = -1n;
  /** A pending reset (seekToBeginning/End or auto reset); null when position is known. */
  reset: ResetStrategy | null = null;
  /** A fatal error to surface to the application on its next read (e.g. offset out of range, reset none). */
  error: Error | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  seek(offset: bigint): void {
    this.position = offset;
    this.fetchOffset = offset;
    this.reset = null;
    this.error = null;
    this.epoch++;
  }

  get needsReset(): boolean {
    return this.position === null && this.error === null;
  }
}

export function tpKey(topic: string, partition: number): string {
  return `${topic}\0${partition}`;
}

export class SubscriptionState {
  private readonly partitions = new Map<string, PartitionState>();

  assign(tps: TopicPartition[]): { added: PartitionState[]; removed: PartitionState[] } {
    const next = new Map<string, PartitionState>();
    const added: PartitionState[] = [];
    for (const tp of tps) {
      const key = tpKey(tp.topic, tp.partition);
      const existing = this.partitions.get(key);
      if (existing) next.set(key, existing);
      else {
        const s = new PartitionState(tp.topic, tp.partition);
        next.set(key, s);
        added.push(s);
      }
    }
    const removed = [...this.partitions].filter(([k]) => !next.has(k)).map(([, s]) => s);
    for (const s of removed) s.epoch++;
    this.partitions.clear();
    for (const [k, s] of next) this.partitions.set(k, s);
    return { added, removed };
  }

  get(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(tpKey(topic, partition));
  }

  require(tp: TopicPartition): PartitionState {
    const s = this.get(tp.topic, tp.partition);
    if (!s) throw new ClientError('ILLEGAL_STATE', `${tp.topic}-${tp.partition} is not assigned to this consumer`);
    return s;
  }

  all(): PartitionState[] {
    return [...this.partitions.values()];
  }

  topics(): string[] {
    return [...new Set([...this.partitions.values()].map((s) => s.topic))];
  }

  get size(): number {
    return this.partitions.size;
  }
}
