/**
 * Cuts a connection's incoming bytes into size-prefixed frames (Kafka's int32 length + payload).
 *
 * Two ways in. `push(chunk)` takes 'data' chunks (any socket, e.g. TLS from a socketFactory).
 * For a plain TCP socket the Connection passes `readTarget`/`onRead` as net.connect's `onread`
 * option: the socket then reads into buffers chosen here. Small reads land in one reused scratch
 * buffer and are copied out; once a frame larger than the scratch buffer is announced, its buffer
 * is allocated and the socket reads the rest of it straight into that buffer. A 1 MiB fetch
 * response then costs one allocation and no copy, instead of sixteen 64 KiB chunk allocations
 * (counted as external memory by the GC) and a copy to join them.
 *
 * Owner: one Connection; reset when its socket goes. A frame is handed out only when complete,
 * and a handed-out frame is never written to again (record values stay views into it).
 */
import { raiseMallocThresholds } from './malloc-thresholds.js';

const SCRATCH_SIZE = 64 * 1024;
/**
 * Larger frames are collected chunk by chunk as before: a frame's buffer is allocated when its
 * header arrives, and a corrupt header must not make us allocate gigabytes up front.
 */
const MAX_DIRECT_FRAME = 128 * 1024 * 1024;
/** Frames from this size on come often enough, in a busy consumer, to be worth reusing memory for. */
const LARGE_FRAME = 1024 * 1024;

export class FrameReader {
  /** Chunks not yet cut into frames. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  private frameSize = -1;
  /** The frame being read straight from the socket, and how much of it has arrived. */
  private frame: Buffer | null = null;
  private filled = 0;
  private scratch: Buffer | null = null;

  /**
   * @param onFrame gets each complete frame's payload; returns false to stop (the socket is gone).
   * @param onInvalid gets a frame size below 4, after which nothing more is read.
   * @param direct whether the socket reads through readTarget/onRead (else only push is used).
   */
  constructor(
    private readonly onFrame: (payload: Buffer) => boolean,
    private readonly onInvalid: (size: number) => void,
    private readonly direct: boolean,
  ) {}

  /** Where the socket's next read goes (the `onread.buffer` function). */
  readonly readTarget = (): Uint8Array => {
    if (this.frame) return this.frame.subarray(this.filled);
    if (!this.scratch) this.scratch = Buffer.allocUnsafeSlow(SCRATCH_SIZE);
    return this.scratch;
  };

  /** A read of `n` bytes into the buffer readTarget gave (the `onread.callback`); true: keep reading. */
  readonly onRead = (n: number, target: Uint8Array): boolean => {
    if (n <= 0) return true;
    const frame = this.frame;
    if (frame && target.buffer === frame.buffer) {
      this.filled += n;
      if (this.filled === frame.length) {
        this.frame = null;
        this.filled = 0;
        this.frameSize = -1;
        if (this.onFrame(frame)) this.cut();
      }
      return true;
    }
    // The scratch buffer is read into again next time: keep a copy.
    this.push(Buffer.from(target.subarray(0, n)));
    return true;
  };

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.cut();
  }

  reset(): void {
    this.chunks = [];
    this.buffered = 0;
    this.frameSize = -1;
    this.frame = null;
    this.filled = 0;
  }

  private cut(): void {
    for (;;) {
      if (this.frameSize < 0) {
        if (this.buffered < 4) return;
        this.frameSize = this.take(4).readInt32BE(0);
        if (this.frameSize < 4) {
          this.onInvalid(this.frameSize);
          return;
        }
      }
      if (this.buffered < this.frameSize) {
        if (this.direct && this.frameSize > SCRATCH_SIZE && this.frameSize <= MAX_DIRECT_FRAME) this.startFrame();
        return;
      }
      const payload = this.take(this.frameSize);
      this.frameSize = -1;
      if (!this.onFrame(payload)) return;
    }
  }

  /** Moves what arrived of a large frame into its own buffer; the socket reads the rest into it. */
  private startFrame(): void {
    if (this.frameSize >= LARGE_FRAME) raiseMallocThresholds();
    const frame = Buffer.allocUnsafe(this.frameSize);
    this.filled = this.buffered;
    let at = 0;
    for (const c of this.chunks) at += c.copy(frame, at);
    this.chunks = [];
    this.buffered = 0;
    this.frame = frame;
  }

  /** Removes `n` buffered bytes; a view when they sit in one chunk, one copy otherwise. */
  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0] as Buffer;
        const k = Math.min(c.length, n - filled);
        c.copy(out, filled, 0, k);
        filled += k;
        if (k === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(k);
      }
    }
    this.buffered -= n;
    return out;
  }
}
