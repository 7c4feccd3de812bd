import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Writer } from '../src/io/writer.js';
import {
  CompressionType,
  ControlRecordType,
  decodeControlRecordKey,
  decodeEndTxnMarker,
  decodeRecordBatch,
  decodeRecordBatches,
  encodeControlRecordKey,
  encodeEndTxnMarker,
  encodeEndTxnMarkerBatch,
  encodeLegacyMessageSet,
  encodeRecordBatch,
  iterateRecordBatches,
  iterateRecordCursors,
  iterateRecords,
  type RecordBatchInput,
  type RecordCursor,
  type RecordInput,
  validateBatch,
  writeRecordBatch,
} from '../src/records/index.js';
import { JAVA_PRODUCER_V2_RECORD_SET, JAVA_PRODUCER_V2_TIMESTAMPS } from './fixtures/records/captured.js';
import { expectedRecords, jsonLikeText, text, throwsProtocolError } from './fixtures/records/helpers.js';

const ALL_CODECS = [
  CompressionType.None,
  CompressionType.Gzip,
  CompressionType.Snappy,
  CompressionType.Lz4,
  CompressionType.Zstd,
];

function sampleRecords(n: number, valueSize: number): RecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    key: i % 3 === 0 ? null : text(`key-${i}`),
    value: i % 5 === 4 ? null : jsonLikeText(valueSize, i),
    headers:
      i % 2
        ? [
            { key: `h${i}`, value: text('v') },
            { key: 'ü-ключ', value: null },
          ]
        : [],
    timestamp: 1700000000000 + i * 7 - (i % 4 === 1 ? 100 : 0),
  }));
}

describe('encode/decode round trips', () => {
  for (const compression of ALL_CODECS) {
    it(`${CompressionType[compression]}: records, header fields and metadata survive`, () => {
      const input: RecordBatchInput = {
        baseOffset: 1234567890123n,
        partitionLeaderEpoch: 12,
        compression,
        producerId: 9007199254740993n, // above 2^53: must stay exact
        producerEpoch: 5,
        baseSequence: 77,
        records: sampleRecords(50, 300),
      };
      const buf = encodeRecordBatch(input);
      assert.equal(validateBatch(buf, 0, { requireContiguousOffsets: true }), buf.length);
      const batch = decodeRecordBatch(buf);
      assert.equal(batch.compression, compression);
      assert.equal(batch.baseOffset, 1234567890123n);
      assert.equal(batch.producerId, 9007199254740993n);
      assert.equal(batch.lastOffsetDelta, 49);
      assert.equal(batch.recordCount, 50);
      assert.equal(batch.baseTimestamp, 1700000000000);
      assert.equal(batch.maxTimestamp, Math.max(...input.records.map((r) => r.timestamp as number)));
      assert.deepEqual(batch.records, expectedRecords(input));
    });

    it(`${CompressionType[compression]}: empty batch, and a 1 MiB batch of large values`, () => {
      const empty = decodeRecordBatch(encodeRecordBatch({ compression, records: [] }));
      assert.deepEqual(empty.records, []);
      assert.equal(empty.baseTimestamp, -1);
      assert.equal(empty.maxTimestamp, -1);
      const big: RecordBatchInput = {
        compression,
        records: [0, 1, 2, 3].map((i) => ({ value: jsonLikeText(256 * 1024, i), timestamp: 1 })),
      };
      const buf = encodeRecordBatch(big);
      assert.deepEqual(decodeRecordBatch(buf).records, expectedRecords(big));
    });
  }

  it('defaults: record timestamps fall back to baseTimestamp, which falls back to the first record', () => {
    const b = decodeRecordBatch(
      encodeRecordBatch({ records: [{ value: text('a'), timestamp: 50 }, { value: text('b') }, { timestamp: 80 }] }),
    );
    assert.deepEqual(
      b.records.map((r) => r.timestamp),
      [50, 50, 80],
    );
    assert.equal(b.maxTimestamp, 80);
    const before = Date.now();
    const now = decodeRecordBatch(encodeRecordBatch({ records: [{ value: text('a') }] }));
    assert.ok(now.baseTimestamp >= before && now.baseTimestamp <= Date.now());
  });

  it('explicit offsetDeltas leave gaps, as compacted batches have', () => {
    const input: RecordBatchInput = {
      baseOffset: 100n,
      lastOffsetDelta: 9,
      records: [
        { value: text('a'), offsetDelta: 2, timestamp: 1 },
        { value: text('b'), offsetDelta: 7, timestamp: 1 },
      ],
    };
    const b = decodeRecordBatch(encodeRecordBatch(input));
    assert.equal(b.lastOffsetDelta, 9);
    assert.deepEqual(
      b.records.map((r) => r.offset),
      [102n, 107n],
    );
  });

  it('rejects caller errors with RangeError', () => {
    const rec = (offsetDelta: number): RecordInput => ({ value: null, offsetDelta, timestamp: 1 });
    assert.throws(() => encodeRecordBatch({ records: [rec(1), rec(1)] }), RangeError);
    assert.throws(() => encodeRecordBatch({ records: [rec(-1)] }), RangeError);
    assert.throws(() => encodeRecordBatch({ records: [{ timestamp: 2 ** 60 }] }), RangeError);
    assert.throws(() => encodeRecordBatch({ lastOffsetDelta: 0, records: [rec(0), rec(1)] }), RangeError);
  });

  it('writeRecordBatch appends to a Writer that already holds referenced large chunks', () => {
    const w = new Writer(64);
    w.int32(7);
    w.raw(Buffer.alloc(20000, 1)); // kept by reference: starts a new chunk
    const input: RecordBatchInput = { compression: CompressionType.Lz4, records: sampleRecords(5, 40000) };
    writeRecordBatch(w, input);
    writeRecordBatch(w, { records: sampleRecords(3, 20000) });
    const all = w.toBuffer();
    const set = all.subarray(4 + 20000);
    const batches = decodeRecordBatches(set);
    assert.equal(batches.length, 2);
    assert.deepEqual(batches[0]?.records, expectedRecords(input));
  });

  it('decoded keys and values of uncompressed batches are views into the input', () => {
    const buf = encodeRecordBatch({ records: [{ key: text('k'), value: text('value'), timestamp: 1 }] });
    const r = decodeRecordBatch(buf).records[0];
    assert.equal(r?.value?.buffer, buf.buffer);
  });
});

describe('record sets', () => {
  it('decodes several batches, with mixed legacy entries, in order', () => {
    const set = Buffer.concat([
      encodeRecordBatch({ baseOffset: 0n, records: [{ value: text('a'), timestamp: 1 }] }),
      encodeLegacyMessageSet({ magic: 1, baseOffset: 1n, messages: [{ value: text('b'), timestamp: 2 }] }),
      encodeRecordBatch({
        baseOffset: 2n,
        compression: CompressionType.Zstd,
        records: [{ value: text('c'), timestamp: 3 }],
      }),
    ]);
    const batches = decodeRecordBatches(set);
    assert.deepEqual(
      batches.map((b) => [b.magic, b.records.map((r) => [r.offset, r.value?.toString()])]),
      [
        [2, [[0n, 'a']]],
        [1, [[1n, 'b']]],
        [2, [[2n, 'c']]],
      ],
    );
  });

  it('ignores a partial last batch only with allowTruncatedTail', () => {
    const one = encodeRecordBatch({ records: sampleRecords(3, 10) });
    const set = Buffer.concat([one, one]);
    for (const cut of [1, 11, 12, 30, one.length - 1]) {
      const partial = set.subarray(0, one.length + cut);
      assert.equal(decodeRecordBatches(partial, { allowTruncatedTail: true }).length, 1);
      throwsProtocolError(() => decodeRecordBatches(partial), 'TRUNCATED');
    }
  });

  it('iterates batches lazily: an invalid later batch does not stop earlier ones', () => {
    const good = encodeRecordBatch({ records: [{ value: text('x'), timestamp: 1 }] });
    const bad = Buffer.from(good);
    bad[bad.length - 1] = 0x55;
    const it = iterateRecordBatches(Buffer.concat([good, bad]));
    assert.equal(it.next().value?.records[0]?.value?.toString(), 'x');
    throwsProtocolError(() => it.next(), 'CORRUPT_RECORD');
  });

  it('record cursors give what decoded batches give, for v2 batches and legacy entries', () => {
    const set = Buffer.concat([
      encodeRecordBatch({ baseOffset: 0n, records: sampleRecords(7, 30) }),
      encodeLegacyMessageSet({ magic: 1, baseOffset: 7n, messages: [{ value: text('b'), timestamp: 2 }] }),
      encodeRecordBatch({ baseOffset: 8n, compression: CompressionType.Gzip, records: sampleRecords(5, 40) }),
    ]);
    const drain = (c: RecordCursor) => {
      const out = [];
      for (let r = c.next(); r !== null; r = c.next()) out.push(r);
      assert.equal(c.next(), null, 'stays at the end');
      return out;
    };
    const cursors = [...iterateRecordCursors(set)];
    const batches = decodeRecordBatches(set);
    assert.deepEqual(
      cursors.map((c) => drain(c)),
      batches.map((b) => b.records),
    );
    assert.deepEqual(
      cursors.map((c) => [c.header.magic, c.header.baseOffset, c.header.recordCount]),
      batches.map((b) => [b.magic, b.baseOffset, b.recordCount]),
    );
  });

  it('a cursor finds a record count that does not match the records when it gets there', () => {
    const LAST_OFFSET_DELTA_AT = 23;
    const RECORD_COUNT_AT = 57;
    const three = encodeRecordBatch({ records: sampleRecords(3, 10) });
    const more = Buffer.from(three);
    more.writeInt32BE(4, RECORD_COUNT_AT);
    more.writeInt32BE(3, LAST_OFFSET_DELTA_AT);
    const c = iterateRecordCursors(more, { verifyCrc: false }).next().value as RecordCursor;
    for (let i = 0; i < 3; i++) assert.ok(c.next());
    throwsProtocolError(() => c.next(), 'CORRUPT_RECORD');
    const fewer = Buffer.from(three);
    fewer.writeInt32BE(2, RECORD_COUNT_AT);
    const d = iterateRecordCursors(fewer, { verifyCrc: false }).next().value as RecordCursor;
    for (let i = 0; i < 2; i++) assert.ok(d.next());
    throwsProtocolError(() => d.next(), 'CORRUPT_RECORD');
  });

  it('a cursor advances with its own fields, numbering offsets across gaps in the deltas', () => {
    // Compaction leaves gaps: the one-BigInt shortcut for consecutive deltas must not apply there.
    const deltas = [0, 1, 2, 5, 6, 9];
    const set = encodeRecordBatch({
      baseOffset: 100n,
      baseTimestamp: 1_000,
      records: deltas.map((d) => ({ value: text(`v${d}`), offsetDelta: d, timestamp: 1_000 + d })),
    });
    const c = iterateRecordCursors(set).next().value as RecordCursor;
    const seen: Array<[bigint, number, string | undefined, number]> = [];
    while (c.advance()) seen.push([c.offset, c.timestamp, c.value?.toString(), c.headers.length]);
    assert.deepEqual(
      seen,
      deltas.map((d) => [100n + BigInt(d), 1_000 + d, `v${d}`, 0]),
    );
    assert.equal(c.advance(), false, 'stays at the end');
  });

  it('iterateRecords yields records one at a time and can stop early', () => {
    const input: RecordBatchInput = { compression: CompressionType.Gzip, records: sampleRecords(20, 50) };
    const buf = encodeRecordBatch(input);
    const got = [];
    for (const r of iterateRecords(buf)) {
      got.push(r);
      if (got.length === 3) break;
    }
    assert.deepEqual(got, expectedRecords(input).slice(0, 3));
    assert.deepEqual([...iterateRecords(buf)], expectedRecords(input));
  });
});

describe('captured Java producer batches decode', () => {
  it('to the keys, values, offsets and timestamps the producer wrote', () => {
    const batches = decodeRecordBatches(Buffer.from(JAVA_PRODUCER_V2_RECORD_SET, 'hex'));
    assert.equal(batches.length, 6);
    batches.forEach((b, i) => {
      assert.equal(b.partitionLeaderEpoch, 0);
      assert.equal(b.producerId, -1n);
      assert.deepEqual(b.records, [
        {
          offset: BigInt(i),
          timestamp: JAVA_PRODUCER_V2_TIMESTAMPS[i],
          key: text(`KEY-${i + 1}`),
          value: text(`VALUE-Lorem ipsum dolor sit amet-${i + 1}`),
          headers: [],
        },
      ]);
    });
  });
});

describe('control records', () => {
  it('encode and decode keys and transaction markers', () => {
    assert.deepEqual(encodeControlRecordKey(ControlRecordType.Commit), Buffer.from('00000001', 'hex'));
    assert.deepEqual(encodeEndTxnMarker(17), Buffer.from('000000000011', 'hex'));
    assert.deepEqual(decodeControlRecordKey(Buffer.from('00000000', 'hex')), {
      version: 0,
      type: ControlRecordType.Abort,
    });
    assert.deepEqual(decodeEndTxnMarker(Buffer.from('0000ffffffff', 'hex')), { version: 0, coordinatorEpoch: -1 });
  });

  it('accept longer keys and values from newer versions, reject short or null ones', () => {
    assert.deepEqual(decodeControlRecordKey(Buffer.from('0001000199', 'hex')), { version: 1, type: 1 });
    assert.deepEqual(decodeEndTxnMarker(Buffer.from('00010000000508090a', 'hex')), { version: 1, coordinatorEpoch: 5 });
    throwsProtocolError(() => decodeControlRecordKey(Buffer.from('0000', 'hex')), 'CORRUPT_RECORD');
    throwsProtocolError(() => decodeControlRecordKey(null), 'CORRUPT_RECORD');
    throwsProtocolError(() => decodeEndTxnMarker(Buffer.from('00000000', 'hex')), 'CORRUPT_RECORD');
    throwsProtocolError(() => decodeEndTxnMarker(Buffer.from('ffff00000000', 'hex')), 'CORRUPT_RECORD');
  });

  it('encodeEndTxnMarkerBatch builds a transactional control batch with one marker record', () => {
    const buf = encodeEndTxnMarkerBatch({
      type: ControlRecordType.Abort,
      producerId: 4000n,
      producerEpoch: 2,
      coordinatorEpoch: 9,
      baseOffset: 55n,
      timestamp: 1234,
    });
    validateBatch(buf);
    const b = decodeRecordBatch(buf);
    assert.equal(b.isControl, true);
    assert.equal(b.isTransactional, true);
    assert.equal(b.attributes, 0x30);
    assert.equal(b.producerId, 4000n);
    assert.equal(b.producerEpoch, 2);
    assert.equal(b.baseSequence, -1);
    assert.equal(b.records.length, 1);
    const r = b.records[0];
    assert.equal(r?.offset, 55n);
    assert.equal(r?.timestamp, 1234);
    assert.deepEqual(decodeControlRecordKey(r?.key ?? null), { version: 0, type: ControlRecordType.Abort });
    assert.deepEqual(decodeEndTxnMarker(r?.value ?? null), { version: 0, coordinatorEpoch: 9 });
  });
});
