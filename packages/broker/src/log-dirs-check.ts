/**
 * Start-up validation of `log.dirs`, as Kafka's LogManager does before loading anything: each dir
 * is created when missing and must then be a directory this process can list and write. A failure
 * stops start-up with LogDirError naming the dir and the key, instead of an errno from deep inside
 * the metadata store or the log loader.
 *
 * Unlike Kafka, which starts with the dirs that pass and marks the others offline, every dir must
 * pass: the LogManager takes a dir offline only at run time (after a failed write).
 */
import { accessSync, constants, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export class LogDirError extends Error {
  override readonly name = 'LogDirError';
  /** The broker config that names the dir. */
  readonly key = 'log.dirs';
  /** The system error code (ENOTDIR, EACCES, EROFS, ...); null for a fault of the list itself. */
  readonly code: string | null;

  constructor(
    readonly dir: string,
    problem: string,
    cause?: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? null;
    const why = code ? ` (${code})` : '';
    super(`Log directory ${dir} ${problem}${why}. Check the broker config 'log.dirs'.`, { cause });
    this.code = code;
  }
}

/**
 * Creates missing dirs and checks every dir. Returns the dirs it created, so that a start-up that
 * fails later can remove them and leave nothing behind. Throws LogDirError after removing the dirs
 * it created itself.
 */
export function prepareLogDirs(dirs: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const dir of dirs) {
    // Two entries for one directory would load every partition in it twice.
    const canonical = resolve(dir);
    if (seen.has(canonical)) throw new LogDirError(dir, 'is listed more than once');
    seen.add(canonical);
  }
  const created: string[] = [];
  try {
    for (const dir of dirs) {
      if (createIfMissing(dir)) created.push(dir);
      checkUsable(dir);
    }
  } catch (err) {
    removeCreatedLogDirs(created);
    throw err;
  }
  return created;
}

/** Removes dirs prepareLogDirs created, if still empty (never a dir with data in it). */
export function removeCreatedLogDirs(created: readonly string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty, or already gone: leave it
    }
  }
}

function createIfMissing(dir: string): boolean {
  try {
    statSync(dir);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file, so the dir cannot be created either.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new LogDirError(dir, 'cannot be read', err);
  }
  try {
    // Only the last component is ours to remove on failure; parents made here are left (rare).
    mkdirSync(dir, { recursive: true });
    return true;
  } catch (err) {
    throw new LogDirError(dir, 'cannot be created', precise(dir, err));
  }
}

/**
 * A recursive mkdir reports ENOENT for a parent on a read-only mount; a plain mkdir of the last
 * component says why (EROFS, EACCES) when the parent exists.
 */
function precise(dir: string, err: unknown): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return err;
  try {
    mkdirSync(dir);
    rmdirSync(dir);
    return err;
  } catch (again) {
    return again;
  }
}

function checkUsable(dir: string): void {
  if (!statSync(dir).isDirectory()) throw new LogDirError(dir, 'is not a directory', { code: 'ENOTDIR' });
  try {
    // W_OK: a read-only mount (EROFS) or a dir of another user (EACCES); X_OK to enter it.
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new LogDirError(dir, 'is not writable', err);
  }
}
