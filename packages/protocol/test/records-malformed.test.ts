import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ProtocolError } from '../src/errors/protocol-error.js';
import {
  ATTRIBUTES_OFFSET,
  BATCH_LENGTH_OFFSET,
  CompressionType,
  decodeRecordBatch,
  decodeRecordBatches,
  encodeRecordBatch,
  iterateBatches,
  MAGIC_OFFSET,
  RECORD_COUNT_OFFSET,
  RECORDS_OFFSET,
  type RecordBatchInput,
  readBatchHeader,
  validateBatch,
  validateRecordSet,
} from '../src/records/index.js';
import { reseal, text, throwsProtocolError } from './fixtures/records/helpers.js';

function input(compression: CompressionType): RecordBatchInput {
  return {
    compression,
    producerId: 3n,
    records: [
      { key: text('key'), value: text('value-0'), headers: [{ key: 'h', value: text('hv') }], timestamp: 1000 },
      { key: null, value: text('value-1'), timestamp: 1001 },
      { key: text('k2'), value: null, headers: [{ key: 'n', value: null }], timestamp: 999 },
    ],
  };
}

/** An uncompressed batch with one record of known layout, for surgical edits. */
function oneRecordBatch(): Buffer {
  return encodeRecordBatch({ records: [{ key: text('k'), value: text('vv'), timestamp: 5 }] });
}

describe('truncation', () => {
  for (const compression of [CompressionType.None, CompressionType.Gzip, CompressionType.Zstd]) {
    it(`${CompressionType[compression]}: every proper prefix of a batch is rejected with a ProtocolError`, () => {
      const buf = encodeRecordBatch(input(compression));
      for (let n = 0; n < buf.length; n++) {
        const cut = buf.subarray(0, n);
        throwsProtocolError(() => validateBatch(cut), 'TRUNCATED');
        throwsProtocolError(() => decodeRecordBatch(cut), 'TRUNCATED');
        throwsProtocolError(() => readBatchHeader(cut), 'TRUNCATED');
        assert.deepEqual(decodeRecordBatches(cut, { allowTruncatedTail: true }), []);
      }
    });
  }

  it('a shortened batchLength with a matching CRC is still rejected', () => {
    const buf = encodeRecordBatch(input(CompressionType.None));
    for (let drop = 1; drop < buf.length - RECORDS_OFFSET; drop++) {
      const cut = reseal(Buffer.from(buf.subarray(0, buf.length - drop)));
      // Either the header checks (too few bytes for the count) or the record parser catch it.
      throwsProtocolError(() => decodeRecordBatch(cut), 'CORRUPT_RECORD');
    }
  });
});

describe('CRC coverage', () => {
  for (const compression of [CompressionType.None, CompressionType.Snappy]) {
    it(`${CompressionType[compression]}: flipping any bit from attributes to the end fails the CRC`, () => {
      const buf = encodeRecordBatch(input(compression));
      for (let i = ATTRIBUTES_OFFSET; i < buf.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const bad = Buffer.from(buf);
          bad[i] = (bad[i] as number) ^ (1 << bit);
          throwsProtocolError(() => validateBatch(bad), 'CORRUPT_RECORD', /CRC/);
          throwsProtocolError(() => decodeRecordBatch(bad), 'CORRUPT_RECORD', /CRC/);
        }
      }
    });
  }

  it('flipping the stored CRC fails; baseOffset and partitionLeaderEpoch are outside the CRC', () => {
    const buf = encodeRecordBatch(input(CompressionType.None));
    for (let i = 17; i < 21; i++) {
      const bad = Buffer.from(buf);
      bad[i] = (bad[i] as number) ^ 0x10;
      throwsProtocolError(() => validateBatch(bad), 'CORRUPT_RECORD', /CRC/);
    }
    for (const i of [0, 7, 12, 15]) {
      const moved = Buffer.from(buf);
      moved[i] = (moved[i] as number) ^ 0x10;
      assert.equal(validateBatch(moved), buf.length);
    }
  });

  it('verifyCrc:false skips the check', () => {
    const bad = Buffer.from(oneRecordBatch());
    bad[bad.length - 2] = 0x63; // value 'vv' -> 'vc' (the last byte is the header count)
    throwsProtocolError(() => decodeRecordBatch(bad), 'CORRUPT_RECORD');
    assert.equal(decodeRecordBatch(bad, 0, { verifyCrc: false }).records[0]?.value?.toString(), 'vc');
  });
});

describe('framing and header checks', () => {
  it('rejects bad magic, small/negative/huge batch lengths and unknown codecs', () => {
    const buf = oneRecordBatch();
    for (const magic of [0, 1, 3, -1]) {
      const bad = Buffer.from(buf);
      bad.writeInt8(magic, MAGIC_OFFSET);
      throwsProtocolError(() => validateBatch(bad), 'CORRUPT_RECORD', /magic/);
    }
    for (const [len, code] of [
      [-1, 'CORRUPT_RECORD'],
      [0, 'CORRUPT_RECORD'],
      [48, 'CORRUPT_RECORD'],
      [0x7fffffff, 'TRUNCATED'],
      [buf.length - 11, 'TRUNCATED'],
    ] as const) {
      const bad = Buffer.from(buf);
      bad.writeInt32BE(len, BATCH_LENGTH_OFFSET);
      throwsProtocolError(() => validateBatch(bad), code);
      throwsProtocolError(() => decodeRecordBatches(bad), code);
    }
    for (const codec of [5, 6, 7]) {
      const bad = Buffer.from(buf);
      bad.writeInt16BE(codec, ATTRIBUTES_OFFSET);
      throwsProtocolError(() => validateBatch(reseal(bad)), 'UNSUPPORTED_COMPRESSION');
    }
  });

  it('rejects record counts that are negative, exceed the offset range, or cannot fit the bytes', () => {
    const buf = oneRecordBatch();
    for (const count of [-1, 2, 1000000, 0x7fffffff]) {
      const bad = Buffer.from(buf);
      bad.writeInt32BE(count, RECORD_COUNT_OFFSET);
      throwsProtocolError(() => validateBatch(reseal(bad)), 'CORRUPT_RECORD', /record|claims/);
    }
    // Count within lastOffsetDelta but more than the bytes hold.
    const gappy = encodeRecordBatch({ lastOffsetDelta: 9, records: [{ value: null, timestamp: 1 }] });
    gappy.writeInt32BE(5, RECORD_COUNT_OFFSET);
    throwsProtocolError(() => validateBatch(reseal(gappy)), 'CORRUPT_RECORD', /claims 5 records/);
    // Count plausible for the bytes, but fewer records present.
    const two = encodeRecordBatch({
      lastOffsetDelta: 1,
      records: [{ key: text('a-longer-key-to-leave-room'), value: null, timestamp: 1 }],
    });
    two.writeInt32BE(2, RECORD_COUNT_OFFSET);
    throwsProtocolError(() => decodeRecordBatch(reseal(two)), 'CORRUPT_RECORD', /claims 2 records but holds 1/);
  });

  it('rejects bytes left over after the declared records, compressed or not', () => {
    const extra = Buffer.concat([oneRecordBatch(), Buffer.from([0, 0, 0])]);
    validateBatch(reseal(extra));
    throwsProtocolError(() => decodeRecordBatch(extra), 'CORRUPT_RECORD', /bytes left/);
    const compressed = encodeRecordBatch({ ...input(CompressionType.Gzip) });
    compressed.writeInt32BE(2, RECORD_COUNT_OFFSET);
    throwsProtocolError(() => decodeRecordBatch(reseal(compressed)), 'CORRUPT_RECORD', /bytes left/);
  });

  it('rejects a compressed section that does not decompress', () => {
    const buf = encodeRecordBatch(input(CompressionType.Lz4));
    const bad = Buffer.from(buf);
    bad.fill(0x33, RECORDS_OFFSET + 8);
    validateBatch(reseal(bad));
    throwsProtocolError(() => decodeRecordBatch(bad), 'CORRUPT_RECORD', /lz4/);
  });
});

describe('record-level corruption (CRC resealed so the record parser is reached)', () => {
  // oneRecordBatch's record, one byte per field except the key and value bytes:
  // length 9 (zigzag 0x12) | attributes | timestampDelta | offsetDelta | keyLen 1 | 'k' | valueLen 2 | 'vv' | headerCount
  const base = oneRecordBatch();
  const rec = RECORDS_OFFSET;

  it('layout assumption', () => {
    assert.deepEqual([...base.subarray(rec)], [0x12, 0, 0, 0, 0x02, 0x6b, 0x04, 0x76, 0x76, 0]);
  });

  function edited(edit: (b: Buffer) => Buffer): Buffer {
    return reseal(edit(Buffer.from(base)));
  }

  it('overlong varints', () => {
    // Record length as a 6-byte varint (continuation bits all set).
    const bad = edited((b) =>
      Buffer.concat([b.subarray(0, rec), Buffer.from([0x92, 0x80, 0x80, 0x80, 0x80, 0x00]), b.subarray(rec + 1)]),
    );
    throwsProtocolError(() => decodeRecordBatch(bad), 'VARINT_TOO_LONG');
    // Timestamp delta as an 11-byte varlong.
    const ts = edited((b) =>
      Buffer.concat([b.subarray(0, rec + 2), Buffer.alloc(10, 0x80), Buffer.from([0]), b.subarray(rec + 3)]),
    );
    throwsProtocolError(() => decodeRecordBatch(ts), 'VARINT_TOO_LONG');
  });

  it('record length that disagrees with its fields', () => {
    for (const len of [0x10, 0x14, 0x00, 0x01, 0x7e]) {
      const bad = edited((b) => {
        b[rec] = len;
        return b;
      });
      throwsProtocolError(() => decodeRecordBatch(bad), 'CORRUPT_RECORD');
    }
  });

  it('negative and oversized key/value/header lengths', () => {
    for (const [at, v] of [
      [rec + 4, 0x03], // key length -2
      [rec + 4, 0x7e], // key length 63: runs past the record
      [rec + 6, 0x05], // value length -3
      [rec + 9, 0x01], // header count -1
      [rec + 9, 0x7e], // header count 63
    ] as const) {
      const bad = edited((b) => {
        b[at] = v;
        return b;
      });
      throwsProtocolError(() => decodeRecordBatch(bad), 'CORRUPT_RECORD');
    }
  });

  it('null header key', () => {
    const bad = edited((b) => {
      const withHeader = Buffer.concat([b.subarray(0, rec + 9), Buffer.from([0x02, 0x01, 0x00])]);
      withHeader[rec] = 0x16; // length 11
      return withHeader;
    });
    throwsProtocolError(() => decodeRecordBatch(bad), 'CORRUPT_RECORD', /null header key/);
  });

  it('random mutations never escape as anything but ProtocolError', () => {
    const seeds = [input(CompressionType.None), input(CompressionType.Gzip)].map(encodeRecordBatch);
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (seed, edits, resealed) => {
          const b = Buffer.from(seed);
          for (const [pos, v] of edits) b[pos % b.length] = v;
          let target: Buffer = b;
          if (resealed) {
            try {
              target = reseal(b);
            } catch (err) {
              // Mutated framing (length, magic) can make resealing itself fail: that is fine too.
              assert.ok(err instanceof ProtocolError);
              return;
            }
          }
          for (const run of [
            () => decodeRecordBatches(target),
            () => validateRecordSet(target),
            () => [...iterateBatches(target)],
          ]) {
            try {
              run();
            } catch (err) {
              assert.ok(err instanceof ProtocolError, `escaped: ${String(err)}`);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
