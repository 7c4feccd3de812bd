import { dirname } from 'node:path';
import type { FileSystem } from './fs/file-system.js';

/*
 * Small synchronous file helpers. The log uses synchronous I/O on purpose: an append must be in the
 * page cache before the broker acknowledges it (so it survives kill -9), and a single-threaded owner
 * of each log needs no locks. Only fsync of whole segments, which can take long, is done off-thread.
 */

export function writeFully(fs: FileSystem, fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) {
    done += fs.writeSync(fd, buf, done, buf.length - done, position + done);
  }
}

/** Reads up to `length` bytes; fewer only at end of file. Returns the count read. */
export function readFully(
  fs: FileSystem,
  fd: number,
  buf: Buffer,
  offset: number,
  length: number,
  position: number,
): number {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** fsync of a directory, so that file creations and renames in it are durable. */
export function fsyncDir(fs: FileSystem, dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    // Some filesystems (and Windows) refuse fsync on directories; Kafka ignores that too.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes `path` atomically: `<path>.tmp`, fsync, rename over `path`, fsync of the directory. */
export function writeFileAtomic(fs: FileSystem, path: string, content: string | Buffer): void {
  const tmp = `${path}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    writeFully(fs, fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path);
  fsyncDir(fs, dirname(path));
}

/**
 * Replaces `path` by rename (readers see the old or the new file, never half of one) without fsync:
 * for files that recovery can do without, such as producer-state snapshots, so that writing them
 * on the append path does not stall the event loop on the disk.
 */
export function writeFileReplacing(fs: FileSystem, path: string, content: Buffer): void {
  const tmp = `${path}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, path);
}

/** fsync of a file by path; a file that does not exist (yet) has nothing to make durable. */
export function fsyncFileIfExists(fs: FileSystem, path: string): void {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsync on the libuv thread pool; resolves false if it failed (say, the file was closed meanwhile). */
export function fsyncAsync(fs: FileSystem, fd: number): Promise<boolean> {
  return fs.fsync(fd).then(
    () => true,
    () => false,
  );
}

/**
 * fsync of a path (reopened for the purpose) on the libuv thread pool. Resolves false when it could
 * not be done, except that with `missingOk` a file that does not exist counts as done.
 */
export function fsyncPathAsync(fs: FileSystem, path: string, missingOk = false): Promise<boolean> {
  return fs.fsyncPath(path).then(
    () => true,
    (err) => missingOk && (err as NodeJS.ErrnoException).code === 'ENOENT',
  );
}
