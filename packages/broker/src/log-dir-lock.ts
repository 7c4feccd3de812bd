/**
 * The `.lock` file Kafka's LogManager holds in every log dir, so that a second broker pointed at
 * the same dir stops at start-up instead of writing into the same segments.
 *
 * Node has no flock, so the lock is a file created with O_EXCL holding the owner's pid, the
 * owner's process start time (Linux: /proc/<pid>/stat field 22) and host name. It is released
 * (removed) on a clean stop. A lock left by a process that died (kill -9, a crash) is stale and
 * taken over: its pid no longer runs, or runs with another start time (the pid was reused).
 *
 * Limits, unlike a kernel lock:
 * - Where /proc is missing (not Linux) a reused pid keeps a stale lock alive: remove `.lock` by hand.
 * - A lock written on another host (a shared network mount) is never judged stale from here.
 * - Two brokers taking over the same stale lock at the same instant are told apart by a rename and
 *   a re-read, which narrows that race to the takeover itself but is not a kernel guarantee.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LogDirError } from './log-dirs-check.js';

export const LOCK_FILE_NAME = '.lock';

/** Start time of a running process (clock ticks since boot), '' where unknown; null: not running. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return existsProc() ? null : aliveWithoutProc(pid);
    return '';
  }
}

function existsProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function aliveWithoutProc(pid: number): string | null {
  try {
    process.kill(pid, 0);
    return '';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? '' : null;
  }
}

const ownContent = `pid=${process.pid}\nstart=${startTimeOf(process.pid) ?? ''}\nhost=${hostname()}\n`;

function field(text: string, key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];
}

/** True when the lock's owner surely no longer runs; any doubt keeps the lock held. */
function isStale(text: string): boolean {
  const pid = Number(field(text, 'pid'));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (field(text, 'host') !== hostname()) return false;
  // This process: another broker in it holds the dir (Kafka refuses another thread too).
  if (pid === process.pid) return false;
  const start = startTimeOf(pid);
  if (start === null) return true;
  const recorded = field(text, 'start') ?? '';
  return start !== '' && recorded !== '' && start !== recorded;
}

function createExclusive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, ownContent);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Moves a stale lock aside; false when what was moved turned out not to be that stale lock. */
function takeOver(path: string, staleText: string): boolean {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true; // another starter removed it
    throw err;
  }
  const moved = readOrNull(aside);
  if (moved !== staleText) {
    // A live lock, created since we read the stale one: put it back (link never overwrites).
    try {
      linkSync(aside, path);
    } catch {
      // a third lock appeared meanwhile: it stands
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

export class LogDirLock {
  private released = false;

  private constructor(private readonly path: string) {}

  /** Takes `<dir>/.lock`; throws LogDirError naming the dir when another live broker holds it. */
  static acquire(dir: string): LogDirLock {
    const path = join(dir, LOCK_FILE_NAME);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        if (createExclusive(path)) return new LogDirLock(path);
        const text = readOrNull(path);
        if (text === null) continue; // released in between
        if (!isStale(text)) break;
        if (!takeOver(path, text)) break;
      } catch (err) {
        throw new LogDirError(dir, `cannot be locked (${LOCK_FILE_NAME})`, err);
      }
    }
    const owner = field(readOrNull(path) ?? '', 'pid');
    throw new LogDirError(
      dir,
      `is locked: failed to acquire lock on file ${LOCK_FILE_NAME}; a Samsa or Kafka broker in another process ` +
        `or thread${owner ? ` (pid ${owner})` : ''} is using this directory`,
    );
  }

  /** Removes the lock if it is still this broker's; once (a later broker may hold it by then). */
  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      if (readFileSync(this.path, 'utf8') === ownContent) unlinkSync(this.path);
    } catch {
      // already gone: nothing to release
    }
  }
}

/** Locks every dir, or none: on failure the locks taken so far are released. */
export function lockLogDirs(dirs: readonly string[]): LogDirLock[] {
  const locks: LogDirLock[] = [];
  try {
    for (const dir of dirs) locks.push(LogDirLock.acquire(dir));
  } catch (err) {
    for (const l of locks) l.release();
    throw err;
  }
  return locks;
}
