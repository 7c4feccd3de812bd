import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ProtocolError, type ProtocolErrorCode } from '../src/errors/protocol-error.js';
import { Reader } from '../src/io/reader.js';
import { Writer } from '../src/io/writer.js';

const REF_THRESHOLD = 16 * 1024;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function encode(write: (w: Writer) => void, initialSize?: number): Buffer {
  const w = new Writer(initialSize);
  write(w);
  return w.toBuffer();
}

function bytes(...b: number[]): Buffer {
  return Buffer.from(b);
}

function hex(b: Buffer): string {
  return b.toString('hex');
}

// Decoders must fail with ProtocolError, never RangeError: callers map it to CORRUPT_MESSAGE or a
// closed connection, and anything else would be treated as a bug in our own code.
function expectProtocolError(fn: () => unknown, code: ProtocolErrorCode): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ProtocolError, `expected ProtocolError(${code}), got ${String(e)}`);
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    return true;
  });
}

// Independent zigzag/LEB128 encoders over BigInt, written from the Kafka spec rather than from the
// code under test, so the number-based encoder is checked against exact integer arithmetic.
function refUvarint(u: bigint): Buffer {
  const out: number[] = [];
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return Buffer.from(out);
}

function refVarint(v: number): Buffer {
  const n = BigInt(v);
  return refUvarint(BigInt.asUintN(32, (n << 1n) ^ (n >> 31n)));
}

function refVarlong(v: bigint): Buffer {
  return refUvarint(BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)));
}

interface Case {
  name: string;
  write: (w: Writer) => void;
  read: (r: Reader) => unknown;
  expected: unknown;
}

// One representative value per primitive, each encoded and decoded through the public API.
const CASES: Case[] = [
  { name: 'int8', write: (w) => w.int8(-128), read: (r) => r.int8(), expected: -128 },
  { name: 'bool true', write: (w) => w.bool(true), read: (r) => r.bool(), expected: true },
  { name: 'bool false', write: (w) => w.bool(false), read: (r) => r.bool(), expected: false },
  { name: 'int16', write: (w) => w.int16(-12345), read: (r) => r.int16(), expected: -12345 },
  { name: 'uint16', write: (w) => w.uint16(0xfedc), read: (r) => r.uint16(), expected: 0xfedc },
  { name: 'int32', write: (w) => w.int32(-2147483648), read: (r) => r.int32(), expected: -2147483648 },
  { name: 'uint32', write: (w) => w.uint32(0xfedcba98), read: (r) => r.uint32(), expected: 0xfedcba98 },
  {
    name: 'int64',
    write: (w) => w.int64(-9223372036854775808n),
    read: (r) => r.int64(),
    expected: -9223372036854775808n,
  },
  { name: 'float64', write: (w) => w.float64(-1.5e300), read: (r) => r.float64(), expected: -1.5e300 },
  {
    name: 'uuid',
    write: (w) => w.uuid('AAAAAAAAAAAAAAAAAAAAAQ'),
    read: (r) => r.uuid(),
    expected: 'AAAAAAAAAAAAAAAAAAAAAQ',
  },
  { name: 'uvarint', write: (w) => w.uvarint(0xffffffff), read: (r) => r.uvarint(), expected: 0xffffffff },
  { name: 'varint', write: (w) => w.varint(-2147483648), read: (r) => r.varint(), expected: -2147483648 },
  { name: 'varlong', write: (w) => w.varlong(-MAX_SAFE), read: (r) => r.varlong(), expected: -MAX_SAFE },
  { name: 'string', write: (w) => w.string('héllo'), read: (r) => r.string(), expected: 'héllo' },
  { name: 'nullableString', write: (w) => w.nullableString('x'), read: (r) => r.nullableString(), expected: 'x' },
  {
    name: 'nullableString null',
    write: (w) => w.nullableString(null),
    read: (r) => r.nullableString(),
    expected: null,
  },
  { name: 'compactString', write: (w) => w.compactString('héllo'), read: (r) => r.compactString(), expected: 'héllo' },
  {
    name: 'compactNullableString',
    write: (w) => w.compactNullableString('ab'),
    read: (r) => r.compactNullableString(),
    expected: 'ab',
  },
  { name: 'bytes', write: (w) => w.bytes(bytes(1, 2, 3)), read: (r) => r.bytes(), expected: bytes(1, 2, 3) },
  {
    name: 'nullableBytes',
    write: (w) => w.nullableBytes(bytes(9)),
    read: (r) => r.nullableBytes(),
    expected: bytes(9),
  },
  {
    name: 'nullableBytes null',
    write: (w) => w.nullableBytes(null),
    read: (r) => r.nullableBytes(),
    expected: null,
  },
  {
    name: 'compactBytes',
    write: (w) => w.compactBytes(bytes(1, 2, 3)),
    read: (r) => r.compactBytes(),
    expected: bytes(1, 2, 3),
  },
  {
    name: 'compactNullableBytes',
    write: (w) => w.compactNullableBytes(bytes(7, 8)),
    read: (r) => r.compactNullableBytes(),
    expected: bytes(7, 8),
  },
  {
    name: 'arrayLength classic',
    write: (w) => w.arrayLength(3, false),
    read: (r) => r.arrayLength(false, 0),
    expected: 3,
  },
  {
    name: 'arrayLength compact',
    write: (w) => w.arrayLength(300, true),
    read: (r) => r.arrayLength(true, 0),
    expected: 300,
  },
];

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

describe('lengths and nulls', () => {
  it('encodes null and empty differently in classic and compact forms', () => {
    assert.equal(hex(encode((w) => w.nullableString(null))), 'ffff');
    assert.equal(hex(encode((w) => w.compactNullableString(null))), '00');
    assert.equal(hex(encode((w) => w.nullableBytes(null))), 'ffffffff');
    assert.equal(hex(encode((w) => w.compactNullableBytes(null))), '00');
    assert.equal(hex(encode((w) => w.arrayLength(-1, false))), 'ffffffff');
    assert.equal(hex(encode((w) => w.arrayLength(-1, true))), '00');
    assert.equal(hex(encode((w) => w.string(''))), '0000');
    assert.equal(hex(encode((w) => w.compactString(''))), '01');
    assert.equal(hex(encode((w) => w.bytes(Buffer.alloc(0)))), '00000000');
    assert.equal(hex(encode((w) => w.compactBytes(Buffer.alloc(0)))), '01');
    assert.equal(hex(encode((w) => w.compactString('ab'))), '036162');
  });

  it('decodes nulls as null and empties as empty', () => {
    assert.equal(new Reader(bytes(0xff, 0xff)).nullableString(), null);
    assert.equal(new Reader(bytes(0x00)).compactNullableString(), null);
    assert.equal(new Reader(bytes(0xff, 0xff, 0xff, 0xff)).nullableBytes(), null);
    assert.equal(new Reader(bytes(0x00)).compactNullableBytes(), null);
    assert.equal(new Reader(bytes(0xff, 0xff, 0xff, 0xff)).arrayLength(false, 4), -1);
    assert.equal(new Reader(bytes(0x00)).arrayLength(true, 4), -1);
    assert.equal(new Reader(bytes(0x00, 0x00)).string(), '');
    assert.equal(new Reader(bytes(0x01)).compactString(), '');
    assert.deepEqual(new Reader(bytes(0x01)).compactBytes(), Buffer.alloc(0));
  });

  it('rejects null in non-nullable fields', () => {
    expectProtocolError(() => new Reader(bytes(0x00)).compactString(), 'INVALID_VALUE');
    expectProtocolError(() => new Reader(bytes(0x00)).compactBytes(), 'INVALID_VALUE');
    expectProtocolError(() => new Reader(bytes(0xff, 0xff)).string(), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff)).bytes(), 'INVALID_LENGTH');
  });

  it('rejects negative lengths other than -1 with INVALID_LENGTH', () => {
    expectProtocolError(() => new Reader(bytes(0xff, 0xfe, 0x61, 0x62)).string(), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(0x80, 0x00)).nullableString(), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(0xff, 0xff, 0xff, 0xfe, 0x00)).bytes(), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(0x80, 0x00, 0x00, 0x00)).nullableBytes(), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(0xff, 0xff, 0xff, 0xfe)).arrayLength(false, 0), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(0x80, 0x00, 0x00, 0x00)).arrayLength(false, 1), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(1, 2, 3)).raw(-1), 'INVALID_LENGTH');
    expectProtocolError(() => new Reader(bytes(1, 2, 3)).slice(-1), 'INVALID_LENGTH');
  });

  it('rejects lengths beyond the buffer with TRUNCATED', () => {
    expectProtocolError(() => new Reader(bytes(0x00, 0x0a, 0x61, 0x62, 0x63)).string(), 'TRUNCATED');
    expectProtocolError(() => new Reader(bytes(0x7f, 0xff)).nullableString(), 'TRUNCATED');
    expectProtocolError(() => new Reader(bytes(0x0b, 0x61)).compactString(), 'TRUNCATED');
    // uvarint 0xffffffff: a length of 2^32 - 2 must not wrap or reach Buffer.toString
    expectProtocolError(
      () => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0x0f, 0x61)).compactNullableString(),
      'TRUNCATED',
    );
    expectProtocolError(() => new Reader(bytes(0x7f, 0xff, 0xff, 0xff, 0x00)).bytes(), 'TRUNCATED');
    expectProtocolError(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0x0f)).compactBytes(), 'TRUNCATED');
    expectProtocolError(() => new Reader(bytes(1, 2, 3)).raw(4), 'TRUNCATED');
    expectProtocolError(() => new Reader(bytes(1, 2, 3)).slice(4), 'TRUNCATED');
  });

  it('rejects an array count that cannot fit in the remaining bytes before the caller allocates', () => {
    expectProtocolError(() => new Reader(bytes(0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0)).arrayLength(false, 1), 'TRUNCATED');
    expectProtocolError(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0)).arrayLength(true, 1), 'TRUNCATED');
    // Exactly enough room passes; one byte short does not.
    const twelve = Buffer.concat([encode((w) => w.int32(3)), Buffer.alloc(12)]);
    assert.equal(new Reader(twelve).arrayLength(false, 4), 3);
    expectProtocolError(() => new Reader(twelve.subarray(0, 15)).arrayLength(false, 4), 'TRUNCATED');
    // With no lower bound on element size the count is the caller's to check.
    assert.equal(new Reader(bytes(0x7f, 0xff, 0xff, 0xff)).arrayLength(false, 0), 0x7fffffff);
  });

  it('replaces lone surrogates with U+FFFD and keeps the prefix consistent with the bytes written', () => {
    const buf = encode((w) => w.string('a\ud800b'));
    assert.equal(buf.readInt16BE(0), buf.length - 2);
    assert.equal(new Reader(buf).string(), 'a\ufffdb');
  });

  it('accepts a classic string of exactly 0x7fff bytes and refuses a longer one', () => {
    const max = 'x'.repeat(0x7fff);
    assert.equal(new Reader(encode((w) => w.string(max))).string(), max);
    assert.throws(() => new Writer().string(`${max}x`), RangeError);
  });

  it('returns byte fields as views into the input, not copies', () => {
    const input = encode((w) => w.bytes(bytes(1, 2, 3)));
    const view = new Reader(input).bytes();
    assert.equal(view.buffer, input.buffer);
    input[4] = 99;
    assert.equal(view[0], 99);
  });
});

describe('uuid', () => {
  it('uses Kafka base64url text: the zero uuid and Uuid(0, 1)', () => {
    assert.equal(hex(encode((w) => w.uuid('AAAAAAAAAAAAAAAAAAAAAA'))), '00'.repeat(16));
    assert.equal(new Reader(Buffer.alloc(16)).uuid(), 'AAAAAAAAAAAAAAAAAAAAAA');
    const one = Buffer.alloc(16);
    one[15] = 1;
    assert.equal(new Reader(one).uuid(), 'AAAAAAAAAAAAAAAAAAAAAQ');
  });

  it('rejects text that is not 16 bytes of base64url instead of writing part of it', () => {
    assert.throws(() => new Writer().uuid('too-short'), TypeError);
    assert.throws(() => new Writer().uuid(''), TypeError);
    // A hex UUID is valid base64url of 27 bytes; silently keeping 16 of them would corrupt the id.
    assert.throws(() => new Writer().uuid('123e4567-e89b-12d3-a456-426614174000'), TypeError);
  });
});

describe('tagged fields', () => {
  // Two tags: 0 holds an int16, 7 holds three opaque bytes; followed by a trailing int8 sentinel.
  const section = encode((w) => {
    w.uvarint(2);
    w.uvarint(0);
    w.uvarint(2);
    w.int16(0x1234);
    w.uvarint(7);
    w.uvarint(3);
    w.raw(bytes(0xaa, 0xbb, 0xcc));
    w.int8(42);
  });

  it('skips every field when no handler is given', () => {
    const r = new Reader(section);
    r.taggedFields();
    assert.equal(r.int8(), 42);
  });

  it('lets a handler decode known tags and skips the ones it declines', () => {
    const r = new Reader(section);
    const seen: [number, number][] = [];
    let value = 0;
    r.taggedFields((tag, size, rr) => {
      seen.push([tag, size]);
      if (tag !== 0) return false;
      value = rr.int16();
      return true;
    });
    assert.deepEqual(seen, [
      [0, 2],
      [7, 3],
    ]);
    assert.equal(value, 0x1234);
    assert.equal(r.int8(), 42);
  });

  it('rejects a handler that consumes a different number of bytes than declared', () => {
    const r = new Reader(section);
    expectProtocolError(
      () =>
        r.taggedFields((tag, _size, rr) => {
          if (tag === 0) rr.int8();
          return tag === 0;
        }),
      'INVALID_VALUE',
    );
  });

  it('rejects out-of-order and duplicate tags', () => {
    const outOfOrder = encode((w) => {
      w.uvarint(2);
      w.uvarint(5);
      w.uvarint(0);
      w.uvarint(1);
      w.uvarint(0);
    });
    expectProtocolError(() => new Reader(outOfOrder).taggedFields(), 'INVALID_VALUE');
    const duplicate = encode((w) => {
      w.uvarint(2);
      w.uvarint(3);
      w.uvarint(0);
      w.uvarint(3);
      w.uvarint(0);
    });
    expectProtocolError(() => new Reader(duplicate).taggedFields(), 'INVALID_VALUE');
  });

  it('rejects a field size beyond the buffer and a truncated section', () => {
    expectProtocolError(() => new Reader(bytes(1, 0, 5, 0xaa)).taggedFields(), 'TRUNCATED');
    for (let k = 0; k < section.length - 1; k++) {
      expectProtocolError(() => new Reader(section.subarray(0, k)).taggedFields(), 'TRUNCATED');
    }
  });

  it('fieldEnd validates the size and expectAt checks the decoder stopped there', () => {
    const r = new Reader(bytes(0x12, 0x34, 0x56));
    const end = r.fieldEnd(2);
    assert.equal(end, 2);
    r.int16();
    r.expectAt(end, 0);
    const short = new Reader(bytes(0x12, 0x34, 0x56));
    const shortEnd = short.fieldEnd(3);
    short.int16();
    expectProtocolError(() => short.expectAt(shortEnd, 1), 'INVALID_VALUE');
    expectProtocolError(() => new Reader(bytes(1, 2)).fieldEnd(3), 'TRUNCATED');
    expectProtocolError(() => new Reader(bytes(1, 2)).fieldEnd(-1), 'INVALID_LENGTH');
  });
});

describe('Reader.slice', () => {
  it('bounds the sub-reader and advances the parent past it', () => {
    const r = new Reader(bytes(1, 2, 3, 4, 5));
    r.int8();
    const sub = r.slice(2);
    assert.equal(r.pos, 3);
    assert.equal(sub.remaining, 2);
    assert.equal(sub.int16(), 0x0203);
    expectProtocolError(() => sub.int8(), 'TRUNCATED');
    assert.equal(r.int16(), 0x0405);
  });
});

describe('Writer buffer management', () => {
  it('keeps earlier bytes across several reallocations', () => {
    const w = new Writer(8);
    for (let i = 0; i < 10_000; i++) w.int32(i * 7919);
    const r = new Reader(w.toBuffer());
    for (let i = 0; i < 10_000; i++) assert.equal(r.int32(), (i * 7919) | 0);
    assert.equal(r.remaining, 0);
  });

  it('grows for a single write larger than twice the current size', () => {
    const w = new Writer(4);
    w.int8(1);
    const payload = Buffer.alloc(REF_THRESHOLD - 1, 0x5a);
    w.raw(payload);
    w.int8(2);
    assert.deepEqual(w.toBuffer(), Buffer.concat([bytes(1), payload, bytes(2)]));
  });

  it('works from a zero initial size', () => {
    const w = new Writer(0);
    w.string('grow from nothing');
    assert.equal(new Reader(w.toBuffer()).string(), 'grow from nothing');
  });

  it('copies raw buffers below 16 KiB', () => {
    const w = new Writer();
    const small = Buffer.alloc(REF_THRESHOLD - 1, 1);
    w.raw(small);
    small.fill(2);
    assert.equal(w.chunks().length, 1);
    assert.ok(w.toBuffer().every((b) => b === 1));
  });

  it('keeps raw buffers of 16 KiB and more by reference, as their own chunks', () => {
    const w = new Writer(64);
    w.int32(7);
    const big = Buffer.alloc(REF_THRESHOLD, 0xab);
    w.raw(big);
    w.int16(9);
    const chunks = w.chunks();
    assert.equal(chunks.length, 3);
    assert.equal(chunks[1], big);
    assert.equal(w.length, 4 + big.length + 2);
    assert.deepEqual(w.toBuffer(), Buffer.concat([encode((x) => x.int32(7)), big, encode((x) => x.int16(9))]));
  });

  it('keeps large byte fields by reference after their length prefix', () => {
    const w = new Writer();
    const big = Buffer.alloc(REF_THRESHOLD * 2, 3);
    w.compactBytes(big);
    const chunks = w.chunks();
    assert.equal(chunks.length, 2);
    assert.equal(chunks[1], big);
    assert.deepEqual(new Reader(w.toBuffer()).compactBytes(), big);
  });

  it('puts back-to-back large buffers in consecutive chunks with no empty chunk between', () => {
    const w = new Writer();
    const a = Buffer.alloc(REF_THRESHOLD, 1);
    const b = Buffer.alloc(REF_THRESHOLD, 2);
    w.raw(a);
    w.raw(b);
    const chunks = w.chunks();
    assert.equal(chunks.length, 2);
    assert.equal(chunks[0], a);
    assert.equal(chunks[1], b);
    assert.ok(chunks.every((c) => c.length > 0));
  });

  it('patches a reserved int32 after its chunk was closed by a large raw write', () => {
    const w = new Writer(32);
    const frame = w.reserveInt32();
    w.int8(1);
    w.raw(Buffer.alloc(REF_THRESHOLD, 0xcd));
    // Grow the open buffer after the close so the reservation lives only in the closed chunk.
    for (let i = 0; i < 100; i++) w.int32(i);
    const inner = w.reserveInt32();
    w.int16(5);
    w.patchInt32(inner, 2);
    w.patchInt32(frame, w.length - 4);
    const out = w.toBuffer();
    assert.equal(out.readInt32BE(0), out.length - 4);
    assert.equal(out.readInt32BE(out.length - 6), 2);
    assert.deepEqual(out, Buffer.concat(w.chunks()));
  });

  it('patches a reserved int32 after the buffer was reallocated', () => {
    const w = new Writer(8);
    const at = w.reserveInt32();
    for (let i = 0; i < 1000; i++) w.int32(i);
    w.patchInt32(at, 4000);
    const out = w.toBuffer();
    assert.equal(out.readInt32BE(0), 4000);
    assert.equal(out.readInt32BE(4 + 999 * 4), 999);
  });

  it('refuses to patch a position it never reserved', () => {
    const w = new Writer();
    w.int32(0);
    w.raw(Buffer.alloc(REF_THRESHOLD));
    w.int32(0);
    // Straddles the end of the closed first chunk.
    assert.throws(() => w.patchInt32(2, 1), RangeError);
    // Past everything written: the patch would land in unused buffer space and be lost.
    assert.throws(() => w.patchInt32(w.pos - 2, 1), RangeError);
  });

  it('toBuffer equals the concatenation of chunks for any mix of writes', () => {
    type Op = { kind: 'int32'; v: number } | { kind: 'bytes'; v: Uint8Array } | { kind: 'string'; v: string };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.integer().map((v): Op => ({ kind: 'int32', v })),
      fc.uint8Array({ maxLength: 64 }).map((v): Op => ({ kind: 'bytes', v })),
      fc
        .integer({ min: REF_THRESHOLD, max: REF_THRESHOLD + 100 })
        .map((n): Op => ({ kind: 'bytes', v: new Uint8Array(n) })),
      fc.string({ maxLength: 20 }).map((v): Op => ({ kind: 'string', v })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.integer({ min: 1, max: 256 }), (ops, initialSize) => {
        const w = new Writer(initialSize);
        for (const o of ops) {
          if (o.kind === 'int32') w.int32(o.v);
          else if (o.kind === 'bytes') w.bytes(Buffer.from(o.v));
          else w.compactString(o.v);
        }
        const out = w.toBuffer();
        assert.deepEqual(out, Buffer.concat(w.chunks()));
        assert.equal(out.length, w.length);
        const r = new Reader(out);
        for (const o of ops) {
          if (o.kind === 'int32') assert.equal(r.int32(), o.v);
          else if (o.kind === 'bytes') assert.deepEqual(r.bytes(), Buffer.from(o.v));
          else assert.equal(r.compactString(), o.v);
        }
        assert.equal(r.remaining, 0);
      }),
      { numRuns: 200 },
    );
  });

  it('reset empties the writer for reuse while earlier toBuffer copies stay intact', () => {
    const w = new Writer(16);
    w.int32(1);
    w.raw(Buffer.alloc(REF_THRESHOLD, 7));
    w.int32(2);
    const first = w.toBuffer();
    w.reset();
    assert.equal(w.length, 0);
    assert.equal(Buffer.concat(w.chunks()).length, 0);
    w.string('again');
    assert.equal(w.chunks().length, 1);
    assert.deepEqual(
      w.toBuffer(),
      encode((x) => x.string('again')),
    );
    assert.equal(first.readInt32BE(0), 1);
    assert.ok(first.subarray(4, 4 + REF_THRESHOLD).every((b) => b === 7));
    assert.equal(first.readInt32BE(4 + REF_THRESHOLD), 2);
  });

  it('view returns the open chunk from a position and refuses positions in closed chunks', () => {
    const w = new Writer();
    w.int16(1);
    const start = w.pos;
    w.int16(2);
    assert.equal(hex(w.view(start)), '0002');
    w.raw(Buffer.alloc(REF_THRESHOLD));
    assert.throws(() => w.view(start), RangeError);
  });
});
