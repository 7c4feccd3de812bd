import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Reader } from '../src/io/reader.js';
import type { Writer } from '../src/io/writer.js';

import {
  bytes,
  CASES,
  encode,
  expectProtocolError,
  hex,
  MAX_SAFE,
  refUvarint,
  refVarint,
  refVarlong,
} from './fixtures/io/helpers.js';

describe('Reader/Writer primitives', () => {
  for (const c of CASES) {
    it(`${c.name} round-trips and consumes exactly its bytes`, () => {
      const buf = encode(c.write);
      const r = new Reader(buf);
      assert.deepEqual(c.read(r), c.expected);
      assert.equal(r.remaining, 0);
    });

    it(`${c.name}: every proper prefix is TRUNCATED`, () => {
      const buf = encode(c.write);
      for (let k = 0; k < buf.length; k++) {
        expectProtocolError(() => c.read(new Reader(buf.subarray(0, k))), 'TRUNCATED');
        // Same prefix but with the rest of the bytes still in the buffer: the reader must honour `end`.
        expectProtocolError(() => c.read(new Reader(buf, 0, k)), 'TRUNCATED');
      }
    });
  }

  it('reads at a non-zero start offset', () => {
    const buf = Buffer.concat([bytes(0xee, 0xee), encode((w) => w.int32(42))]);
    const r = new Reader(buf, 2);
    assert.equal(r.int32(), 42);
    assert.equal(r.pos, 6);
  });

  it('treats any non-zero byte as true, like Kafka', () => {
    assert.equal(new Reader(bytes(2)).bool(), true);
    assert.equal(new Reader(bytes(0xff)).bool(), true);
  });

  it('writes fixed-width integers big-endian', () => {
    assert.equal(hex(encode((w) => w.int16(0x0102))), '0102');
    assert.equal(hex(encode((w) => w.int32(-2))), 'fffffffe');
    assert.equal(hex(encode((w) => w.int64(0x0102030405060708n))), '0102030405060708');
    assert.equal(hex(encode((w) => w.float64(1))), '3ff0000000000000');
  });
});

describe('property round trips', () => {
  const roundTrip = <T>(write: (w: Writer, v: T) => void, read: (r: Reader) => T) => {
    return (v: T) => {
      const buf = encode((w) => write(w, v), 16);
      const r = new Reader(buf);
      const got = read(r);
      assert.equal(r.remaining, 0);
      return got;
    };
  };

  it('int8 / int16 / int32 / uint16 / uint32', () => {
    fc.assert(
      fc.property(fc.integer({ min: -128, max: 127 }), (v) => {
        assert.equal(
          roundTrip<number>(
            (w, x) => w.int8(x),
            (r) => r.int8(),
          )(v),
          v,
        );
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (v) => {
        assert.equal(
          roundTrip<number>(
            (w, x) => w.int16(x),
            (r) => r.int16(),
          )(v),
          v,
        );
      }),
    );
    fc.assert(
      fc.property(fc.integer(), (v) => {
        assert.equal(
          roundTrip<number>(
            (w, x) => w.int32(x),
            (r) => r.int32(),
          )(v),
          v,
        );
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (v) => {
        assert.equal(
          roundTrip<number>(
            (w, x) => w.uint16(x),
            (r) => r.uint16(),
          )(v),
          v,
        );
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        assert.equal(
          roundTrip<number>(
            (w, x) => w.uint32(x),
            (r) => r.uint32(),
          )(v),
          v,
        );
      }),
    );
  });

  it('int64 over the full signed 64-bit range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        assert.equal(
          roundTrip<bigint>(
            (w, x) => w.int64(x),
            (r) => r.int64(),
          )(v),
          v,
        );
      }),
    );
  });

  it('float64 including NaN, infinities and -0', () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        assert.ok(
          Object.is(
            roundTrip<number>(
              (w, x) => w.float64(x),
              (r) => r.float64(),
            )(v),
            v,
          ),
        );
      }),
    );
  });

  it('uvarint matches the reference encoding over all of uint32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        const buf = encode((w) => w.uvarint(v));
        assert.equal(hex(buf), hex(refUvarint(BigInt(v))));
        assert.equal(new Reader(buf).uvarint(), v);
      }),
    );
  });

  it('varint matches the reference zigzag encoding over all of int32', () => {
    fc.assert(
      fc.property(fc.integer(), (v) => {
        const buf = encode((w) => w.varint(v));
        assert.equal(hex(buf), hex(refVarint(v)));
        assert.equal(new Reader(buf).varint(), v);
      }),
    );
  });

  it('varlong matches the reference zigzag encoding over all safe integers', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (v) => {
        const buf = encode((w) => w.varlong(v));
        assert.equal(hex(buf), hex(refVarlong(BigInt(v))), `varlong(${v})`);
        assert.equal(new Reader(buf).varlong(), v);
      }),
      { numRuns: 2000 },
    );
  });

  it('strings of any valid Unicode, classic and compact', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        assert.equal(
          roundTrip<string>(
            (w, x) => w.string(x),
            (r) => r.string(),
          )(s),
          s,
        );
        assert.equal(
          roundTrip<string>(
            (w, x) => w.compactString(x),
            (r) => r.compactString(),
          )(s),
          s,
        );
      }),
    );
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'grapheme', maxLength: 100 }), { nil: null }), (s) => {
        assert.equal(
          roundTrip<string | null>(
            (w, x) => w.nullableString(x),
            (r) => r.nullableString(),
          )(s),
          s,
        );
        assert.equal(
          roundTrip<string | null>(
            (w, x) => w.compactNullableString(x),
            (r) => r.compactNullableString(),
          )(s),
          s,
        );
      }),
    );
  });

  it('length prefixes count UTF-8 bytes, not UTF-16 units', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (s) => {
        const n = Buffer.byteLength(s, 'utf8');
        assert.equal(encode((w) => w.string(s)).readInt16BE(0), n);
        assert.equal(new Reader(encode((w) => w.compactString(s))).uvarint(), n + 1);
      }),
    );
  });

  it('bytes of any content, classic and compact, nullable or not', () => {
    const asBuf = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b));
    fc.assert(
      fc.property(fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null }), (raw) => {
        const b = asBuf(raw);
        assert.deepEqual(
          roundTrip<Buffer | null>(
            (w, x) => w.nullableBytes(x),
            (r) => r.nullableBytes(),
          )(b),
          b,
        );
        assert.deepEqual(
          roundTrip<Buffer | null>(
            (w, x) => w.compactNullableBytes(x),
            (r) => r.compactNullableBytes(),
          )(b),
          b,
        );
        if (b !== null) {
          assert.deepEqual(
            roundTrip<Buffer>(
              (w, x) => w.bytes(x),
              (r) => r.bytes(),
            )(b),
            b,
          );
          assert.deepEqual(
            roundTrip<Buffer>(
              (w, x) => w.compactBytes(x),
              (r) => r.compactBytes(),
            )(b),
            b,
          );
        }
      }),
    );
  });

  it('uuid round-trips any 16 bytes in base64url form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (raw) => {
        const text = Buffer.from(raw).toString('base64url');
        const buf = encode((w) => w.uuid(text));
        assert.deepEqual(buf, Buffer.from(raw));
        assert.equal(new Reader(buf).uuid(), text);
      }),
    );
  });
});

describe('varint known answers', () => {
  // Values and encodings from Kafka's ByteUtilsTest and the protobuf zigzag examples.
  const varints: [number, string][] = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [63, '7e'],
    [-64, '7f'],
    [64, '8001'],
    [-65, '8101'],
    [8191, 'fe7f'],
    [-8192, 'ff7f'],
    [8192, '808001'],
    [-8193, '818001'],
    [1048575, 'feff7f'],
    [-1048576, 'ffff7f'],
    [1048576, '80808001'],
    [-1048577, '81808001'],
    [134217727, 'feffff7f'],
    [-134217728, 'ffffff7f'],
    [134217728, '8080808001'],
    [-134217729, '8180808001'],
    [2147483647, 'feffffff0f'],
    [-2147483648, 'ffffffff0f'],
  ];
  for (const [v, enc] of varints) {
    it(`varint ${v} <-> ${enc}`, () => {
      assert.equal(hex(encode((w) => w.varint(v))), enc);
      const r = new Reader(Buffer.from(enc, 'hex'));
      assert.equal(r.varint(), v);
      assert.equal(r.remaining, 0);
    });
  }

  const uvarints: [number, string][] = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [300, 'ac02'],
    [16383, 'ff7f'],
    [16384, '808001'],
    [0x7fffffff, 'ffffffff07'],
    [0x80000000, '8080808008'],
    [0xffffffff, 'ffffffff0f'],
  ];
  for (const [v, enc] of uvarints) {
    it(`uvarint ${v} <-> ${enc}`, () => {
      assert.equal(hex(encode((w) => w.uvarint(v))), enc);
      assert.equal(new Reader(Buffer.from(enc, 'hex')).uvarint(), v);
    });
  }

  const varlongs: [number, string][] = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [-64, '7f'],
    [64, '8001'],
    [2147483647, 'feffffff0f'],
    [-2147483648, 'ffffffff0f'],
    [2147483648, '8080808010'],
    [-2147483649, '8180808010'],
    [2 ** 52, '8080808080808010'],
    [-(2 ** 52), 'ffffffffffffff0f'],
    [2 ** 52 + 1, '8280808080808010'],
    [-(2 ** 52 + 1), '8180808080808010'],
    [MAX_SAFE, 'feffffffffffff1f'],
    [-MAX_SAFE, 'fdffffffffffff1f'],
  ];
  for (const [v, enc] of varlongs) {
    it(`varlong ${v} <-> ${enc}`, () => {
      // Guard the table itself against typos: it must agree with exact BigInt arithmetic.
      assert.equal(hex(refVarlong(BigInt(v))), enc);
      assert.equal(hex(encode((w) => w.varlong(v))), enc);
      assert.equal(new Reader(Buffer.from(enc, 'hex')).varlong(), v);
    });
  }

  it('accepts redundant continuation bytes up to the maximum width, as Kafka does', () => {
    assert.equal(new Reader(bytes(0x80, 0x80, 0x80, 0x80, 0x00)).uvarint(), 0);
    assert.equal(new Reader(bytes(0x81, 0x80, 0x80, 0x80, 0x00)).varint(), -1);
    assert.equal(new Reader(Buffer.from('80808080808080808000', 'hex')).varlong(), 0);
  });

  it('rejects varints longer than 5 bytes and varlongs longer than 10 with VARINT_TOO_LONG', () => {
    expectProtocolError(() => new Reader(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00)).uvarint(), 'VARINT_TOO_LONG');
    expectProtocolError(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x01)).varint(), 'VARINT_TOO_LONG');
    expectProtocolError(() => new Reader(Buffer.from('8080808080808080808000', 'hex')).varlong(), 'VARINT_TOO_LONG');
    expectProtocolError(() => new Reader(Buffer.from('ffffffffffffffffffff01', 'hex')).varlong(), 'VARINT_TOO_LONG');
    // A length prefix is a varint too.
    expectProtocolError(() => new Reader(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)).compactString(), 'VARINT_TOO_LONG');
  });

  it('rejects varlongs outside 53 bits instead of rounding them', () => {
    expectProtocolError(() => new Reader(refVarlong(2n ** 53n)).varlong(), 'INVALID_VALUE');
    expectProtocolError(() => new Reader(refVarlong(2n ** 63n - 1n)).varlong(), 'INVALID_VALUE');
    expectProtocolError(() => new Reader(refVarlong(-(2n ** 63n))).varlong(), 'INVALID_VALUE');
  });
});
