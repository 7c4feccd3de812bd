import { ProtocolError } from '../errors/protocol-error.js';
import type { Reader } from '../io/reader.js';
import type { Writer } from '../io/writer.js';
import { varintSize, varlongSize } from './int64.js';
import type { RecordHeader } from './types.js';

/*
 * One record inside a v2 batch:
 *   length varint | attributes int8 (unused) | timestampDelta varlong | offsetDelta varint |
 *   keyLength varint | key | valueLength varint | value | headerCount varint |
 *   [headerKeyLength varint | headerKey utf8 | headerValueLength varint | headerValue]...
 * Lengths of -1 mean null (never for header keys).
 */

export interface RecordInput {
  key?: Buffer | null;
  value?: Buffer | null;
  headers?: RecordHeader[];
  /** Milliseconds since the epoch; defaults to the batch's base timestamp. */
  timestamp?: number;
  /** Defaults to the record's index in the batch; must increase within a batch. */
  offsetDelta?: number;
}

const NO_HEADERS: RecordHeader[] = [];
/** attributes, timestampDelta, offsetDelta, key length, value length, header count: 1 byte each. */
const MIN_RECORD_BODY = 6;

function bytesSize(b: Buffer | null | undefined): number {
  return b == null ? 1 : varintSize(b.length) + b.length;
}

/** Size of the record body (everything after the length varint). */
export function recordBodySize(record: RecordInput, offsetDelta: number, timestampDelta: number): number {
  const headers = record.headers ?? NO_HEADERS;
  let size =
    1 +
    varlongSize(timestampDelta) +
    varintSize(offsetDelta) +
    bytesSize(record.key) +
    bytesSize(record.value) +
    varintSize(headers.length);
  for (const h of headers) {
    const keyLen = Buffer.byteLength(h.key, 'utf8');
    size += varintSize(keyLen) + keyLen + bytesSize(h.value);
  }
  return size;
}

function writeBytes(w: Writer, b: Buffer | null | undefined): void {
  if (b == null) {
    w.varint(-1);
  } else {
    w.varint(b.length);
    w.copy(b);
  }
}

export function writeRecord(w: Writer, record: RecordInput, offsetDelta: number, timestampDelta: number): void {
  w.varint(recordBodySize(record, offsetDelta, timestampDelta));
  w.int8(0);
  w.varlong(timestampDelta);
  w.varint(offsetDelta);
  writeBytes(w, record.key);
  writeBytes(w, record.value);
  const headers = record.headers ?? NO_HEADERS;
  w.varint(headers.length);
  for (const h of headers) {
    const keyLen = Buffer.byteLength(h.key, 'utf8');
    w.varint(keyLen);
    w.utf8Raw(h.key, keyLen);
    writeBytes(w, h.value);
  }
}

function corrupt(message: string): ProtocolError {
  return new ProtocolError('CORRUPT_RECORD', message);
}

function readLength(r: Reader, what: string): number {
  const len = r.varint();
  if (len < -1) throw corrupt(`record ${what} length ${len} at offset ${r.pos}`);
  if (len > r.end - r.pos) throw corrupt(`record ${what} of ${len} bytes exceeds the ${r.end - r.pos} bytes left`);
  return len;
}

function readNullableBytes(r: Reader, what: string): Buffer | null {
  const len = readLength(r, what);
  return len === -1 ? null : r.raw(len);
}

/** The fields of one record as stored, relative to its batch; read into by readRecordFields. */
export interface RecordFields {
  timestampDelta: number;
  offsetDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/**
 * Reads the record at `r.pos` into `out` (an object reused from record to record, so that a
 * reader building its own record shape allocates nothing else for it). Returns where the record
 * started, for error messages about it.
 */
export function readRecordFields(r: Reader, out: RecordFields): number {
  const start = r.pos;
  const length = r.varint();
  if (length < MIN_RECORD_BODY || length > r.end - r.pos) {
    throw corrupt(`record at offset ${start} has length ${length} with ${r.end - r.pos} bytes left`);
  }
  const end = r.pos + length;
  r.int8(); // attributes: unused by every magic-2 writer
  out.timestampDelta = r.varlong();
  out.offsetDelta = r.varint();
  out.key = readNullableBytes(r, 'key');
  out.value = readNullableBytes(r, 'value');
  const headerCount = r.varint();
  // A header takes at least 2 bytes (key length and value length).
  if (headerCount < 0 || headerCount * 2 > end - r.pos) {
    throw corrupt(`record at offset ${start} has header count ${headerCount} with ${end - r.pos} bytes left`);
  }
  const headers: RecordHeader[] = headerCount === 0 ? [] : new Array(headerCount);
  for (let i = 0; i < headerCount; i++) {
    const keyLen = readLength(r, 'header key');
    if (keyLen < 0) throw corrupt(`record at offset ${start} has a null header key`);
    const at = r.pos;
    r.pos += keyLen;
    headers[i] = { key: r.buf.toString('utf8', at, at + keyLen), value: readNullableBytes(r, 'header value') };
  }
  out.headers = headers;
  if (r.pos !== end) {
    throw corrupt(`record at offset ${start} declared ${length} bytes but its fields take ${r.pos - end + length}`);
  }
  return start;
}

/**
 * A record's timestamp: `logAppendTime` (the batch's maxTimestamp when the batch uses
 * LogAppendTime: it replaces every record's own) or the batch's base plus the record's delta.
 */
export function recordTimestamp(
  baseTimestamp: number,
  timestampDelta: number,
  logAppendTime: number | null,
  start: number,
): number {
  if (logAppendTime !== null) return logAppendTime;
  const timestamp = baseTimestamp + timestampDelta;
  if (!Number.isSafeInteger(timestamp)) throw corrupt(`record at offset ${start} has timestamp out of range`);
  return timestamp;
}
