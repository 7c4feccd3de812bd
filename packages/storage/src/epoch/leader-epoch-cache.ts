import type { EpochEntry, LeaderEpochCheckpointFile } from '../checkpoint/leader-epoch-checkpoint-file.js';

export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

/**
 * Kafka's LeaderEpochFileCache: the start offset of every leader epoch seen in this log, in
 * increasing epoch and offset order, so a follower (or a new leader) can find where its log diverges
 * (OffsetForLeaderEpoch, KIP-101/KIP-279). Owned by one PartitionLog; every change is written through
 * to leader-epoch-checkpoint. Changes are rare (once per leader change), so writing the whole file each
 * time is cheap.
 */
export class LeaderEpochCache {
  private entries: EpochEntry[];

  constructor(
    private readonly file: LeaderEpochCheckpointFile,
    entries?: EpochEntry[],
  ) {
    this.entries = entries ?? file.read();
  }

  epochEntries(): readonly EpochEntry[] {
    return this.entries;
  }

  get latestEpoch(): number {
    return this.entries.at(-1)?.epoch ?? UNDEFINED_EPOCH;
  }

  get earliestEntry(): EpochEntry | undefined {
    return this.entries[0];
  }

  /**
   * Records that `epoch` starts at `startOffset`. A no-op for the current epoch unless the offset is
   * lower; entries that would break monotonicity (a later-or-equal epoch, or a start at or after the
   * new one) are removed first, as Kafka does after an unclean truncation.
   */
  assign(epoch: number, startOffset: number): void {
    if (epoch < 0 || startOffset < 0) return;
    const latest = this.entries.at(-1);
    if (latest && latest.epoch === epoch && startOffset >= latest.startOffset) return;
    while (this.entries.length > 0) {
      const last = this.entries.at(-1) as EpochEntry;
      if (last.epoch < epoch && last.startOffset < startOffset) break;
      this.entries.pop();
    }
    this.entries.push({ epoch, startOffset });
    this.flush();
  }

  /**
   * OffsetForLeaderEpoch: the end offset of `requestedEpoch`, i.e. the start offset of the next
   * higher epoch, or the log end offset for the latest epoch. For an epoch below the earliest known
   * one, that epoch with the earliest start offset; for an unknown epoch between two known ones, the
   * largest known epoch below it. Unknown or future epochs give (-1, -1).
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    if (requestedEpoch === UNDEFINED_EPOCH || this.entries.length === 0) {
      return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    }
    if (requestedEpoch === this.latestEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
    const higher = this.entries.findIndex((e) => e.epoch > requestedEpoch);
    if (higher < 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const startOfHigher = (this.entries[higher] as EpochEntry).startOffset;
    if (higher === 0) return { epoch: requestedEpoch, endOffset: startOfHigher };
    return { epoch: (this.entries[higher - 1] as EpochEntry).epoch, endOffset: startOfHigher };
  }

  /** The epoch whose range holds `offset` (ListOffsets' leaderEpoch), or -1 before the first. */
  epochForOffset(offset: number): number {
    let epoch = UNDEFINED_EPOCH;
    for (const e of this.entries) {
      if (e.startOffset > offset) break;
      epoch = e.epoch;
    }
    return epoch;
  }

  /** After the log is truncated to `endOffset`: forget epochs starting at or after it. */
  truncateFromEnd(endOffset: number): void {
    const keep = this.entries.filter((e) => e.startOffset < endOffset);
    if (keep.length === this.entries.length) return;
    this.entries = keep;
    this.flush();
  }

  /**
   * After the log start moves to `startOffset`: drop epochs that ended before it and move the
   * start of the epoch containing it up to it.
   */
  truncateFromStart(startOffset: number): void {
    let lastBefore = -1;
    for (let i = 0; i < this.entries.length; i++) {
      if ((this.entries[i] as EpochEntry).startOffset <= startOffset) lastBefore = i;
    }
    if (lastBefore < 0) return;
    const first = this.entries[lastBefore] as EpochEntry;
    if (lastBefore === 0 && first.startOffset === startOffset) return;
    this.entries = [{ epoch: first.epoch, startOffset }, ...this.entries.slice(lastBefore + 1)];
    this.flush();
  }

  clear(): void {
    this.entries = [];
    this.flush();
  }

  private flush(): void {
    this.file.write(this.entries);
  }
}
