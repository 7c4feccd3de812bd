import { ProtocolError } from '../errors/protocol-error.js';

/**
 * Cursor over a Buffer for the Kafka wire encoding. Every read checks bounds against `end` and throws
 * ProtocolError('TRUNCATED') instead of letting Buffer throw a RangeError or (for subarray) silently
 * return fewer bytes. Byte and record fields are returned as views into the input, never copied.
 */
export class Reader {
  pos: number;
  readonly end: number;

  constructor(
    readonly buf: Buffer,
    pos = 0,
    end = buf.length,
  ) {
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): number {
    const at = this.pos;
    if (at + n > this.end) {
      throw new ProtocolError('TRUNCATED', `need ${n} bytes at offset ${at}, only ${this.end - at} left`);
    }
    this.pos = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }

  bool(): boolean {
    return this.buf[this.need(1)] !== 0;
  }

  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }

  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }

  int64(): bigint {
    return this.buf.readBigInt64BE(this.need(8));
  }

  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }

  /** Kafka Uuid as its canonical base64url text (22 characters), the form Kafka's tools print. */
  uuid(): string {
    const at = this.need(16);
    return this.buf.toString('base64url', at, at + 16);
  }

  /** Unsigned LEB128 varint of at most 5 bytes (32 bits). */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.buf[this.need(1)] as number;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
    throw new ProtocolError('VARINT_TOO_LONG', `unsigned varint longer than 5 bytes at offset ${this.pos - 5}`);
  }

  /** Zigzag-encoded signed varint of at most 5 bytes. */
  varint(): number {
    const v = this.uvarint();
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * Zigzag-encoded signed varlong of at most 10 bytes, returned as a number: the values Kafka writes
   * this way (timestamp deltas) fit in 53 bits; anything larger is rejected rather than rounded.
   */
  varlong(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.buf[this.need(1)] as number;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if ((b & 0x80) === 0) {
        const negative = (lo & 1) === 1;
        // zigzag decode on the 64-bit (hi, lo) pair
        const ulo = ((lo >>> 1) | (hi << 31)) >>> 0;
        const uhi = hi >>> 1;
        if (uhi > 0x1fffff) {
          throw new ProtocolError('INVALID_VALUE', 'varlong does not fit in 53 bits');
        }
        const magnitude = uhi * 0x100000000 + ulo;
        return negative ? -magnitude - 1 : magnitude;
      }
      shift += 7;
    }
    throw new ProtocolError('VARINT_TOO_LONG', `varlong longer than 10 bytes at offset ${this.pos - 10}`);
  }

  private utf8(len: number): string {
    const at = this.need(len);
    return this.buf.toString('utf8', at, at + len);
  }

  private view(len: number): Buffer {
    const at = this.need(len);
    return this.buf.subarray(at, at + len);
  }

  private checkLength(len: number, what: string): void {
    if (len < 0) throw new ProtocolError('INVALID_LENGTH', `negative ${what} length ${len} at offset ${this.pos}`);
    if (len > this.end - this.pos) {
      throw new ProtocolError('TRUNCATED', `${what} of ${len} bytes exceeds the ${this.end - this.pos} bytes left`);
    }
  }

  string(): string {
    const len = this.int16();
    this.checkLength(len, 'string');
    return this.utf8(len);
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    this.checkLength(len, 'string');
    return this.utf8(len);
  }

  compactString(): string {
    const len = this.uvarint() - 1;
    if (len === -1) throw new ProtocolError('INVALID_VALUE', `null in a non-nullable string at offset ${this.pos}`);
    this.checkLength(len, 'string');
    return this.utf8(len);
  }

  compactNullableString(): string | null {
    const len = this.uvarint() - 1;
    if (len === -1) return null;
    this.checkLength(len, 'string');
    return this.utf8(len);
  }

  bytes(): Buffer {
    const len = this.int32();
    this.checkLength(len, 'bytes');
    return this.view(len);
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    this.checkLength(len, 'bytes');
    return this.view(len);
  }

  compactBytes(): Buffer {
    const len = this.uvarint() - 1;
    if (len === -1) throw new ProtocolError('INVALID_VALUE', `null in non-nullable bytes at offset ${this.pos}`);
    this.checkLength(len, 'bytes');
    return this.view(len);
  }

  compactNullableBytes(): Buffer | null {
    const len = this.uvarint() - 1;
    if (len === -1) return null;
    this.checkLength(len, 'bytes');
    return this.view(len);
  }

  /** Raw bytes with no length prefix. */
  raw(len: number): Buffer {
    this.checkLength(len, 'raw');
    return this.view(len);
  }

  /**
   * Array count (int32, or compact uvarint+1). Returns -1 for null. A count that could not possibly
   * fit in the remaining bytes (each element takes at least `minElementSize`) is rejected before any
   * array is allocated, so a 4-byte lie cannot make us allocate gigabytes.
   */
  arrayLength(compact: boolean, minElementSize: number): number {
    const n = compact ? this.uvarint() - 1 : this.int32();
    if (n < -1) throw new ProtocolError('INVALID_LENGTH', `negative array length ${n} at offset ${this.pos}`);
    if (n > 0 && minElementSize > 0 && n * minElementSize > this.end - this.pos) {
      throw new ProtocolError('TRUNCATED', `array of ${n} elements cannot fit in ${this.end - this.pos} bytes`);
    }
    return n;
  }

  /** Skips one tagged-field section, or calls `onTag` for each tag it may know. */
  taggedFields(onTag?: (tag: number, size: number, r: Reader) => boolean): void {
    const count = this.uvarint();
    let last = -1;
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      if (tag <= last) throw new ProtocolError('INVALID_VALUE', `tagged fields out of order (${tag} after ${last})`);
      last = tag;
      const size = this.uvarint();
      this.checkLength(size, 'tagged field');
      const start = this.pos;
      if (onTag?.(tag, size, this)) {
        if (this.pos !== start + size) {
          throw new ProtocolError(
            'INVALID_VALUE',
            `tagged field ${tag} declared ${size} bytes, used ${this.pos - start}`,
          );
        }
      } else {
        this.pos = start + size;
      }
    }
  }

  /** Validates a tagged field's size and returns the position just past it. */
  fieldEnd(size: number): number {
    this.checkLength(size, 'tagged field');
    return this.pos + size;
  }

  /** Ends a known tagged field: its declared size must match what its decoder consumed. */
  expectAt(end: number, tag: number): void {
    if (this.pos !== end) {
      throw new ProtocolError('INVALID_VALUE', `tagged field ${tag} ends at ${this.pos}, declared end ${end}`);
    }
  }

  /** A sub-reader over the next `len` bytes; the parent skips past them. */
  slice(len: number): Reader {
    this.checkLength(len, 'slice');
    const at = this.pos;
    this.pos += len;
    return new Reader(this.buf, at, at + len);
  }
}
