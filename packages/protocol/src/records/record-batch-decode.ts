import { ProtocolError } from '../errors/protocol-error.js';
import { Reader } from '../io/reader.js';
import { logEntryEnd, RecordBatchView } from './batch-header.js';
import { MAGIC_OFFSET, MAGIC_V2, MIN_RECORD_SIZE, TimestampType } from './batch-layout.js';
import { validateBatch } from './batch-validate.js';
import { CompressionType, decompress } from './compression/index.js';
import { decodeLegacyEntry, LEGACY_MIN_MESSAGE_SIZE } from './legacy-message-set.js';
import { type RecordFields, readRecordFields, recordTimestamp } from './record.js';
import type { DecodedRecord, RecordBatch, RecordBatchHeader, RecordHeader } from './types.js';

export interface DecodeOptions {
  /** Default true. */
  verifyCrc?: boolean;
  /** Limit on one batch's decompressed records section (default DEFAULT_MAX_DECOMPRESSED_BYTES). */
  maxDecompressedBytes?: number;
  /** Record sets only: ignore a truncated last entry, as fetch responses may have one. */
  allowTruncatedTail?: boolean;
}

interface OpenBatch {
  header: RecordBatchHeader;
  reader: Reader;
  logAppendTime: number | null;
}

function openBatch(buf: Buffer, pos: number, options: DecodeOptions): OpenBatch {
  validateBatch(buf, pos, { verifyCrc: options.verifyCrc });
  const view = new RecordBatchView(buf, pos);
  const header = view.toHeader();
  let data = view.recordsData;
  if (header.compression !== CompressionType.None) {
    data = decompress(header.compression, data, { maxOutputBytes: options.maxDecompressedBytes });
    if (header.recordCount * MIN_RECORD_SIZE > data.length) {
      throw new ProtocolError(
        'CORRUPT_RECORD',
        `batch at offset ${pos} claims ${header.recordCount} records in ${data.length} decompressed bytes`,
      );
    }
  }
  const logAppendTime = header.timestampType === TimestampType.LogAppendTime ? header.maxTimestamp : null;
  return { header, reader: new Reader(data), logAppendTime };
}

function checkMoreRecords(r: Reader, header: RecordBatchHeader, index: number): void {
  if (r.pos >= r.end) {
    throw new ProtocolError('CORRUPT_RECORD', `batch claims ${header.recordCount} records but holds ${index}`);
  }
}

function checkConsumed(r: Reader, header: RecordBatchHeader): void {
  if (r.pos !== r.end) {
    throw new ProtocolError(
      'CORRUPT_RECORD',
      `${r.end - r.pos} bytes left in the batch after its ${header.recordCount} declared records`,
    );
  }
}

/** Decodes the v2 batch at `pos` with all its records (decompressing if needed). */
export function decodeRecordBatch(buf: Buffer, pos = 0, options: DecodeOptions = {}): RecordBatch {
  const open = openBatch(buf, pos, options);
  const { header } = open;
  const records: DecodedRecord[] = new Array(header.recordCount);
  // The cursor checks the count against the bytes as it goes, and the bytes left after the last.
  const cursor = new BatchRecordCursor(open);
  let i = 0;
  for (let r = cursor.next(); r !== null; r = cursor.next()) records[i++] = r;
  // Extending the fresh header object in place: spreading its 19 fields into a new object was the
  // single largest cost of decoding small batches.
  const batch = header as RecordBatch;
  batch.records = records;
  return batch;
}

/**
 * Yields the records of the v2 batch at `pos` one at a time. The batch is validated and (if
 * compressed) decompressed on the first step; records are decoded as they are consumed, so a
 * consumer that stops early does not pay for the rest.
 */
export function* iterateRecords(buf: Buffer, pos = 0, options: DecodeOptions = {}): Generator<DecodedRecord> {
  const cursor = new BatchRecordCursor(openBatch(buf, pos, options));
  for (let r = cursor.next(); r !== null; r = cursor.next()) yield r;
}

/** The positions and magic bytes of the complete log entries of a record set. */
function* logEntries(buf: Buffer, options: DecodeOptions): Generator<{ pos: number; magic: number }> {
  let pos = 0;
  while (pos < buf.length) {
    let end: number;
    try {
      end = logEntryEnd(buf, pos, LEGACY_MIN_MESSAGE_SIZE);
    } catch (err) {
      if (options.allowTruncatedTail && err instanceof ProtocolError && err.code === 'TRUNCATED') return;
      throw err;
    }
    const magic = buf.readInt8(pos + MAGIC_OFFSET);
    if (magic !== MAGIC_V2 && magic !== 0 && magic !== 1) {
      throw new ProtocolError('CORRUPT_RECORD', `log entry at offset ${pos} has unknown magic ${magic}`);
    }
    yield { pos, magic };
    pos = end;
  }
}

/**
 * Yields every entry of a record set, decoded: v2 batches, and legacy magic 0/1 messages (each
 * top-level message, or compressed wrapper with its inner messages, as one batch-shaped entry).
 */
export function* iterateRecordBatches(buf: Buffer, options: DecodeOptions = {}): Generator<RecordBatch> {
  for (const { pos, magic } of logEntries(buf, options)) {
    yield magic === MAGIC_V2 ? decodeRecordBatch(buf, pos, options) : decodeLegacyEntry(buf, pos, options);
  }
}

/**
 * One entry of a record set: its header, and its records one at a time. `advance()` moves to the
 * next record and fills the cursor's own fields with it (no object per record: a consumer builds
 * its own record from them); `next()` returns it as a DecodedRecord instead.
 */
export interface RecordCursor {
  readonly header: RecordBatchHeader;
  /** Moves to the next record; false after the last. */
  advance(): boolean;
  /** The current record's fields (after advance() returned true). */
  readonly offset: bigint;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeader[];
  /** advance(), as a DecodedRecord; null after the last. */
  next(): DecodedRecord | null;
}

abstract class CursorBase {
  offset = -1n;
  timestamp = -1;
  key: Buffer | null = null;
  value: Buffer | null = null;
  headers: RecordHeader[] = [];

  abstract advance(): boolean;

  next(): DecodedRecord | null {
    if (!this.advance()) return null;
    return { offset: this.offset, timestamp: this.timestamp, key: this.key, value: this.value, headers: this.headers };
  }
}

/** A v2 batch decoded record by record, as they are asked for. */
class BatchRecordCursor extends CursorBase implements RecordCursor {
  readonly header: RecordBatchHeader;
  private index = 0;
  private readonly fields: RecordFields = { timestampDelta: 0, offsetDelta: 0, key: null, value: null, headers: [] };
  private lastDelta = -1;

  constructor(private readonly open: OpenBatch) {
    super();
    this.header = open.header;
    this.offset = open.header.baseOffset - 1n;
  }

  advance(): boolean {
    const { header, reader, logAppendTime } = this.open;
    if (this.index >= header.recordCount) {
      if (this.index++ === header.recordCount) checkConsumed(reader, header);
      return false;
    }
    checkMoreRecords(reader, header, this.index++);
    const f = this.fields;
    const start = readRecordFields(reader, f);
    // Producers number a batch's records 0, 1, 2...: the offset is then one BigInt, not two.
    this.offset = f.offsetDelta === this.lastDelta + 1 ? this.offset + 1n : header.baseOffset + BigInt(f.offsetDelta);
    this.lastDelta = f.offsetDelta;
    this.timestamp = recordTimestamp(header.baseTimestamp, f.timestampDelta, logAppendTime, start);
    this.key = f.key;
    this.value = f.value;
    this.headers = f.headers;
    return true;
  }
}

/** A legacy entry, decoded whole (its inner messages are few, and compressed ones come together). */
class DecodedRecordCursor extends CursorBase implements RecordCursor {
  private index = 0;

  constructor(readonly header: RecordBatch) {
    super();
  }

  advance(): boolean {
    const r = this.header.records[this.index++];
    if (r === undefined) return false;
    this.offset = r.offset;
    this.timestamp = r.timestamp;
    this.key = r.key;
    this.value = r.value;
    this.headers = r.headers;
    return true;
  }
}

/**
 * Like iterateRecordBatches, but each v2 batch's records are decoded only as they are asked for,
 * so a reader that hands records out a few at a time keeps only those alive (a decoded 1 MB batch
 * of 1 KiB records is a thousand objects that outlive the garbage collector's young generation).
 * The batch is still validated (and decompressed) as a whole before its first record.
 */
export function* iterateRecordCursors(buf: Buffer, options: DecodeOptions = {}): Generator<RecordCursor> {
  for (const { pos, magic } of logEntries(buf, options)) {
    yield magic === MAGIC_V2
      ? new BatchRecordCursor(openBatch(buf, pos, options))
      : new DecodedRecordCursor(decodeLegacyEntry(buf, pos, options));
  }
}

export function decodeRecordBatches(buf: Buffer, options: DecodeOptions = {}): RecordBatch[] {
  return Array.from(iterateRecordBatches(buf, options));
}
