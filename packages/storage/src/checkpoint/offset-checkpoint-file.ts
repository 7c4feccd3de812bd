import type { FileSystem } from '../fs/file-system.js';
import { parseCheckpointInt, readCheckpoint, writeCheckpoint } from './checkpoint-file.js';

/*
 * The per-log-dir offset checkpoints: recovery-point-offset-checkpoint, log-start-offset-checkpoint
 * and cleaner-offset-checkpoint. One "topic partition offset" line per partition.
 */

export const RECOVERY_POINT_CHECKPOINT = 'recovery-point-offset-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT = 'log-start-offset-checkpoint';
export const CLEANER_OFFSET_CHECKPOINT = 'cleaner-offset-checkpoint';

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** The key offsets are stored under in memory: the partition directory name. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

export function writeOffsetCheckpoint(fs: FileSystem, path: string, entries: Iterable<TopicPartitionOffset>): void {
  const lines: string[] = [];
  for (const e of entries) lines.push(`${e.topic} ${e.partition} ${e.offset}`);
  writeCheckpoint(fs, path, lines);
}

/** Offsets by tpKey; empty when the file does not exist. */
export function readOffsetCheckpoint(fs: FileSystem, path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [topic, partition, offset] of readCheckpoint(fs, path, 3)) {
    out.set(
      tpKey(topic as string, parseCheckpointInt(path, partition as string)),
      parseCheckpointInt(path, offset as string),
    );
  }
  return out;
}
