import { join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { parseCheckpointInt, readCheckpoint, writeCheckpoint } from './checkpoint-file.js';

/** `leader-epoch-checkpoint` in the partition directory: one "epoch startOffset" line per epoch. */
export const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

export class LeaderEpochCheckpointFile {
  readonly path: string;

  constructor(
    private readonly fs: FileSystem,
    partitionDir: string,
  ) {
    this.path = join(partitionDir, LEADER_EPOCH_CHECKPOINT);
  }

  /**
   * Replaces the file without fsync: a new epoch is assigned on the append path (the first append
   * of every new partition), where two fsyncs per partition stalled the event loop for seconds
   * when thousands of partitions started at once. The log fsyncs this file with its segments
   * before its recovery point moves, so epochs below the recovery point are always on disk, and
   * recovery relearns those above it from the batches it scans.
   */
  write(entries: readonly EpochEntry[]): void {
    writeCheckpoint(
      this.fs,
      this.path,
      entries.map((e) => `${e.epoch} ${e.startOffset}`),
      false,
    );
  }

  read(): EpochEntry[] {
    return readCheckpoint(this.fs, this.path, 2).map(([epoch, offset]) => ({
      epoch: parseCheckpointInt(this.path, epoch as string),
      startOffset: parseCheckpointInt(this.path, offset as string),
    }));
  }
}
