/**
 * Small runtime pieces shared by the generated codec: array and nullable-struct framing, tagged
 * field framing, and reader/writer functions for each primitive with the uniform (io, value, version)
 * shape the generated code passes around. Functions rather than closures, so decoding an array
 * allocates the array and its elements, nothing else.
 */
import { ProtocolError } from '../errors/protocol-error.js';
import type { Reader } from './reader.js';
import { Writer } from './writer.js';

export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

export type ReadFn<T> = (r: Reader, version: number) => T;
export type WriteFn<T> = (w: Writer, value: T, version: number) => void;

export function readNullableArray<T>(
  r: Reader,
  compact: boolean,
  minElementSize: number,
  version: number,
  read: ReadFn<T>,
): T[] | null {
  const n = r.arrayLength(compact, minElementSize);
  if (n < 0) return null;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(read(r, version));
  return out;
}

export function readArray<T>(
  r: Reader,
  compact: boolean,
  minElementSize: number,
  version: number,
  read: ReadFn<T>,
): T[] {
  const out = readNullableArray(r, compact, minElementSize, version, read);
  if (out === null) throw new ProtocolError('INVALID_VALUE', `null array in a non-nullable field at offset ${r.pos}`);
  return out;
}

export function writeArray<T>(w: Writer, a: readonly T[], compact: boolean, version: number, write: WriteFn<T>): void {
  w.arrayLength(a.length, compact);
  for (let i = 0; i < a.length; i++) write(w, a[i] as T, version);
}

export function writeNullableArray<T>(
  w: Writer,
  a: readonly T[] | null,
  compact: boolean,
  version: number,
  write: WriteFn<T>,
): void {
  if (a === null) w.arrayLength(-1, compact);
  else writeArray(w, a, compact, version, write);
}

/** A nullable inline struct is preceded by an int8: -1 for null, 1 for present. */
export function readNullableStruct<T>(r: Reader, version: number, read: ReadFn<T>): T | null {
  return r.int8() < 0 ? null : read(r, version);
}

export function writeNullableStruct<T>(w: Writer, v: T | null, version: number, write: WriteFn<T>): void {
  if (v === null) w.int8(-1);
  else {
    w.int8(1);
    write(w, v, version);
  }
}

/**
 * Writes one tagged field: tag, size, value. The size comes first on the wire, so the value is
 * encoded into a scratch writer; tagged fields are rare and small, which keeps this off hot paths.
 */
export function writeTaggedField<T>(w: Writer, tag: number, v: T, version: number, write: WriteFn<T>): void {
  const scratch = new Writer(64);
  write(scratch, v, version);
  const bytes = scratch.toBuffer();
  w.uvarint(tag);
  w.uvarint(bytes.length);
  w.raw(bytes);
}

export const readBool: ReadFn<boolean> = (r) => r.bool();
export const readInt8: ReadFn<number> = (r) => r.int8();
export const readInt16: ReadFn<number> = (r) => r.int16();
export const readUint16: ReadFn<number> = (r) => r.uint16();
export const readInt32: ReadFn<number> = (r) => r.int32();
export const readUint32: ReadFn<number> = (r) => r.uint32();
export const readInt64: ReadFn<bigint> = (r) => r.int64();
export const readFloat64: ReadFn<number> = (r) => r.float64();
export const readUuid: ReadFn<string> = (r) => r.uuid();
export const readString: ReadFn<string> = (r) => r.string();
export const readCompactString: ReadFn<string> = (r) => r.compactString();
export const readNullableString: ReadFn<string | null> = (r) => r.nullableString();
export const readCompactNullableString: ReadFn<string | null> = (r) => r.compactNullableString();
export const readBytes: ReadFn<Buffer> = (r) => r.bytes();
export const readCompactBytes: ReadFn<Buffer> = (r) => r.compactBytes();
export const readNullableBytes: ReadFn<Buffer | null> = (r) => r.nullableBytes();
export const readCompactNullableBytes: ReadFn<Buffer | null> = (r) => r.compactNullableBytes();

export const writeBool: WriteFn<boolean> = (w, v) => w.bool(v);
export const writeInt8: WriteFn<number> = (w, v) => w.int8(v);
export const writeInt16: WriteFn<number> = (w, v) => w.int16(v);
export const writeUint16: WriteFn<number> = (w, v) => w.uint16(v);
export const writeInt32: WriteFn<number> = (w, v) => w.int32(v);
export const writeUint32: WriteFn<number> = (w, v) => w.uint32(v);
export const writeInt64: WriteFn<bigint> = (w, v) => w.int64(v);
export const writeFloat64: WriteFn<number> = (w, v) => w.float64(v);
export const writeUuid: WriteFn<string> = (w, v) => w.uuid(v);
export const writeString: WriteFn<string> = (w, v) => w.string(v);
export const writeCompactString: WriteFn<string> = (w, v) => w.compactString(v);
export const writeNullableString: WriteFn<string | null> = (w, v) => w.nullableString(v);
export const writeCompactNullableString: WriteFn<string | null> = (w, v) => w.compactNullableString(v);
export const writeBytes: WriteFn<Buffer> = (w, v) => w.bytes(v);
export const writeCompactBytes: WriteFn<Buffer> = (w, v) => w.compactBytes(v);
export const writeNullableBytes: WriteFn<Buffer | null> = (w, v) => w.nullableBytes(v);
export const writeCompactNullableBytes: WriteFn<Buffer | null> = (w, v) => w.compactNullableBytes(v);

/** Kafka refuses to serialize null into a version where the field is not nullable; so do we. */
export function nonNull<T>(v: T | null, field: string): T {
  if (v === null) throw new TypeError(`non-nullable field ${field} was null`);
  return v;
}
