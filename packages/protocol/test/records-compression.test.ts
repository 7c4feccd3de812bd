import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compressFrameSync } from 'lz4-napi';
import { compressSync as snappyRaw } from 'snappy';
import { compress as zstdRaw } from 'zstd-napi';
import {
  CompressionType,
  compress,
  compressionFromAttributes,
  decompress,
  isXerialFramed,
  lz4HeaderChecksum,
  lz4WithKafkaV0Checksum,
  XERIAL_BLOCK_SIZE,
  XERIAL_MAGIC,
  xxhash32,
} from '../src/records/index.js';
import { jsonLikeText, randomBytes, text, throwsProtocolError } from './fixtures/records/helpers.js';

const CODECS = [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];
const MiB = 1024 * 1024;

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
}

const XERIAL_HEADER = Buffer.concat([XERIAL_MAGIC, int32(1), int32(1)]);

describe('compression round trips', () => {
  const inputs: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from([0x2a])],
    ['short text', text('hello, kafka')],
    ['1 MiB json-like', jsonLikeText(MiB)],
    ['1 MiB random', randomBytes(MiB, 11)],
  ];
  for (const codec of CODECS) {
    for (const [name, input] of inputs) {
      it(`${CompressionType[codec]}: ${name}`, () => {
        const packed = compress(codec, input);
        assert.deepEqual(decompress(codec, packed), input);
        if (name === '1 MiB json-like') assert.ok(packed.length < input.length / 2, `${packed.length} bytes`);
      });
    }
  }

  it('None passes bytes through', () => {
    const b = text('abc');
    assert.equal(compress(CompressionType.None, b), b);
    assert.equal(decompress(CompressionType.None, b), b);
  });

  it('round-trips a subarray view without reading outside it', () => {
    const big = jsonLikeText(4096);
    const view = big.subarray(100, 3000);
    for (const codec of CODECS) assert.deepEqual(decompress(codec, compress(codec, view)), view);
  });
});

describe('codec ids', () => {
  it('reads the codec from attribute bits 0-2 only', () => {
    assert.equal(compressionFromAttributes(0x0001), CompressionType.Gzip);
    assert.equal(compressionFromAttributes(0x0038 | 4), CompressionType.Zstd);
  });

  for (const id of [5, 6, 7]) {
    it(`rejects reserved codec id ${id} as UNSUPPORTED_COMPRESSION`, () => {
      throwsProtocolError(() => decompress(id, text('x')), 'UNSUPPORTED_COMPRESSION');
      throwsProtocolError(() => compress(id as CompressionType, text('x')), 'UNSUPPORTED_COMPRESSION');
      throwsProtocolError(() => compressionFromAttributes(id), 'UNSUPPORTED_COMPRESSION');
    });
  }
});

describe('snappy framing', () => {
  it('writes the xerial framing the Java client writes, in 32 KiB blocks', () => {
    const input = jsonLikeText(XERIAL_BLOCK_SIZE * 2 + 10);
    const out = compress(CompressionType.Snappy, input);
    assert.deepEqual(out.subarray(0, 16), XERIAL_HEADER);
    let at = 16;
    let blocks = 0;
    while (at < out.length) {
      at += 4 + out.readInt32BE(at);
      blocks++;
    }
    assert.equal(at, out.length);
    assert.equal(blocks, 3);
  });

  it('writes raw snappy on request, and reads it back', () => {
    const input = jsonLikeText(5000);
    const out = compress(CompressionType.Snappy, input, { snappyFraming: 'raw' });
    assert.equal(isXerialFramed(out), false);
    assert.deepEqual(out, snappyRaw(input));
    assert.deepEqual(decompress(CompressionType.Snappy, out), input);
  });

  it('decodes a hand-built xerial stream of several blocks', () => {
    // Raw snappy blocks written by hand: uvarint length, then a literal tag ((n-1) << 2) and bytes.
    const block1 = Buffer.concat([Buffer.from([5, (5 - 1) << 2]), text('hello')]);
    const block2 = Buffer.concat([Buffer.from([6, (6 - 1) << 2]), text(' world')]);
    const block3 = Buffer.concat([Buffer.from([1, 0]), text('!')]);
    const stream = Buffer.concat([
      XERIAL_HEADER,
      int32(block1.length),
      block1,
      int32(block2.length),
      block2,
      int32(block3.length),
      block3,
    ]);
    assert.deepEqual(decompress(CompressionType.Snappy, stream), text('hello world!'));
  });

  it('decodes xerial blocks produced by the snappy library, including an empty stream', () => {
    const parts = [jsonLikeText(1000, 1), randomBytes(70000, 2), jsonLikeText(3, 3)];
    const framed = Buffer.concat([
      XERIAL_HEADER,
      ...parts.flatMap((p) => {
        const c = snappyRaw(p);
        return [int32(c.length), c];
      }),
    ]);
    assert.deepEqual(decompress(CompressionType.Snappy, framed), Buffer.concat(parts));
    assert.deepEqual(decompress(CompressionType.Snappy, XERIAL_HEADER), Buffer.alloc(0));
  });

  it('rejects broken xerial framing as CORRUPT_RECORD', () => {
    const good = compress(CompressionType.Snappy, jsonLikeText(100000));
    throwsProtocolError(() => decompress(CompressionType.Snappy, good.subarray(0, 12)), 'CORRUPT_RECORD');
    throwsProtocolError(() => decompress(CompressionType.Snappy, good.subarray(0, 18)), 'CORRUPT_RECORD');
    throwsProtocolError(() => decompress(CompressionType.Snappy, good.subarray(0, good.length - 1)), 'CORRUPT_RECORD');
    const negative = Buffer.from(good);
    negative.writeInt32BE(-5, 16);
    throwsProtocolError(() => decompress(CompressionType.Snappy, negative), 'CORRUPT_RECORD', /block length -5/);
  });
});

describe('lz4 frames', () => {
  it('writes standard frames with independent blocks and a correct descriptor checksum', () => {
    const frame = compress(CompressionType.Lz4, jsonLikeText(1000));
    assert.equal(frame.readUInt32LE(0), 0x184d2204);
    assert.equal((frame[4] as number) & 0xc0, 0x40, 'version 01');
    assert.ok((frame[4] as number) & 0x20, 'block independence');
    // lz4-napi computed the checksum byte itself; our XXH32-based computation must agree.
    assert.equal(frame[6], lz4HeaderChecksum(frame));
  });

  it("reads magic-0 frames carrying Kafka's historical descriptor checksum only when asked", () => {
    const input = jsonLikeText(10000);
    const broken = lz4WithKafkaV0Checksum(compressFrameSync(input));
    assert.equal(broken[6], lz4HeaderChecksum(broken, true));
    assert.notEqual(broken[6], lz4HeaderChecksum(broken));
    throwsProtocolError(() => decompress(CompressionType.Lz4, broken), 'CORRUPT_RECORD');
    assert.deepEqual(decompress(CompressionType.Lz4, broken, { kafkaV0Lz4: true }), input);
    // A correct frame is also accepted in magic-0 mode (newer writers may fix the checksum).
    assert.deepEqual(decompress(CompressionType.Lz4, compressFrameSync(input), { kafkaV0Lz4: true }), input);
  });
});

describe('lz4 frame reader', () => {
  const input = jsonLikeText(200000, 5);

  /** Re-derives the descriptor checksum after editing a frame header. */
  function fixChecksum(frame: Buffer): Buffer {
    const flg = frame[4] as number;
    const hcPos = 6 + (flg & 0x08 ? 8 : 0) + (flg & 0x01 ? 4 : 0);
    frame[hcPos] = lz4HeaderChecksum(frame);
    return frame;
  }

  it('reads frames with block and content checksums', () => {
    const frame = compressFrameSync(input, { blockChecksums: true, contentChecksum: true });
    assert.ok((frame[4] as number) & 0x14);
    assert.deepEqual(decompress(CompressionType.Lz4, frame), input);
  });

  it('reads concatenated frames and skips skippable frames', () => {
    const skippable = Buffer.from('5a2a4d180300000001020300', 'hex').subarray(0, 11);
    const a = jsonLikeText(1000, 1);
    const b = jsonLikeText(70000, 2);
    const joined = Buffer.concat([compressFrameSync(a), skippable, compressFrameSync(b)]);
    assert.deepEqual(decompress(CompressionType.Lz4, joined), Buffer.concat([a, b]));
  });

  it('checks a declared content size', () => {
    const frame = compressFrameSync(input);
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(input.length), 0);
    const withSize = Buffer.concat([frame.subarray(0, 6), size, frame.subarray(6)]);
    withSize[4] = (withSize[4] as number) | 0x08;
    fixChecksum(withSize);
    assert.deepEqual(decompress(CompressionType.Lz4, withSize), input);
    withSize.writeBigUInt64LE(BigInt(input.length + 1), 6);
    fixChecksum(withSize);
    throwsProtocolError(() => decompress(CompressionType.Lz4, withSize), 'CORRUPT_RECORD', /declares/);
  });

  it('falls back to the native decoder for linked blocks', () => {
    const small = jsonLikeText(5000, 3); // one block, so clearing the independence flag keeps it valid
    const frame = Buffer.from(compressFrameSync(small));
    frame[4] = (frame[4] as number) & ~0x20;
    assert.deepEqual(decompress(CompressionType.Lz4, fixChecksum(frame)), small);
  });

  it('rejects a bad descriptor checksum, reserved bits, oversized blocks and a missing end mark', () => {
    const frame = compressFrameSync(input);
    const badHc = Buffer.from(frame);
    badHc[6] = (badHc[6] as number) ^ 1;
    throwsProtocolError(() => decompress(CompressionType.Lz4, badHc), 'CORRUPT_RECORD', /checksum/);
    const reserved = Buffer.from(frame);
    reserved[4] = (reserved[4] as number) | 0x02;
    throwsProtocolError(() => decompress(CompressionType.Lz4, fixChecksum(reserved)), 'CORRUPT_RECORD', /descriptor/);
    const oversized = Buffer.from(frame);
    oversized.writeUInt32LE(0x7fffffff, 7);
    throwsProtocolError(() => decompress(CompressionType.Lz4, oversized), 'CORRUPT_RECORD', /exceeds/);
    throwsProtocolError(() => decompress(CompressionType.Lz4, frame.subarray(0, frame.length - 4)), 'CORRUPT_RECORD');
    throwsProtocolError(() => decompress(CompressionType.Lz4, Buffer.alloc(0)), 'CORRUPT_RECORD');
  });
});

describe('xxhash32', () => {
  const vectors: Array<[string, number]> = [
    ['', 0x02cc5d05],
    ['a', 0x550d7456],
    ['abc', 0x32d153ff],
    ['Nobody inspects the spammish repetition', 0xe2293b2f],
  ];
  for (const [input, expected] of vectors) {
    it(`known answer for ${JSON.stringify(input)}`, () => assert.equal(xxhash32(text(input)), expected));
  }
});

describe('zstd', () => {
  it('decodes frames without a declared content size (what zstd-jni streams write)', () => {
    const input = jsonLikeText(300000);
    const frame = zstdRaw(input, { contentSizeFlag: false });
    assert.deepEqual(decompress(CompressionType.Zstd, frame), input);
    // Truncation of such a frame must fail, not return partial output.
    throwsProtocolError(() => decompress(CompressionType.Zstd, frame.subarray(0, frame.length - 5)), 'CORRUPT_RECORD');
    throwsProtocolError(() => decompress(CompressionType.Zstd, frame.subarray(0, frame.length >> 1)), 'CORRUPT_RECORD');
  });

  it('decodes concatenated frames', () => {
    const a = jsonLikeText(1000, 1);
    const b = jsonLikeText(2000, 2);
    const joined = Buffer.concat([zstdRaw(a), zstdRaw(b, { contentSizeFlag: false })]);
    assert.deepEqual(decompress(CompressionType.Zstd, joined), Buffer.concat([a, b]));
  });
});

describe('corrupt compressed data', () => {
  const input = jsonLikeText(50000);
  for (const codec of CODECS) {
    it(`${CompressionType[codec]}: garbage, truncation and bit flips give CORRUPT_RECORD, never a library error`, () => {
      const packed = compress(codec, input);
      throwsProtocolError(() => decompress(codec, randomBytes(200, codec)), 'CORRUPT_RECORD');
      throwsProtocolError(() => decompress(codec, packed.subarray(0, packed.length >> 1)), 'CORRUPT_RECORD');
      throwsProtocolError(() => decompress(codec, packed.subarray(0, 3)), 'CORRUPT_RECORD');
      // Flipping bytes may yield a different valid stream for some codecs; it must never escape as
      // anything but a ProtocolError.
      for (let i = 0; i < packed.length; i += Math.ceil(packed.length / 64)) {
        const bad = Buffer.from(packed);
        bad[i] = (bad[i] as number) ^ 0x5a;
        try {
          decompress(codec, bad);
        } catch (err) {
          throwsProtocolError(() => {
            throw err;
          }, 'CORRUPT_RECORD');
        }
      }
    });

    it(`${CompressionType[codec]}: enforces the output limit`, () => {
      const packed = compress(codec, Buffer.alloc(MiB, 'a'));
      throwsProtocolError(() => decompress(codec, packed, { maxOutputBytes: 1000 }), 'CORRUPT_RECORD');
      assert.equal(decompress(codec, packed, { maxOutputBytes: MiB }).length, MiB);
    });
  }
});
