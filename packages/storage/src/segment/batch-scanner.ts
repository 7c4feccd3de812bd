import { batchSizeAt, LOG_OVERHEAD, MAGIC_V2, MIN_BATCH_LENGTH, magicAt, RECORD_BATCH_OVERHEAD } from '@samsa/protocol';
import type { FileSystem } from '../fs/file-system.js';
import { readFully } from '../fs-util.js';

/** What the scanner found at the current position. */
export type ScanStatus =
  /** A batch whose header fits the file: `position`, `size`, and its header at buf[at..]. */
  | 'batch'
  /** Exactly at `end`: no more batches. */
  | 'end'
  /** The file ends inside a batch (a torn write). */
  | 'torn'
  /** The bytes at the position cannot be a batch (length out of range or wrong magic). */
  | 'corrupt';

// Header scans of the read path share one scratch buffer: everything here is synchronous, and a
// scanner's buffer is only used between two of its own calls.
const SHARED_CHUNK = Buffer.allocUnsafe(16 * 1024);

/**
 * Walks the batches of a segment file from `start` to `end`, reading the file in chunks and
 * exposing each batch's header in memory. Only `loadWhole` brings a whole batch in, for callers that
 * need its records (recovery's CRC check, the cleaner, timestamp searches).
 */
export class BatchScanner {
  buf: Buffer;
  /** Where the current batch starts inside `buf`. */
  at = 0;
  position = -1;
  size = 0;
  private chunkStart = 0;
  private chunkLen = 0;

  constructor(
    private readonly fs: FileSystem,
    private readonly fd: number,
    private readonly start: number,
    private readonly end: number,
    chunkSize?: number,
  ) {
    this.buf = chunkSize === undefined ? SHARED_CHUNK : Buffer.allocUnsafe(chunkSize);
  }

  /** Moves to the next batch. */
  next(): ScanStatus {
    const pos = this.position < 0 ? this.start : this.position + this.size;
    this.position = pos;
    this.size = 0;
    if (pos >= this.end) return 'end';
    if (this.end - pos < LOG_OVERHEAD) return 'torn';
    if (!this.ensure(pos, Math.min(RECORD_BATCH_OVERHEAD, this.end - pos))) return 'torn';
    const size = batchSizeAt(this.buf, this.at);
    if (size < LOG_OVERHEAD + MIN_BATCH_LENGTH || size > 0x7fffffff) return 'corrupt';
    if (pos + size > this.end) return 'torn';
    if (magicAt(this.buf, this.at) !== MAGIC_V2) return 'corrupt';
    this.size = size;
    return 'batch';
  }

  /** Makes the whole current batch available at buf[at .. at + size). False on a short read. */
  loadWhole(): boolean {
    return this.ensure(this.position, this.size);
  }

  /** Ensures file bytes [pos, pos + n) are in `buf`, reading a new chunk at `pos` if not. */
  private ensure(pos: number, n: number): boolean {
    if (pos >= this.chunkStart && pos + n <= this.chunkStart + this.chunkLen) {
      this.at = pos - this.chunkStart;
      return true;
    }
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    const want = Math.min(this.buf.length, this.end - pos);
    this.chunkStart = pos;
    this.chunkLen = readFully(this.fs, this.fd, this.buf, 0, want, pos);
    this.at = 0;
    return this.chunkLen >= n;
  }
}
