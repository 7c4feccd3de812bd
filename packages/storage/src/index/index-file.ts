import type { FileSystem } from '../fs/file-system.js';
import { readFully, writeFully } from '../fs-util.js';

/**
 * Common part of the offset and time index: fixed-size big-endian entries in a file named after the
 * segment's base offset, mirrored in memory for binary search (Kafka mmaps the file; Node cannot).
 *
 * Kafka preallocates index files to segment.index.bytes and trims them when the segment rolls; here
 * the file only ever holds the entries written, so it always looks like a trimmed Kafka index. An
 * entry is written to the file as it is appended. The file handle is opened on first write and
 * closed when the segment becomes inactive, so old segments hold no index descriptors.
 *
 * Owned by one LogSegment; not safe for concurrent use.
 */
export abstract class IndexFile {
  protected buf: Buffer;
  protected count = 0;
  readonly maxEntries: number;
  private fd: number | null = null;

  protected constructor(
    private readonly fs: FileSystem,
    private filePath: string,
    readonly baseOffset: number,
    readonly entrySize: number,
    maxIndexSize: number,
  ) {
    this.maxEntries = Math.floor(maxIndexSize / entrySize);
    this.buf = Buffer.alloc(Math.min(Math.max(this.maxEntries, 1), 64) * entrySize);
  }

  get path(): string {
    return this.filePath;
  }

  get entries(): number {
    return this.count;
  }

  get sizeInBytes(): number {
    return this.count * this.entrySize;
  }

  isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  /**
   * Loads the entries on disk, keeping the longest valid prefix (see `validPrefix`). Returns false if
   * anything had to be dropped, in which case the caller should rebuild the index from the log.
   */
  protected load(logSize: number): boolean {
    let size = 0;
    try {
      size = this.fs.statSync(this.filePath).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return logSize === 0;
    }
    const n = Math.floor(size / this.entrySize);
    this.ensureCapacity(n);
    const fd = this.fs.openSync(this.filePath, 'r');
    try {
      readFully(this.fs, fd, this.buf, 0, n * this.entrySize, 0);
    } finally {
      this.fs.closeSync(fd);
    }
    this.count = this.validPrefix(n, logSize);
    return this.count === n && size === n * this.entrySize;
  }

  /** How many of the first `n` loaded entries are consistent (ordered, within the log). */
  protected abstract validPrefix(n: number, logSize: number): number;

  protected ensureCapacity(entries: number): void {
    const need = entries * this.entrySize;
    if (need <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.count * this.entrySize);
    this.buf = next;
  }

  /** Appends the entry just encoded at slot `count` of the in-memory buffer. */
  protected commitEntry(): void {
    const at = this.count * this.entrySize;
    writeFully(this.fs, this.handle(), this.buf.subarray(at, at + this.entrySize), at);
    this.count++;
  }

  protected truncateToEntries(n: number): void {
    if (n >= this.count) return;
    this.count = n;
    this.fs.ftruncateSync(this.handle(), n * this.entrySize);
  }

  /** Drops every entry (used when the index is rebuilt from the log). */
  reset(): void {
    this.count = 0;
    this.fs.ftruncateSync(this.handle(), 0);
  }

  private handle(): number {
    if (this.fd === null) this.fd = this.fs.openSync(this.filePath, 'rw-create');
    return this.fd;
  }

  /** Creates the (empty) file if it does not exist yet. */
  touch(): void {
    this.handle();
  }

  /** fsync; reopens the file if its handle was released (fsync covers the file, not the handle). */
  flush(): void {
    if (this.fd !== null) {
      this.fs.fsyncSync(this.fd);
      return;
    }
    const fd = this.fs.openSync(this.filePath, 'r');
    try {
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Releases the file handle; entries stay in memory and the handle reopens on the next write. */
  closeHandle(): void {
    if (this.fd !== null) {
      this.fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  renameTo(path: string): void {
    if (this.fs.existsSync(this.filePath)) this.fs.renameSync(this.filePath, path);
    this.filePath = path;
  }

  deleteFile(): void {
    this.closeHandle();
    this.fs.rmSync(this.filePath, { force: true });
  }
}
