import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Reader } from '../src/io/reader.js';
import { Writer } from '../src/io/writer.js';

import { bytes, encode, expectProtocolError, hex, REF_THRESHOLD } from './fixtures/io/helpers.js';

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
