import {
  attributesAt,
  baseOffsetAt,
  baseTimestampAt,
  CompressionType,
  compressionFromAttributes,
  decompress,
  isLogAppendTimeAt,
  maxTimestampAt,
  RECORDS_OFFSET,
  recordCountAt,
} from '@samsa/protocol';
import { StorageError } from './errors.js';

/*
 * Walks the records of one batch without materialising them: for each record it decodes only the
 * offset delta, timestamp delta and key length. Used where Kafka too looks inside batches: the
 * key check of compacted topics on append, and the in-batch step of offsetForTimestamp and
 * maxTimestampOffset. Compressed batches are decompressed once via the records library.
 */

export interface RecordPosition {
  offset: number;
  timestamp: number;
  /** -1 for a null key. */
  keyLength: number;
  /** The key is data[keyOffset, keyOffset + keyLength) when keyLength >= 0. */
  keyOffset: number;
  /** The (decompressed) records section the positions refer to. */
  data: Buffer;
  /** -1 for a null value (a tombstone). */
  valueLength: number;
}

interface Cursor {
  pos: number;
  end: number;
}

function corrupt(what: string): StorageError {
  return new StorageError('CORRUPT_MESSAGE', `malformed record in batch: ${what}`);
}

/** Zigzag varint/varlong as a JS number (exact within 2^53, which covers every length and delta). */
function readVar(buf: Buffer, cursor: Cursor): number {
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (cursor.pos >= cursor.end) throw corrupt('varint runs past the end');
    const b = buf[cursor.pos++] as number;
    raw += (b & 0x7f) * scale;
    if (b < 0x80) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    scale *= 128;
  }
  throw corrupt('varint longer than 10 bytes');
}

function skipBytes(buf: Buffer, cursor: Cursor, what: string): number {
  const len = readVar(buf, cursor);
  if (len < -1 || cursor.pos + Math.max(len, 0) > cursor.end) throw corrupt(`${what} length ${len}`);
  if (len > 0) cursor.pos += len;
  return len;
}

/** The records section of the batch at `pos`, decompressed if needed. */
export function recordsSection(buf: Buffer, pos: number, end: number): Buffer {
  const data = buf.subarray(pos + RECORDS_OFFSET, end);
  try {
    const codec = compressionFromAttributes(attributesAt(buf, pos));
    return codec === CompressionType.None ? data : decompress(codec, data);
  } catch (err) {
    throw new StorageError('CORRUPT_MESSAGE', `cannot decompress batch: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Calls `visit` for each record of the batch at [pos, end) in order, until it returns false. The
 * `RecordPosition` object is reused between calls. Timestamps of LogAppendTime batches are the
 * batch's maxTimestamp, as Kafka reports them.
 */
export function walkRecords(
  buf: Buffer,
  pos: number,
  end: number,
  visit: (r: RecordPosition) => boolean | undefined,
): void {
  const data = recordsSection(buf, pos, end);
  const baseOffset = baseOffsetAt(buf, pos);
  const baseTimestamp = baseTimestampAt(buf, pos);
  const logAppendTime = isLogAppendTimeAt(buf, pos) ? maxTimestampAt(buf, pos) : -1;
  const count = recordCountAt(buf, pos);
  const r: RecordPosition = { offset: 0, timestamp: 0, keyLength: 0, keyOffset: 0, data, valueLength: 0 };
  const cursor: Cursor = { pos: 0, end: data.length };
  for (let i = 0; i < count; i++) {
    const length = readVar(data, cursor);
    const recordEnd = cursor.pos + length;
    if (length < 6 || recordEnd > data.length) throw corrupt(`record length ${length}`);
    cursor.end = recordEnd;
    cursor.pos++; // attributes
    const timestampDelta = readVar(data, cursor);
    r.offset = baseOffset + readVar(data, cursor);
    r.timestamp = logAppendTime >= 0 ? logAppendTime : baseTimestamp + timestampDelta;
    r.keyLength = skipBytes(data, cursor, 'key');
    r.keyOffset = cursor.pos - Math.max(r.keyLength, 0);
    r.valueLength = skipBytes(data, cursor, 'value');
    cursor.pos = recordEnd; // headers are not needed by any caller
    cursor.end = data.length;
    if (visit(r) === false) return;
  }
}
