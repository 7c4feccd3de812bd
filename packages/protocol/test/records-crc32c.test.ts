import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crc32c, crc32cTable } from '../src/records/index.js';
import { randomBytes, text } from './fixtures/records/helpers.js';

// Known answers: the standard check value and the iSCSI test vectors of RFC 3720, appendix B.4.
const VECTORS: Array<[string, Buffer, number]> = [
  ['empty', Buffer.alloc(0), 0],
  ['"123456789"', text('123456789'), 0xe3069283],
  ['32 zero bytes', Buffer.alloc(32, 0), 0x8a9136aa],
  ['32 0xff bytes', Buffer.alloc(32, 0xff), 0x62a8ab43],
  ['32 ascending bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e],
  ['32 descending bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c],
];

describe('crc32c', () => {
  for (const [name, input, expected] of VECTORS) {
    it(`known answer: ${name}`, () => {
      assert.equal(crc32c(input), expected);
      assert.equal(crc32cTable(input), expected);
    });
  }

  it('returns unsigned values', () => {
    // 0xe3069283 has the top bit set: a signed int32 would come back negative.
    assert.ok(crc32c(text('123456789')) > 0x7fffffff);
  });

  it('checksums exactly the bytes of a subarray, at any offset into a shared buffer', () => {
    const big = Buffer.concat([text('xx'), text('123456789'), text('yyy')]);
    assert.equal(crc32c(big.subarray(2, 11)), 0xe3069283);
    // Small Buffers share Node's 8 KiB pool, so this view sits at a non-zero byteOffset.
    const pooled = Buffer.from('zz123456789');
    assert.equal(crc32c(pooled.subarray(2)), 0xe3069283);
    assert.equal(crc32c(new Uint8Array(big.buffer, big.byteOffset + 2, 9)), 0xe3069283);
  });

  it('chains: crc32c(b, crc32c(a)) equals crc32c(a ++ b)', () => {
    assert.equal(crc32c(text('56789'), crc32c(text('1234'))), 0xe3069283);
    assert.equal(crc32cTable(text('56789'), crc32cTable(text('1234'))), 0xe3069283);
  });

  it('native and table-driven implementations agree on random inputs and slices', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(64), fc.nat(64), fc.nat(), (bytes, a, b, seed) => {
        const buf = Buffer.from(bytes);
        const start = Math.min(a, buf.length);
        const end = Math.max(start, buf.length - b);
        const slice = buf.subarray(start, end);
        assert.equal(crc32c(slice), crc32cTable(slice));
        assert.equal(crc32c(slice, seed >>> 0), crc32cTable(slice, seed >>> 0));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the table implementation on 1 MiB', () => {
    const data = randomBytes(1024 * 1024, 3);
    assert.equal(crc32c(data), crc32cTable(data));
  });
});
