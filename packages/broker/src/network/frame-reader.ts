/**
 * Splits a TCP byte stream into Kafka frames (int32 size + payload). A frame that lies within one
 * socket chunk is handed out as a view of it, without copying. A frame that spans chunks is copied,
 * chunk by chunk as they arrive, into one buffer from `allocate` (the broker's pool), so no list of
 * chunks is kept and each chunk is garbage as soon as its 'data' event ends. (The frame was
 * assembled with one Buffer.concat-like copy before too; the copy is the same, the allocation is not.)
 *
 * A declared size that is negative or larger than the limit is reported before any of it is
 * buffered. The buffer for a frame is taken when its size arrives only up to UPFRONT_LIMIT (as
 * Kafka allocates a receive buffer from its size); larger frames are collected as they arrive, so a
 * client announcing a huge frame and sending nothing cannot make us allocate it.
 */
export class FrameTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
    limitName = 'socket.request.max.bytes',
  ) {
    super(`frame of ${size} bytes exceeds ${limitName} (${limit})`);
  }
}

const UPFRONT_LIMIT = 16 * 1024 * 1024;

export class FrameReader {
  private readonly sizeBytes = Buffer.alloc(4);
  private sizeFilled = 0;
  /** Payload size of the frame being assembled; -1 while reading a size. */
  private expected = -1;
  /** The frame's buffer when taken up front, and the bytes of it filled so far. */
  private target: Buffer | null = null;
  private filled = 0;
  /** Pieces of a frame over UPFRONT_LIMIT, joined when the last arrives. */
  private pieces: Buffer[] = [];
  private limitName = 'socket.request.max.bytes';

  /**
   * `allocate` provides the buffer a frame spanning several socket chunks is copied into (the
   * broker passes its buffer pool, and releases produce frames after handling them).
   */
  constructor(
    private maxFrameBytes: number,
    private readonly allocate: (size: number) => Buffer = Buffer.allocUnsafe,
  ) {}

  /** Feeds bytes; calls `onFrame` for every complete payload. Throws FrameTooLargeError. */
  push(chunk: Buffer, onFrame: (payload: Buffer) => void): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.expected < 0) {
        at = this.readSize(chunk, at);
        if (this.expected < 0) return;
        if (chunk.length - at >= this.expected) {
          // The whole payload is in this chunk: a view, no copy.
          const payload = chunk.subarray(at, at + this.expected);
          at += this.expected;
          this.expected = -1;
          onFrame(payload);
          continue;
        }
        if (this.expected <= UPFRONT_LIMIT) this.target = this.allocate(this.expected);
      }
      const n = Math.min(this.expected - this.filled, chunk.length - at);
      if (this.target) chunk.copy(this.target, this.filled, at, at + n);
      else this.pieces.push(chunk.subarray(at, at + n));
      this.filled += n;
      at += n;
      if (this.filled < this.expected) return;
      const payload = this.target ?? Buffer.concat(this.pieces, this.expected);
      this.target = null;
      this.pieces = [];
      this.filled = 0;
      this.expected = -1;
      onFrame(payload);
    }
  }

  /**
   * Changes the limit for frames whose size has not been read yet (a SASL connection reads with
   * sasl.server.max.receive.size until authenticated, then with socket.request.max.bytes).
   */
  setMaxFrameBytes(limit: number, limitName: string): void {
    this.maxFrameBytes = limit;
    this.limitName = limitName;
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.sizeFilled + this.filled;
  }

  /** Reads (the rest of) a size prefix from `chunk` at `at`; sets `expected` once complete. */
  private readSize(chunk: Buffer, at: number): number {
    let size: number;
    if (this.sizeFilled === 0 && chunk.length - at >= 4) {
      size = chunk.readInt32BE(at);
      at += 4;
    } else {
      const n = Math.min(4 - this.sizeFilled, chunk.length - at);
      chunk.copy(this.sizeBytes, this.sizeFilled, at, at + n);
      this.sizeFilled += n;
      at += n;
      if (this.sizeFilled < 4) return at;
      this.sizeFilled = 0;
      size = this.sizeBytes.readInt32BE(0);
    }
    if (size < 0 || size > this.maxFrameBytes) throw new FrameTooLargeError(size, this.maxFrameBytes, this.limitName);
    this.expected = size;
    return at;
  }
}
