import { ProtocolError } from '../errors/protocol-error.js';
import type { Writer } from '../io/writer.js';

/*
 * Timestamps are int64 on the wire but milliseconds since the epoch in practice, so the records API
 * exposes them as numbers (exact up to 2^53 ms, about 285,000 years). Reading them as two int32
 * halves avoids a BigInt allocation per field; a value outside the safe range is rejected, never
 * rounded.
 */

const TWO_32 = 0x100000000;

/**
 * The int64 at `at` as a number, unchecked: for the offsets, positions and timestamps the log wrote
 * itself (exact up to 2^53, 9 * 10^15 offsets), on hot paths where no BigInt should be allocated.
 */
export function int64At(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

/** Stores an integral number as an int64 at `at`, unchecked (the counterpart of int64At). */
export function writeInt64At(buf: Buffer, at: number, v: number): void {
  buf.writeInt32BE(Math.floor(v / TWO_32), at);
  buf.writeUInt32BE(v >>> 0, at + 4);
}

/** The int64 at `at` as a number; a value outside the safe integer range is rejected, never rounded. */
export function readInt64Number(buf: Buffer, at: number, what: string): number {
  const v = int64At(buf, at);
  if (!Number.isSafeInteger(v)) {
    throw new ProtocolError('INVALID_VALUE', `${what} ${buf.readBigInt64BE(at)} is outside the safe integer range`);
  }
  return v;
}

export function writeInt64Number(buf: Buffer, at: number, v: number): void {
  checkSafe(v, 'int64 value');
  writeInt64At(buf, at, v);
}

export function checkSafe(v: number, what: string): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${what} ${v} is not a safe integer`);
}

/** Encoded size of a zigzag varint (int32). */
export function varintSize(v: number): number {
  let x = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (x >= 0x80) {
    x >>>= 7;
    n++;
  }
  return n;
}

/** Encoded size of a zigzag varlong of a safe integer, matching Writer.varlong. */
export function varlongSize(v: number): number {
  let x = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (x >= 0x80) {
    x = Math.floor(x / 0x80);
    n++;
  }
  return n;
}

/** Appends a safe-integer int64 (timestamps) to a Writer without going through BigInt. */
export function writeInt64NumberTo(w: Writer, v: number): void {
  checkSafe(v, 'int64 value');
  w.int32(Math.floor(v / TWO_32));
  w.uint32(v >>> 0);
}
