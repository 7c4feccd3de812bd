/**
 * Splits a TCP byte stream into Kafka frames (int32 size + payload) without copying payloads that
 * arrive within one chunk. A declared size that is negative or larger than the limit is reported
 * before any of it is buffered, so an absurd length cannot make us allocate.
 */
export class FrameTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`frame of ${size} bytes exceeds socket.request.max.bytes (${limit})`);
  }
}

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1; // payload size of the frame being assembled, -1 while reading the size

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds bytes; calls `onFrame` for every complete payload. Throws FrameTooLargeError. */
  push(chunk: Buffer, onFrame: (payload: Buffer) => void): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) return;
        const size = this.peekInt32();
        if (size < 0 || size > this.maxFrameBytes) throw new FrameTooLargeError(size, this.maxFrameBytes);
        this.consume(4);
        this.expected = size;
      }
      if (this.buffered < this.expected) return;
      const payload = this.take(this.expected);
      this.expected = -1;
      onFrame(payload);
    }
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peekInt32(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    return this.take(4, true).readInt32BE(0);
  }

  private consume(n: number): void {
    this.take(n);
  }

  /** Removes (or with `peek`, copies without removing) the next n bytes. Zero-copy within one chunk. */
  private take(n: number, peek = false): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (!peek) {
        if (first.length === n) this.chunks.shift();
        else this.chunks[0] = first.subarray(n);
        this.buffered -= n;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let i = 0;
    while (filled < n) {
      const c = this.chunks[i] as Buffer;
      const part = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, part);
      filled += part;
      if (!peek) {
        if (part === c.length) {
          this.chunks.shift();
          continue;
        }
        this.chunks[0] = c.subarray(part);
      }
      i++;
    }
    if (!peek) this.buffered -= n;
    return out;
  }
}
