import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignOffsets,
  CompressionType,
  crc32cTable,
  decodeRecordBatch,
  encodeRecordBatch,
  iterateBatches,
  RecordBatchView,
  readBatchHeader,
  setBaseOffset,
  setMaxTimestamp,
  setMaxTimestampLogAppendTime,
  setPartitionLeaderEpoch,
  TimestampType,
  validateBatch,
  validateRecordSet,
} from '../src/records/index.js';
import { JAVA_PRODUCER_V2_RECORD_SET, JAVA_PRODUCER_V2_TIMESTAMPS } from './fixtures/records/captured.js';
import { text, throwsProtocolError } from './fixtures/records/helpers.js';

/**
 * A transactional batch of two records written out field by field. The CRC is computed here with
 * the independent table-driven implementation over attributes..end.
 */
function goldenBatch(): Buffer {
  const beforeCrc = Buffer.from(
    [
      '0000000000000005', // baseOffset 5
      '00000046', // batchLength 70 = 49 header bytes after this field + 21 record bytes
      '00000007', // partitionLeaderEpoch 7
      '02', // magic 2
    ].join(''),
    'hex',
  );
  const covered = Buffer.from(
    [
      '0010', // attributes: transactional, CreateTime, no compression
      '00000001', // lastOffsetDelta 1
      '0000018bcfe56800', // baseTimestamp 1700000000000
      '0000018bcfe56805', // maxTimestamp 1700000000005
      '000000000000002a', // producerId 42
      '0003', // producerEpoch 3
      '00000009', // baseSequence 9
      '00000002', // recordCount 2
      // record 0: length 13 (zigzag 0x1a), attributes 0, timestampDelta 0, offsetDelta 0,
      // key "k" (len 1 -> 0x02), value "v1" (len 2 -> 0x04), 1 header "h" -> "x"
      '1a',
      '00',
      '00',
      '00',
      '026b',
      '047631',
      '02',
      '0268',
      '0278',
      // record 1: length 6, attributes 0, timestampDelta 5 (0x0a), offsetDelta 1 (0x02),
      // key null (-1 -> 0x01), value empty (0x00), no headers
      '0c',
      '00',
      '0a',
      '02',
      '01',
      '00',
      '00',
    ].join(''),
    'hex',
  );
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32cTable(covered), 0);
  return Buffer.concat([beforeCrc, crc, covered]);
}

const GOLDEN_INPUT = {
  baseOffset: 5n,
  partitionLeaderEpoch: 7,
  isTransactional: true,
  producerId: 42n,
  producerEpoch: 3,
  baseSequence: 9,
  records: [
    { key: text('k'), value: text('v1'), headers: [{ key: 'h', value: text('x') }], timestamp: 1700000000000 },
    { key: null, value: Buffer.alloc(0), timestamp: 1700000000005 },
  ],
};

describe('golden v2 batch', () => {
  it('is what encodeRecordBatch produces, byte for byte', () => {
    assert.equal(encodeRecordBatch(GOLDEN_INPUT).toString('hex'), goldenBatch().toString('hex'));
  });

  it('header fields read back one by one', () => {
    const buf = goldenBatch();
    const h = readBatchHeader(buf);
    assert.equal(h.baseOffset, 5n);
    assert.equal(h.batchLength, 70);
    assert.equal(buf.length, 82);
    assert.equal(h.partitionLeaderEpoch, 7);
    assert.equal(h.magic, 2);
    assert.equal(h.crc, buf.readUInt32BE(17));
    assert.equal(h.attributes, 0x10);
    assert.equal(h.compression, CompressionType.None);
    assert.equal(h.timestampType, TimestampType.CreateTime);
    assert.equal(h.isTransactional, true);
    assert.equal(h.isControl, false);
    assert.equal(h.hasDeleteHorizon, false);
    assert.equal(h.lastOffsetDelta, 1);
    assert.equal(h.baseTimestamp, 1700000000000);
    assert.equal(h.maxTimestamp, 1700000000005);
    assert.equal(h.producerId, 42n);
    assert.equal(h.producerEpoch, 3);
    assert.equal(h.baseSequence, 9);
    assert.equal(h.recordCount, 2);
  });

  it('decodes to the records it was built from', () => {
    const batch = decodeRecordBatch(goldenBatch());
    assert.equal(batch.records.length, 2);
    assert.deepEqual(batch.records[0], {
      offset: 5n,
      timestamp: 1700000000000,
      key: text('k'),
      value: text('v1'),
      headers: [{ key: 'h', value: text('x') }],
    });
    assert.deepEqual(batch.records[1], {
      offset: 6n,
      timestamp: 1700000000005,
      key: null,
      value: Buffer.alloc(0),
      headers: [],
    });
  });

  it('validates, and the view reads the same fields as the snapshot', () => {
    const buf = goldenBatch();
    assert.equal(validateBatch(buf), buf.length);
    const view = new RecordBatchView(buf, 0);
    assert.deepEqual(view.toHeader(), readBatchHeader(buf));
    assert.equal(view.size, 82);
    assert.equal(view.lastOffset, 6n);
    assert.equal(view.recordsData.length, 21);
  });

  it('uses Kafka defaults for producer fields and leader epoch', () => {
    const h = readBatchHeader(encodeRecordBatch({ records: [{ value: text('v'), timestamp: 1 }] }));
    assert.equal(h.baseOffset, 0n);
    assert.equal(h.partitionLeaderEpoch, -1);
    assert.equal(h.producerId, -1n);
    assert.equal(h.producerEpoch, -1);
    assert.equal(h.baseSequence, -1);
    assert.equal(h.attributes, 0);
  });
});

describe('captured Java producer batches', () => {
  const set = Buffer.from(JAVA_PRODUCER_V2_RECORD_SET, 'hex');

  it('validate (CRC computed by the Java client) and summarise', () => {
    assert.deepEqual(validateRecordSet(set, { requireContiguousOffsets: true }), {
      batchCount: 6,
      recordCount: 6,
      offsetCount: 6,
      maxTimestamp: JAVA_PRODUCER_V2_TIMESTAMPS[5],
      sizeInBytes: 642,
    });
  });

  it('re-encode to identical bytes', () => {
    for (let i = 0; i < 6; i++) {
      const ours = encodeRecordBatch({
        baseOffset: BigInt(i),
        partitionLeaderEpoch: 0,
        records: [
          {
            key: text(`KEY-${i + 1}`),
            value: text(`VALUE-Lorem ipsum dolor sit amet-${i + 1}`),
            timestamp: JAVA_PRODUCER_V2_TIMESTAMPS[i] as number,
          },
        ],
      });
      assert.equal(ours.toString('hex'), set.subarray(i * 107, (i + 1) * 107).toString('hex'), `batch ${i}`);
    }
  });
});

describe('in-place rewrites', () => {
  it('setBaseOffset and setPartitionLeaderEpoch change only their bytes and keep the CRC valid', () => {
    const buf = goldenBatch();
    const before = Buffer.from(buf);
    setBaseOffset(buf, 0, 0x123456789abcn);
    setPartitionLeaderEpoch(buf, 0, 99);
    assert.equal(readBatchHeader(buf).baseOffset, 0x123456789abcn);
    assert.equal(readBatchHeader(buf).partitionLeaderEpoch, 99);
    assert.deepEqual(buf.subarray(16), before.subarray(16));
    assert.deepEqual(buf.subarray(8, 12), before.subarray(8, 12));
    validateBatch(buf);
    assert.equal(decodeRecordBatch(buf).records[1]?.offset, 0x123456789abcn + 1n);
  });

  it('setMaxTimestampLogAppendTime sets the type bit and maxTimestamp, keeps baseTimestamp, fixes the CRC', () => {
    const buf = goldenBatch();
    const crcBefore = buf.readUInt32BE(17);
    setMaxTimestampLogAppendTime(buf, 0, 1800000000000);
    const h = readBatchHeader(buf);
    assert.equal(h.timestampType, TimestampType.LogAppendTime);
    assert.equal(h.attributes, 0x18);
    assert.equal(h.maxTimestamp, 1800000000000);
    assert.equal(h.baseTimestamp, 1700000000000);
    assert.notEqual(h.crc, crcBefore);
    validateBatch(buf);
    // Readers report the append time for every record of a LogAppendTime batch.
    assert.deepEqual(
      decodeRecordBatch(buf).records.map((r) => r.timestamp),
      [1800000000000, 1800000000000],
    );
    // Switching back to CreateTime restores the original bytes.
    setMaxTimestamp(buf, 0, TimestampType.CreateTime, 1700000000005);
    assert.deepEqual(buf, goldenBatch());
  });

  it('setMaxTimestamp is a no-op when nothing changes', () => {
    const buf = goldenBatch();
    setMaxTimestamp(buf, 0, TimestampType.CreateTime, 1700000000005);
    assert.deepEqual(buf, goldenBatch());
    assert.throws(() => setMaxTimestamp(buf, 0, TimestampType.NoTimestamp, 1), RangeError);
  });

  it('assignOffsets walks a record set, honouring lastOffsetDelta gaps', () => {
    const set = Buffer.concat([
      encodeRecordBatch({
        records: [
          { value: text('a'), timestamp: 1 },
          { value: text('b'), timestamp: 1 },
        ],
      }),
      encodeRecordBatch({ lastOffsetDelta: 4, records: [{ value: text('c'), timestamp: 1, offsetDelta: 4 }] }),
      encodeRecordBatch({ records: [{ value: text('d'), timestamp: 1 }] }),
    ]);
    assert.equal(assignOffsets(set, 1000n), 1008n);
    assert.deepEqual(
      [...iterateBatches(set)].map((v) => v.baseOffset),
      [1000n, 1002n, 1007n],
    );
    validateRecordSet(set);
  });

  it('rewrites address a batch in the middle of a record set', () => {
    const a = encodeRecordBatch({ records: [{ value: text('a'), timestamp: 1 }] });
    const set = Buffer.concat([a, goldenBatch()]);
    setMaxTimestampLogAppendTime(set, a.length, 5);
    setBaseOffset(set, a.length, 77n);
    validateRecordSet(set);
    assert.deepEqual(set.subarray(0, a.length), a);
    assert.equal(readBatchHeader(set, a.length).baseOffset, 77n);
  });
});

describe('validation rules', () => {
  it('requireContiguousOffsets enforces recordCount === lastOffsetDelta + 1 and a non-empty batch', () => {
    const gappy = encodeRecordBatch({ records: [{ value: text('x'), timestamp: 1, offsetDelta: 3 }] });
    assert.equal(validateBatch(gappy), gappy.length);
    throwsProtocolError(() => validateBatch(gappy, 0, { requireContiguousOffsets: true }), 'CORRUPT_RECORD');
    const empty = encodeRecordBatch({ records: [] });
    assert.equal(readBatchHeader(empty).recordCount, 0);
    assert.equal(validateBatch(empty), empty.length);
    throwsProtocolError(() => validateBatch(empty, 0, { requireContiguousOffsets: true }), 'CORRUPT_RECORD');
  });

  it('iterateBatches stops quietly at a truncated tail only when allowed', () => {
    const set = Buffer.concat([goldenBatch(), goldenBatch()]);
    const cut = set.subarray(0, set.length - 10);
    assert.equal([...iterateBatches(cut, { allowTruncatedTail: true })].length, 1);
    throwsProtocolError(() => [...iterateBatches(cut)], 'TRUNCATED');
    assert.equal([...iterateBatches(set)].length, 2);
  });

  it('iterateBatches with validate:false checks framing only', () => {
    const buf = goldenBatch();
    buf[70] = (buf[70] as number) ^ 1;
    assert.equal([...iterateBatches(buf, { validate: false })].length, 1);
    throwsProtocolError(() => [...iterateBatches(buf)], 'CORRUPT_RECORD', /CRC/);
  });
});
