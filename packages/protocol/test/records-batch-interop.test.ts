import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CompressionType,
  decodeRecordBatch,
  encodeRecordBatch,
  type RecordBatchInput,
  readBatchHeader,
  TimestampType,
  validateBatch,
} from '../src/records/index.js';
import { expectedRecords, randomBytes, text } from './fixtures/records/helpers.js';

const ALL_CODECS = [
  CompressionType.None,
  CompressionType.Gzip,
  CompressionType.Snappy,
  CompressionType.Lz4,
  CompressionType.Zstd,
];

describe('property: random batches round-trip', () => {
  const bytes = fc.option(fc.uint8Array({ maxLength: 200 }).map(Buffer.from), { nil: null });
  const header = fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 20 }), value: bytes });
  const record = fc.record({
    key: bytes,
    value: bytes,
    headers: fc.array(header, { maxLength: 4 }),
    timestamp: fc.integer({ min: -1, max: 4102444800000 }),
  });
  const batch = fc.record({
    baseOffset: fc.bigInt({ min: 0n, max: 2n ** 62n }),
    partitionLeaderEpoch: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
    compression: fc.constantFrom(...ALL_CODECS),
    timestampType: fc.constantFrom(TimestampType.CreateTime, TimestampType.LogAppendTime),
    isTransactional: fc.boolean(),
    isControl: fc.boolean(),
    hasDeleteHorizon: fc.boolean(),
    producerId: fc.bigInt({ min: -1n, max: 2n ** 63n - 1n }),
    producerEpoch: fc.integer({ min: -1, max: 32767 }),
    baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
    records: fc.array(record, { maxLength: 30 }),
    gaps: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 30, maxLength: 30 }),
  });

  it('decode(encode(x)) reproduces every field', () => {
    fc.assert(
      fc.property(batch, ({ gaps, ...input }) => {
        let delta = -1;
        input.records = input.records.map((r, i) => ({ ...r, offsetDelta: (delta += gaps[i] as number) }));
        const appendTime = 1750000000000;
        const logAppend = input.timestampType === TimestampType.LogAppendTime;
        const buf = encodeRecordBatch({ ...input, maxTimestamp: logAppend ? appendTime : undefined });
        validateBatch(buf);
        const b = decodeRecordBatch(buf);
        const h = readBatchHeader(buf);
        assert.deepEqual({ ...b, records: undefined }, { ...h, records: undefined });
        assert.equal(b.compression, input.compression);
        assert.equal(b.timestampType, input.timestampType);
        assert.equal(b.isTransactional, input.isTransactional);
        assert.equal(b.isControl, input.isControl);
        assert.equal(b.hasDeleteHorizon, input.hasDeleteHorizon);
        assert.equal(b.producerId, input.producerId);
        assert.equal(b.producerEpoch, input.producerEpoch);
        assert.equal(b.baseSequence, input.baseSequence);
        assert.equal(b.partitionLeaderEpoch, input.partitionLeaderEpoch);
        const want = expectedRecords(input).map((r) => (logAppend ? { ...r, timestamp: appendTime } : r));
        assert.deepEqual(b.records, want);
      }),
      { numRuns: 250 },
    );
  });
});

describe('cross-check with kafkajs (an independent implementation)', () => {
  const require = createRequire(import.meta.url);
  type KjsRecordBatch = (opts: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: KjsRecordBatch };
  const KjsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (
    r: Record<string, unknown>,
  ) => unknown;
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
  const decodeKjs = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
    firstOffset: string;
    producerId: string;
    records: Array<{ offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: object }>;
  }>;

  for (const compression of [CompressionType.None, CompressionType.Gzip]) {
    it(`${CompressionType[compression]}: kafkajs-encoded batches decode here`, async () => {
      const records = [0, 1, 2].map((i) =>
        KjsRecord({
          offsetDelta: i,
          timestampDelta: i * 10,
          key: text(`k${i}`),
          value: randomBytes(100 + i, i),
          headers: { [`h${i}`]: text(`v${i}`) },
        }),
      );
      const { buffer } = await RecordBatch({
        compression,
        firstOffset: 500,
        firstTimestamp: 1600000000000,
        maxTimestamp: 1600000000020,
        partitionLeaderEpoch: 3,
        lastOffsetDelta: 2,
        producerId: 77,
        producerEpoch: 1,
        firstSequence: 10,
        records,
      });
      validateBatch(buffer, 0, { requireContiguousOffsets: true });
      const b = decodeRecordBatch(buffer);
      assert.equal(b.baseOffset, 500n);
      assert.equal(b.producerId, 77n);
      assert.deepEqual(
        b.records,
        [0, 1, 2].map((i) => ({
          offset: 500n + BigInt(i),
          timestamp: 1600000000000 + i * 10,
          key: text(`k${i}`),
          value: randomBytes(100 + i, i),
          headers: [{ key: `h${i}`, value: text(`v${i}`) }],
        })),
      );
    });

    it(`${CompressionType[compression]}: our batches decode in kafkajs`, async () => {
      const input: RecordBatchInput = {
        baseOffset: 42n,
        compression,
        producerId: 5n,
        records: [0, 1, 2].map((i) => ({
          key: text(`k${i}`),
          value: text(`value-${i}`),
          headers: [{ key: `h${i}`, value: text(`v${i}`) }],
          timestamp: 1600000000000 + i,
        })),
      };
      const decoded = await decodeKjs(new Decoder(encodeRecordBatch(input)));
      assert.equal(decoded.firstOffset, '42');
      assert.equal(decoded.producerId, '5');
      assert.deepEqual(
        decoded.records.map((r) => [r.offset, r.timestamp, r.key?.toString(), r.value?.toString(), r.headers]),
        [0, 1, 2].map((i) => [
          String(42 + i),
          String(1600000000000 + i),
          `k${i}`,
          `value-${i}`,
          { [`h${i}`]: text(`v${i}`) },
        ]),
      );
    });
  }
});
