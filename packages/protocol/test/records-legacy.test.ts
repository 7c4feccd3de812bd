import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib, { gzipSync } from 'node:zlib';
import { crc32 as nodeRsCrc32 } from '@node-rs/crc32';
import {
  CompressionType,
  convertToRecordBatchV2,
  decodeLegacyEntry,
  decodeLegacyMessage,
  decodeRecordBatches,
  encodeLegacyMessageSet,
  encodeRecordBatch,
  lz4HeaderChecksum,
  TimestampType,
  validateRecordSet,
} from '../src/records/index.js';
import { GZIP_V0_MESSAGE_SET } from './fixtures/records/captured.js';
import { text, throwsProtocolError } from './fixtures/records/helpers.js';

// node:zlib's CRC-32 (Node >= 20.15) is independent of the @node-rs one the decoder uses.
const zlibCrc32: (b: Uint8Array) => number =
  typeof zlib.crc32 === 'function' ? (b) => zlib.crc32(b) : (b) => nodeRsCrc32(b) >>> 0;

interface HandMessage {
  offset: bigint;
  magic: 0 | 1;
  attributes?: number;
  timestamp?: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

/** Builds a legacy message independently of the encoder, CRC from node:zlib rather than @node-rs. */
function handMessage(m: HandMessage): Buffer {
  const bytes = (b: Buffer | null): Buffer => {
    const len = Buffer.alloc(4);
    len.writeInt32BE(b === null ? -1 : b.length, 0);
    return b === null ? len : Buffer.concat([len, b]);
  };
  const ts = Buffer.alloc(m.magic === 1 ? 8 : 0);
  if (m.magic === 1) ts.writeBigInt64BE(m.timestamp ?? -1n, 0);
  const body = Buffer.concat([Buffer.from([m.magic, m.attributes ?? 0]), ts, bytes(m.key), bytes(m.value)]);
  const head = Buffer.alloc(16);
  head.writeBigInt64BE(m.offset, 0);
  head.writeInt32BE(body.length + 4, 8);
  head.writeUInt32BE(zlibCrc32(body), 12);
  return Buffer.concat([head, body]);
}

const INNER = [
  { key: text('k0'), value: text('v0'), timestamp: 1000 },
  { key: null, value: text('v1'), timestamp: 3000 },
  { key: text('k2'), value: null, timestamp: 2000 },
];

describe('legacy message decoding', () => {
  it('decodes a hand-built magic 0 message field by field', () => {
    const buf = handMessage({ offset: 3n, magic: 0, key: text('k'), value: text('abc') });
    assert.equal(buf.toString('hex').slice(0, 24), '000000000000000300000012');
    const m = decodeLegacyMessage(buf);
    assert.equal(m.offset, 3n);
    assert.equal(m.magic, 0);
    assert.equal(m.attributes, 0);
    assert.equal(m.crc, buf.readUInt32BE(12));
    assert.equal(m.timestamp, -1);
    assert.deepEqual(m.key, text('k'));
    assert.deepEqual(m.value, text('abc'));
    assert.equal(m.end, buf.length);
    // The encoder writes the same bytes.
    assert.deepEqual(
      encodeLegacyMessageSet({ magic: 0, baseOffset: 3n, messages: [{ key: text('k'), value: text('abc') }] }),
      buf,
    );
  });

  it('decodes a hand-built magic 1 message with its timestamp type', () => {
    const create = handMessage({ offset: 9n, magic: 1, timestamp: 1500000000000n, key: null, value: text('x') });
    const entry = decodeLegacyEntry(create);
    assert.equal(entry.magic, 1);
    assert.equal(entry.timestampType, TimestampType.CreateTime);
    assert.deepEqual(entry.records, [
      { offset: 9n, timestamp: 1500000000000, key: null, value: text('x'), headers: [] },
    ]);
    const append = handMessage({ offset: 9n, magic: 1, attributes: 0x08, timestamp: 5n, key: null, value: null });
    assert.equal(decodeLegacyEntry(append).timestampType, TimestampType.LogAppendTime);
    assert.deepEqual(
      encodeLegacyMessageSet({
        magic: 1,
        baseOffset: 9n,
        messages: [{ key: null, value: text('x'), timestamp: 1500000000000 }],
      }),
      create,
    );
  });

  it('decodes the captured magic 0 gzip wrapper stored by a real broker', () => {
    const [entry, ...rest] = decodeRecordBatches(Buffer.from(GZIP_V0_MESSAGE_SET, 'hex'));
    assert.equal(rest.length, 0);
    assert.equal(entry?.magic, 0);
    assert.equal(entry?.compression, CompressionType.Gzip);
    assert.equal(entry?.timestampType, TimestampType.NoTimestamp);
    assert.deepEqual(
      entry?.records,
      [0, 1, 2].map((i) => ({
        offset: BigInt(i),
        timestamp: -1,
        key: text(`key-${i}`),
        value: text(`some-value-${i}`),
        headers: [],
      })),
    );
  });

  for (const magic of [0, 1] as const) {
    for (const compression of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4]) {
      it(`magic ${magic} ${CompressionType[compression]} wrapper round-trips with absolute offsets`, () => {
        const buf = encodeLegacyMessageSet({ magic, compression, baseOffset: 100n, messages: INNER });
        // The wrapper carries the offset of the last inner message.
        assert.equal(buf.readBigInt64BE(0), 102n);
        const entries = decodeRecordBatches(buf);
        assert.equal(entries.length, 1);
        const e = entries[0];
        assert.equal(e?.compression, compression);
        assert.equal(e?.baseOffset, 100n);
        assert.equal(e?.lastOffsetDelta, 2);
        assert.equal(e?.recordCount, 3);
        assert.deepEqual(
          e?.records,
          INNER.map((m, i) => ({
            offset: 100n + BigInt(i),
            timestamp: magic === 1 ? m.timestamp : -1,
            key: m.key,
            value: m.value,
            headers: [],
          })),
        );
        if (magic === 1) assert.equal(e?.maxTimestamp, 3000);
      });
    }
  }

  it('magic 1 inner offsets are relative: a hand-built wrapper maps them onto the wrapper offset', () => {
    const inner = Buffer.concat([
      handMessage({ offset: 0n, magic: 1, timestamp: 1n, key: null, value: text('a') }),
      handMessage({ offset: 1n, magic: 1, timestamp: 2n, key: null, value: text('b') }),
    ]);
    const wrapper = handMessage({
      offset: 51n,
      magic: 1,
      attributes: 1,
      timestamp: 2n,
      key: null,
      value: gzipSync(inner),
    });
    assert.deepEqual(
      decodeLegacyEntry(wrapper).records.map((r) => r.offset),
      [50n, 51n],
    );
  });

  it('magic 0 lz4 wrappers use (and are read with) the historical broken descriptor checksum', () => {
    const buf = encodeLegacyMessageSet({ magic: 0, compression: CompressionType.Lz4, messages: INNER });
    const value = decodeLegacyMessage(buf).value as Buffer;
    assert.equal(value[6], lz4HeaderChecksum(value, true));
    assert.notEqual(value[6], lz4HeaderChecksum(value));
    assert.equal(decodeRecordBatches(buf)[0]?.records.length, 3);
  });

  it('LogAppendTime wrappers give every inner record the wrapper timestamp', () => {
    const buf = encodeLegacyMessageSet({
      magic: 1,
      compression: CompressionType.Gzip,
      timestampType: TimestampType.LogAppendTime,
      logAppendTime: 7777,
      messages: INNER,
    });
    const e = decodeRecordBatches(buf)[0];
    assert.equal(e?.timestampType, TimestampType.LogAppendTime);
    assert.deepEqual(
      e?.records.map((r) => r.timestamp),
      [7777, 7777, 7777],
    );
  });
});

describe('malformed legacy messages', () => {
  const good = encodeLegacyMessageSet({ magic: 1, compression: CompressionType.Gzip, messages: INNER });

  it('any truncation is a ProtocolError', () => {
    assert.deepEqual(decodeRecordBatches(good.subarray(0, 0)), []); // an empty set is valid
    for (let n = 1; n < good.length; n++) {
      throwsProtocolError(() => decodeRecordBatches(good.subarray(0, n)), 'TRUNCATED');
      assert.deepEqual(decodeRecordBatches(good.subarray(0, n), { allowTruncatedTail: true }), []);
    }
  });

  it('any flipped byte after the CRC field fails the CRC check', () => {
    for (let i = 16; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] = (bad[i] as number) ^ 0x01;
      throwsProtocolError(() => decodeRecordBatches(bad), undefined);
    }
    const bad = Buffer.from(good);
    bad[30] = (bad[30] as number) ^ 0xff;
    throwsProtocolError(() => decodeLegacyMessage(bad), 'CORRUPT_RECORD', /CRC/);
  });

  it('rejects zstd, nested compression, mismatched inner magic, null wrapper values and bad lengths', () => {
    const zstd = handMessage({ offset: 0n, magic: 1, attributes: 4, key: null, value: text('whatever') });
    throwsProtocolError(() => decodeLegacyEntry(zstd), 'UNSUPPORTED_COMPRESSION');
    const nested = handMessage({ offset: 2n, magic: 1, attributes: 1, key: null, value: gzipSync(good) });
    throwsProtocolError(() => decodeLegacyEntry(nested), 'CORRUPT_RECORD', /nested/);
    const v0inner = handMessage({ offset: 0n, magic: 0, key: null, value: text('a') });
    const mixed = handMessage({ offset: 0n, magic: 1, attributes: 1, key: null, value: gzipSync(v0inner) });
    throwsProtocolError(() => decodeLegacyEntry(mixed), 'CORRUPT_RECORD', /magic/);
    const nullValue = handMessage({ offset: 0n, magic: 1, attributes: 2, key: null, value: null });
    throwsProtocolError(() => decodeLegacyEntry(nullValue), 'CORRUPT_RECORD', /null value/);
    const empty = handMessage({ offset: 0n, magic: 1, attributes: 1, key: null, value: gzipSync(Buffer.alloc(0)) });
    throwsProtocolError(() => decodeLegacyEntry(empty), 'CORRUPT_RECORD', /no inner messages/);
    // A key length running past the message: re-CRC so the length check itself is what fails.
    const longKey = handMessage({ offset: 0n, magic: 0, key: text('k'), value: text('v') });
    longKey.writeInt32BE(1000, 18);
    longKey.writeUInt32BE(zlibCrc32(longKey.subarray(16)), 12);
    throwsProtocolError(() => decodeLegacyMessage(longKey), 'TRUNCATED');
    const negKey = Buffer.from(longKey);
    negKey.writeInt32BE(-7, 18);
    negKey.writeUInt32BE(zlibCrc32(negKey.subarray(16)), 12);
    throwsProtocolError(() => decodeLegacyMessage(negKey), 'INVALID_LENGTH');
    const trailing = Buffer.concat([handMessage({ offset: 0n, magic: 0, key: null, value: null }), Buffer.from([0])]);
    trailing.writeInt32BE(trailing.length - 12, 8);
    trailing.writeUInt32BE(zlibCrc32(trailing.subarray(16)), 12);
    throwsProtocolError(() => decodeLegacyMessage(trailing), 'CORRUPT_RECORD', /after its value/);
    const badMagic = handMessage({ offset: 0n, magic: 0, key: null, value: null });
    badMagic[16] = 3;
    throwsProtocolError(() => decodeRecordBatches(badMagic), 'CORRUPT_RECORD', /magic/);
  });
});

describe('conversion to v2', () => {
  it('keeps offsets, keys, values and timestamps, in one batch per run of compatible messages', () => {
    const legacy = Buffer.concat([
      encodeLegacyMessageSet({ magic: 1, compression: CompressionType.Snappy, baseOffset: 10n, messages: INNER }),
      encodeLegacyMessageSet({ magic: 1, baseOffset: 13n, messages: [{ value: text('plain'), timestamp: 4000 }] }),
    ]);
    const v2 = convertToRecordBatchV2(legacy, { compression: CompressionType.Zstd, partitionLeaderEpoch: 4 });
    assert.equal(validateRecordSet(v2, { requireContiguousOffsets: true }).batchCount, 1);
    const [batch] = decodeRecordBatches(v2);
    assert.equal(batch?.magic, 2);
    assert.equal(batch?.compression, CompressionType.Zstd);
    assert.equal(batch?.partitionLeaderEpoch, 4);
    assert.equal(batch?.maxTimestamp, 4000);
    const before = decodeRecordBatches(legacy).flatMap((e) => e.records);
    assert.deepEqual(batch?.records, before);
  });

  it('magic 0 timestamps stay -1 under CreateTime', () => {
    const v2 = convertToRecordBatchV2(Buffer.from(GZIP_V0_MESSAGE_SET, 'hex'));
    const [batch] = decodeRecordBatches(v2);
    assert.equal(batch?.timestampType, TimestampType.CreateTime);
    assert.equal(batch?.baseTimestamp, -1);
    assert.deepEqual(
      batch?.records.map((r) => [r.offset, r.timestamp, r.value?.toString()]),
      [
        [0n, -1, 'some-value-0'],
        [1n, -1, 'some-value-1'],
        [2n, -1, 'some-value-2'],
      ],
    );
  });

  it('splits on timestamp type or append time changes and copies v2 batches through', () => {
    const v2Batch = encodeRecordBatch({ baseOffset: 20n, records: [{ value: text('v2'), timestamp: 9 }] });
    const legacy = Buffer.concat([
      encodeLegacyMessageSet({ magic: 1, baseOffset: 0n, messages: [{ value: text('a'), timestamp: 1 }] }),
      encodeLegacyMessageSet({
        magic: 1,
        baseOffset: 1n,
        compression: CompressionType.Gzip,
        timestampType: TimestampType.LogAppendTime,
        logAppendTime: 500,
        messages: [{ value: text('b') }, { value: text('c') }],
      }),
      encodeLegacyMessageSet({
        magic: 1,
        baseOffset: 3n,
        timestampType: TimestampType.LogAppendTime,
        logAppendTime: 600,
        messages: [{ value: text('d') }],
      }),
      v2Batch,
    ]);
    const batches = decodeRecordBatches(convertToRecordBatchV2(legacy));
    assert.deepEqual(
      batches.map((b) => [b.magic, b.timestampType, b.baseOffset, b.records.map((r) => r.timestamp)]),
      [
        [2, TimestampType.CreateTime, 0n, [1]],
        [2, TimestampType.LogAppendTime, 1n, [500, 500]],
        [2, TimestampType.LogAppendTime, 3n, [600]],
        [2, TimestampType.CreateTime, 20n, [9]],
      ],
    );
    assert.deepEqual(convertToRecordBatchV2(legacy).subarray(-v2Batch.length), v2Batch);
  });
});
