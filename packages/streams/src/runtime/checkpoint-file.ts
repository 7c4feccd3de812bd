/**
 * A task's `.checkpoint` file in Kafka's OffsetCheckpoint format: a version line (0), a count line,
 * then one `<topic> <partition> <offset>` line per changelog partition, the offset being the last
 * changelog offset already in the store (restoration resumes after it). Written to a temporary
 * file and renamed, so a crash leaves the old file or the new one, never half of one.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamsError } from '../errors.js';

export const CHECKPOINT_FILE = '.checkpoint';
const VERSION = 0;

/** Offsets keyed `topic:partition`. */
export type ChangelogOffsets = Map<string, bigint>;

export function encodeCheckpoint(offsets: ReadonlyMap<string, bigint>): string {
  const lines = [String(VERSION), String(offsets.size)];
  for (const [k, offset] of offsets) {
    const at = k.lastIndexOf(':');
    lines.push(`${k.slice(0, at)} ${k.slice(at + 1)} ${offset}`);
  }
  return `${lines.join('\n')}\n`;
}

export function decodeCheckpoint(text: string, what = 'checkpoint'): ChangelogOffsets {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const bad = (why: string) => new StreamsError('STATE_STORE', `malformed ${what}: ${why}`);
  if (lines[0]?.trim() !== String(VERSION)) throw bad(`unknown version ${JSON.stringify(lines[0] ?? '')}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count < 0) throw bad(`bad count ${JSON.stringify(lines[1] ?? '')}`);
  if (lines.length - 2 !== count) throw bad(`expected ${count} entries, found ${lines.length - 2}`);
  const out: ChangelogOffsets = new Map();
  for (const line of lines.slice(2)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 3 || !/^\d+$/.test(parts[1] as string) || !/^-?\d+$/.test(parts[2] as string))
      throw bad(`bad entry ${JSON.stringify(line)}`);
    const offset = BigInt(parts[2] as string);
    // Kafka writes negative sentinels (unknown offset) that mean "no position": skipped.
    if (offset >= 0n) out.set(`${parts[0]}:${parts[1]}`, offset);
  }
  return out;
}

/** Reads a task folder's checkpoint; empty when there is none. */
export function readCheckpoint(taskDir: string): ChangelogOffsets {
  const file = join(taskDir, CHECKPOINT_FILE);
  if (!existsSync(file)) return new Map();
  return decodeCheckpoint(readFileSync(file, 'utf8'), file);
}

export function writeCheckpoint(taskDir: string, offsets: ReadonlyMap<string, bigint>): void {
  const file = join(taskDir, CHECKPOINT_FILE);
  writeFileSync(`${file}.tmp`, encodeCheckpoint(offsets));
  renameSync(`${file}.tmp`, file);
}

export function deleteCheckpoint(taskDir: string): void {
  rmSync(join(taskDir, CHECKPOINT_FILE), { force: true });
}
