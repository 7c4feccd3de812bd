import { StorageError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import { writeFileAtomic, writeFileReplacing } from '../fs-util.js';

/*
 * Kafka's CheckpointFile text format, shared by every checkpoint the log writes:
 *
 *   <version>\n<entry count>\n<entry>\n<entry>\n...
 *
 * Entries are space-separated fields. Files are replaced by rename (tmp, normally fsynced, then
 * rename), so a reader sees either the old or the new file, never a mix.
 */

export const CHECKPOINT_VERSION = 0;

/**
 * With `durable: false` the file is replaced without fsync, for a checkpoint whose owner makes it
 * durable later (the leader-epoch checkpoint, with the log's next flush).
 */
export function writeCheckpoint(fs: FileSystem, path: string, entries: readonly string[], durable = true): void {
  const text = `${CHECKPOINT_VERSION}\n${entries.length}\n${entries.map((e) => `${e}\n`).join('')}`;
  if (durable) writeFileAtomic(fs, path, text);
  else writeFileReplacing(fs, path, Buffer.from(text, 'utf8'));
}

function malformed(path: string, why: string): StorageError {
  return new StorageError('KAFKA_STORAGE_ERROR', `malformed checkpoint file ${path}: ${why}`);
}

/**
 * Reads the entries of a checkpoint file, each split into `fieldCount` fields; a missing file has no
 * entries. A malformed file throws KAFKA_STORAGE_ERROR (Kafka treats it as a failed log dir).
 */
export function readCheckpoint(fs: FileSystem, path: string, fieldCount: number): string[][] {
  let text: string;
  try {
    text = fs.readFileSync(path).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines[0]?.trim() !== String(CHECKPOINT_VERSION)) throw malformed(path, `unrecognized version ${lines[0]}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count < 0) throw malformed(path, `bad entry count ${lines[1]}`);
  if (lines.length - 2 !== count) throw malformed(path, `expected ${count} entries, found ${lines.length - 2}`);
  return lines.slice(2).map((line) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== fieldCount) throw malformed(path, `bad line "${line}"`);
    return fields;
  });
}

export function parseCheckpointInt(path: string, s: string): number {
  const v = Number(s);
  if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(v)) throw malformed(path, `bad number ${s}`);
  return v;
}
