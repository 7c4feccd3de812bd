/**
 * Growable output buffer for the Kafka wire encoding. One Writer is meant to be reused: `reset()`
 * keeps the allocation, so steady-state encoding allocates nothing per field or per message.
 *
 * Large byte fields (record sets above `REF_THRESHOLD`) are not copied: the bytes written so far are
 * cut into a chunk and the caller's Buffer is kept by reference, so a Fetch response can hand record
 * bytes read from a segment straight to the socket. `chunks()` returns the pieces in order.
 * The chunks stay valid until the next `reset()`.
 */
const REF_THRESHOLD = 16 * 1024;

export class Writer {
  private buf: Buffer;
  pos = 0;
  // Open chunk is buf[chunkStart, pos). Positions are stable across growth: the open chunk is copied
  // to the same offsets in the new allocation, and closed spans keep viewing the old one.
  private chunkStart = 0;
  private closed: Buffer[] = [];
  private closedStarts: number[] = [];
  private closedBytes = 0;

  constructor(initialSize = 8192) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  reset(): this {
    this.pos = 0;
    this.chunkStart = 0;
    if (this.closed.length > 0) {
      this.closed = [];
      this.closedStarts = [];
    }
    this.closedBytes = 0;
    return this;
  }

  /** Bytes written so far, including referenced buffers. */
  get length(): number {
    return this.closedBytes + this.pos - this.chunkStart;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    // A zero-size start would otherwise double to zero forever.
    let size = Math.max(this.buf.length * 2, 64);
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, this.chunkStart, this.chunkStart, this.pos);
    this.buf = next;
  }

  int8(v: number): void {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  int16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }

  uint16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }

  int32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  uint32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }

  int64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
  }

  float64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  uuid(v: string): void {
    // Buffer.write keeps only the first 16 decoded bytes, and a hex UUID with dashes is valid base64url
    // of 27 bytes, so the decoded length must be checked before writing or the id is silently mangled.
    if (Buffer.byteLength(v, 'base64url') !== 16) {
      throw new TypeError(`invalid uuid ${JSON.stringify(v)}: expected 16 bytes in base64url`);
    }
    this.ensure(16);
    const n = this.buf.write(v, this.pos, 16, 'base64url');
    if (n !== 16) throw new TypeError(`invalid uuid ${JSON.stringify(v)}: expected 16 bytes in base64url`);
    this.pos += 16;
  }

  uvarint(v: number): void {
    this.ensure(5);
    let x = v >>> 0;
    while (x >= 0x80) {
      this.buf[this.pos++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    this.buf[this.pos++] = x;
  }

  varint(v: number): void {
    this.uvarint((v << 1) ^ (v >> 31));
  }

  /** Zigzag varlong of a safe integer (|v| < 2^53). */
  varlong(v: number): void {
    this.ensure(10);
    // Zigzag is 2m + sign with m = v or -v - 1. 2m can exceed 2^53, where -2v - 1 rounds (and can flip
    // the sign), so 2m is never formed: the first byte takes m's low 6 bits and the sign, and the
    // remaining groups come from m / 64, all exact for safe integers.
    const negative = v < 0;
    let m = negative ? -v - 1 : v;
    let group = (m % 0x40) * 2 + (negative ? 1 : 0);
    m = Math.floor(m / 0x40);
    while (m > 0) {
      this.buf[this.pos++] = group | 0x80;
      group = m % 0x80;
      m = Math.floor(m / 0x80);
    }
    this.buf[this.pos++] = group;
  }

  private utf8(s: string, len: number): void {
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, len, 'utf8');
  }

  string(s: string): void {
    const len = Buffer.byteLength(s, 'utf8');
    if (len > 0x7fff) throw new RangeError(`string of ${len} bytes exceeds the int16 length limit`);
    this.int16(len);
    this.utf8(s, len);
  }

  nullableString(s: string | null): void {
    if (s === null) this.int16(-1);
    else this.string(s);
  }

  compactString(s: string): void {
    const len = Buffer.byteLength(s, 'utf8');
    this.uvarint(len + 1);
    this.utf8(s, len);
  }

  compactNullableString(s: string | null): void {
    if (s === null) this.uvarint(0);
    else this.compactString(s);
  }

  bytes(b: Buffer): void {
    this.int32(b.length);
    this.raw(b);
  }

  nullableBytes(b: Buffer | null): void {
    if (b === null) this.int32(-1);
    else this.bytes(b);
  }

  compactBytes(b: Buffer): void {
    this.uvarint(b.length + 1);
    this.raw(b);
  }

  compactNullableBytes(b: Buffer | null): void {
    if (b === null) this.uvarint(0);
    else this.compactBytes(b);
  }

  /** Appends bytes with no length prefix; large ones are kept by reference (see class comment). */
  raw(b: Buffer): void {
    if (b.length >= REF_THRESHOLD) {
      this.closeChunk();
      this.closed.push(b);
      this.closedStarts.push(-1);
      this.closedBytes += b.length;
      return;
    }
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  /**
   * Appends a copy of `b` however large it is. Record batches need this: their CRC and length are
   * computed over one contiguous span, which `raw()` would split by keeping big values by reference.
   */
  copy(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** UTF-8 bytes of `s` with no length prefix (record header keys); `len` is Buffer.byteLength(s). */
  utf8Raw(s: string, len: number): void {
    this.utf8(s, len);
  }

  private closeChunk(): void {
    if (this.pos === this.chunkStart) return;
    this.closed.push(this.buf.subarray(this.chunkStart, this.pos));
    this.closedStarts.push(this.chunkStart);
    this.closedBytes += this.pos - this.chunkStart;
    this.chunkStart = this.pos;
  }

  arrayLength(n: number, compact: boolean): void {
    if (compact) this.uvarint(n + 1);
    else this.int32(n);
  }

  /** Reserves an int32 to be filled in later by `patchInt32` (frame and batch lengths). */
  reserveInt32(): number {
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    return at;
  }

  patchInt32(at: number, v: number): void {
    // Past `pos` the write would land in unused space and the patch would be silently lost.
    if (at >= this.chunkStart && at + 4 <= this.pos) {
      this.buf.writeInt32BE(v, at);
      return;
    }
    for (let i = 0; i < this.closed.length; i++) {
      const start = this.closedStarts[i] as number;
      const span = this.closed[i] as Buffer;
      if (start >= 0 && at >= start && at + 4 <= start + span.length) {
        span.writeInt32BE(v, at - start);
        return;
      }
    }
    throw new RangeError(`no reserved int32 at position ${at}`);
  }

  /** The encoded pieces, in order; large referenced buffers appear as their own pieces. */
  chunks(): Buffer[] {
    const open = this.buf.subarray(this.chunkStart, this.pos);
    if (this.closed.length === 0) return [open];
    return open.length > 0 ? [...this.closed, open] : this.closed.slice();
  }

  /** The open chunk's bytes from `start` (a position returned earlier) to the end, as a view. */
  view(start: number): Buffer {
    if (start < this.chunkStart) throw new RangeError('view start is in a closed chunk');
    return this.buf.subarray(start, this.pos);
  }

  /**
   * A copy of everything written, safe to keep after `reset()`. Copied with `copy()` (a memcpy)
   * into one allocUnsafe buffer: Buffer.from(buffer) and Buffer.concat copy a 1 MiB record batch
   * 2-3 times slower.
   */
  toBuffer(): Buffer {
    const parts = this.chunks();
    let size = 0;
    for (const p of parts) size += p.length;
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const p of parts) at += p.copy(out, at);
    return out;
  }
}
