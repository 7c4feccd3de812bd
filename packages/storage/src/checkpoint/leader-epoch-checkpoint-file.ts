import { join } from 'node:path';
import { parseCheckpointInt, readCheckpoint, writeCheckpoint } from './checkpoint-file.js';

/** `leader-epoch-checkpoint` in the partition directory: one "epoch startOffset" line per epoch. */
export const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

export class LeaderEpochCheckpointFile {
  readonly path: string;

  constructor(partitionDir: string) {
    this.path = join(partitionDir, LEADER_EPOCH_CHECKPOINT);
  }

  write(entries: readonly EpochEntry[]): void {
    writeCheckpoint(
      this.path,
      entries.map((e) => `${e.epoch} ${e.startOffset}`),
    );
  }

  read(): EpochEntry[] {
    return readCheckpoint(this.path, 2).map(([epoch, offset]) => ({
      epoch: parseCheckpointInt(this.path, epoch as string),
      startOffset: parseCheckpointInt(this.path, offset as string),
    }));
  }
}
