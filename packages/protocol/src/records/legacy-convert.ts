import { ProtocolError } from '../errors/protocol-error.js';
import { Writer } from '../io/writer.js';
import { logEntryEnd } from './batch-header.js';
import { MAGIC_OFFSET, MAGIC_V2, TimestampType } from './batch-layout.js';
import { validateBatch } from './batch-validate.js';
import type { CompressionType, CompressOptions } from './compression/index.js';
import { decodeLegacyEntry, LEGACY_MIN_MESSAGE_SIZE } from './legacy-message-set.js';
import type { RecordInput } from './record.js';
import { writeRecordBatch } from './record-batch.js';
import type { DecodedRecord, RecordBatch } from './types.js';

export interface ConvertOptions {
  /** Codec of the produced v2 batches (default None). */
  compression?: CompressionType;
  compressionOptions?: CompressOptions;
  partitionLeaderEpoch?: number;
  verifyCrc?: boolean;
  maxDecompressedBytes?: number;
}

const INT32_MAX = 0x7fffffff;

/** Consecutive legacy records that can share one v2 batch. */
interface Group {
  timestampType: TimestampType;
  maxTimestamp: number;
  records: DecodedRecord[];
}

function fits(group: Group, entry: RecordBatch, record: DecodedRecord): boolean {
  const first = group.records[0] as DecodedRecord;
  const last = group.records[group.records.length - 1] as DecodedRecord;
  return (
    group.timestampType === entry.timestampType &&
    // A LogAppendTime batch has one timestamp for all its records.
    (entry.timestampType !== TimestampType.LogAppendTime || group.maxTimestamp === entry.maxTimestamp) &&
    record.offset > last.offset &&
    record.offset - first.offset <= BigInt(INT32_MAX)
  );
}

function writeGroup(w: Writer, g: Group, options: ConvertOptions): void {
  const base = (g.records[0] as DecodedRecord).offset;
  const logAppend = g.timestampType === TimestampType.LogAppendTime;
  const records: RecordInput[] = g.records.map((r) => ({
    key: r.key,
    value: r.value,
    headers: r.headers,
    timestamp: r.timestamp,
    offsetDelta: Number(r.offset - base),
  }));
  writeRecordBatch(w, {
    baseOffset: base,
    partitionLeaderEpoch: options.partitionLeaderEpoch,
    compression: options.compression,
    compressionOptions: options.compressionOptions,
    // Magic 0 had no timestamps: v2 keeps them as -1 under CreateTime, as Kafka's up-conversion does.
    timestampType: logAppend ? TimestampType.LogAppendTime : TimestampType.CreateTime,
    maxTimestamp: logAppend ? g.maxTimestamp : undefined,
    records,
  });
}

/**
 * Converts a record set holding legacy (magic 0/1) messages into v2 batches, keeping offsets,
 * keys, values and timestamps. Consecutive messages share a batch while their timestamp type (and
 * for LogAppendTime, the append time) agree; v2 batches already in the set are copied unchanged.
 */
export function convertToRecordBatchV2(buf: Buffer, options: ConvertOptions = {}): Buffer {
  const w = new Writer(buf.length + 1024);
  let group: Group | null = null;
  const flush = (): void => {
    if (group !== null) writeGroup(w, group, options);
    group = null;
  };
  for (let pos = 0; pos < buf.length; ) {
    const end = logEntryEnd(buf, pos, LEGACY_MIN_MESSAGE_SIZE);
    const magic = buf.readInt8(pos + MAGIC_OFFSET);
    if (magic === MAGIC_V2) {
      flush();
      validateBatch(buf, pos, { verifyCrc: options.verifyCrc });
      w.copy(buf.subarray(pos, end));
    } else if (magic === 0 || magic === 1) {
      const entry = decodeLegacyEntry(buf, pos, options);
      for (const record of entry.records) {
        if (group === null || !fits(group, entry, record)) {
          flush();
          group = { timestampType: entry.timestampType, maxTimestamp: entry.maxTimestamp, records: [] };
        }
        group.records.push(record);
        if (record.timestamp > group.maxTimestamp) group.maxTimestamp = record.timestamp;
      }
    } else {
      throw new ProtocolError('CORRUPT_RECORD', `log entry at offset ${pos} has unknown magic ${magic}`);
    }
    pos = end;
  }
  flush();
  return w.toBuffer();
}
