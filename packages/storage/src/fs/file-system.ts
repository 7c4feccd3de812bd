import * as fs from 'node:fs';

/*
 * Every byte the log puts on disk goes through a FileSystem, so that tests can swap in
 * MemoryFileSystem, which fails writes and fsyncs on demand and loses unsynced data in a crash.
 *
 * The interface is node:fs's own shape, cut down to what storage calls: synchronous and fd-based
 * (the append path writes with one positional write and must not wait for the event loop), plus
 * the three asynchronous operations used off that path — the background fsync after a roll and the
 * removal of a deleted partition's directory. Failures are thrown (or rejected) as node's errors
 * are: an Error whose `code` is the errno name ('ENOENT', 'EIO', ...).
 */

/**
 * How a file is opened: node's flag strings, plus 'rw-create' for "read-write, created if missing,
 * never truncated", which no flag string expresses without O_APPEND (which would make positional
 * writes append on Linux).
 */
export type OpenFlags = 'r' | 'r+' | 'w' | 'w+' | 'rw-create';

/** The part of fs.Stats storage reads. */
export interface FileStats {
  size: number;
  mtimeMs: number;
  isDirectory(): boolean;
}

/** The part of fs.StatsFs storage reads (DescribeLogDirs' total and usable bytes). */
export interface FsSpace {
  blocks: number;
  bsize: number;
  bavail: number;
}

export interface RemoveOptions {
  recursive?: boolean;
  /** No error when the path does not exist. */
  force?: boolean;
}

export interface FileSystem {
  /** Opens a file, or a directory with 'r' (for fsync of its entries). Returns the descriptor. */
  openSync(path: string, flags: OpenFlags): number;
  closeSync(fd: number): void;
  /** Positional read into buf[offset, offset + length); returns the bytes read, 0 at end of file. */
  readSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  /** Positional write of buf[offset, offset + length); returns the bytes written. */
  writeSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  /** Makes the file's data (or, for a directory, its entries) durable. */
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  fstatSync(fd: number): FileStats;
  statSync(path: string): FileStats;
  existsSync(path: string): boolean;
  /** The names in a directory (no '.' or '..'). */
  readdirSync(path: string): string[];
  /** Creates the directory and any missing parents; returns the first one created, if any was. */
  mkdirSync(path: string, options: { recursive: true }): string | undefined;
  /** Replaces `to` if it exists. */
  renameSync(from: string, to: string): void;
  rmSync(path: string, options?: RemoveOptions): void;
  readFileSync(path: string): Buffer;
  /** Creates or truncates `path` and writes `data`; no fsync. */
  writeFileSync(path: string, data: Buffer): void;
  /** Appends to `path`, creating it if missing; no fsync. */
  appendFileSync(path: string, data: Buffer): void;
  statfsSync(path: string): FsSpace;

  /** fsync on the thread pool. */
  fsync(fd: number): Promise<void>;
  /** Opens `path` (file or directory) read-only, fsyncs and closes it, on the thread pool. */
  fsyncPath(path: string): Promise<void>;
  rm(path: string, options?: RemoveOptions): Promise<void>;
}

const RW_CREATE = fs.constants.O_RDWR | fs.constants.O_CREAT;

/**
 * node:fs itself. Each method is a direct call with the same arguments — no wrapping objects,
 * no copies — so the append and read paths cost what they did before the interface existed.
 * node:fs functions are looked up at call time (not captured), so tests that wrap one still see it.
 */
export const nodeFileSystem: FileSystem = {
  openSync: (path, flags) => (flags === 'rw-create' ? fs.openSync(path, RW_CREATE, 0o644) : fs.openSync(path, flags)),
  closeSync: (fd) => fs.closeSync(fd),
  readSync: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  writeSync: (fd, buf, offset, length, position) => fs.writeSync(fd, buf, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fstatSync: (fd) => fs.fstatSync(fd),
  statSync: (path) => fs.statSync(path),
  existsSync: (path) => fs.existsSync(path),
  readdirSync: (path) => fs.readdirSync(path),
  mkdirSync: (path, options) => fs.mkdirSync(path, options),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (path, options) => fs.rmSync(path, options),
  readFileSync: (path) => fs.readFileSync(path),
  writeFileSync: (path, data) => fs.writeFileSync(path, data),
  appendFileSync: (path, data) => fs.appendFileSync(path, data),
  statfsSync: (path) => fs.statfsSync(path),
  fsync: (fd) => new Promise((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve()))),
  fsyncPath: async (path) => {
    const handle = await fs.promises.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rm: (path, options) => fs.promises.rm(path, options),
};
