/**
 * Property tests over the whole generated codec: for every message in every valid version, values
 * generated from the schema itself round-trip (encode → decode → equal, re-encode → same bytes),
 * every strict prefix of an encoding is rejected with a ProtocolError, and random bytes never make a
 * decoder throw anything but a ProtocolError.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ProtocolError } from '../src/errors/protocol-error.js';
import * as gen from '../src/generated/index.js';
import { Reader } from '../src/io/reader.js';
import { Writer } from '../src/io/writer.js';
import { type MessageSchema, messageSchemas, type SchemaField } from './generated/message-schemas.js';

type Codec = {
  encode: (w: Writer, v: unknown, version: number) => void;
  decode: (r: Reader, version: number) => unknown;
  makeDefault: () => Record<string, unknown>;
};

const registry = gen as unknown as Record<string, unknown>;

function codecFor(tsName: string): Codec {
  const encode = registry[`encode${tsName}`];
  const decode = registry[`decode${tsName}`];
  const makeDefault = registry[`default${tsName}`];
  assert.equal(typeof encode, 'function', `encode${tsName} is generated`);
  assert.equal(typeof decode, 'function', `decode${tsName} is generated`);
  assert.equal(typeof makeDefault, 'function', `default${tsName} is generated`);
  return { encode, decode, makeDefault } as Codec;
}

function inRange(text: string | undefined, v: number): boolean {
  if (text === undefined || text === 'none') return false;
  if (text.endsWith('+')) return v >= Number(text.slice(0, -1));
  const [lo, hi] = text.split('-').map(Number) as [number, number];
  return v >= lo && v <= (hi ?? lo);
}

function versionsOf(text: string): number[] {
  const [lo, hi] = text.split('-').map(Number) as [number, number];
  const out: number[] = [];
  for (let v = lo; v <= (hi ?? lo); v++) out.push(v);
  return out;
}

const INT: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

class ArbitraryBuilder {
  constructor(
    private readonly msg: MessageSchema,
    private readonly version: number,
  ) {}

  private structName(kafkaName: string): string {
    return kafkaName.startsWith(this.msg.name) ? kafkaName : `${this.msg.name}${kafkaName}`;
  }

  private structFields(field: SchemaField, kafkaName: string): SchemaField[] {
    if (field.fields) return field.fields;
    const common = this.msg.commonStructs.find((s) => s.name === kafkaName);
    assert.ok(common, `struct ${kafkaName} of ${this.msg.name}`);
    return common.fields;
  }

  private typeArb(field: SchemaField, type: string): fc.Arbitrary<unknown> {
    if (type.startsWith('[]')) return fc.array(this.typeArb(field, type.slice(2)), { maxLength: 3 });
    const range = INT[type];
    if (range) return fc.integer({ min: range[0], max: range[1] });
    switch (type) {
      case 'bool':
        return fc.boolean();
      case 'int64':
        return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
      case 'float64':
        return fc.double({ noNaN: true });
      case 'uuid':
        return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64url'));
      case 'string':
        return fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
      case 'bytes':
      case 'records':
        return fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b));
      default:
        return this.structArb(this.structName(type), this.structFields(field, type));
    }
  }

  structArb(tsName: string, fields: SchemaField[]): fc.Arbitrary<unknown> {
    const { makeDefault } = codecFor(tsName);
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) {
      if (!inRange(f.versions, this.version)) continue;
      const key = f.name.charAt(0).toLowerCase() + f.name.slice(1);
      const arb = this.typeArb(f, f.type);
      parts[key] = inRange(f.nullableVersions, this.version) ? fc.option(arb, { nil: null, freq: 4 }) : arb;
    }
    return fc.record(parts).map((present) => ({ ...makeDefault(), ...present }));
  }
}

function encode(codec: Codec, value: unknown, version: number): Buffer {
  const w = new Writer(64);
  codec.encode(w, value, version);
  return w.toBuffer();
}

function decodeAll(codec: Codec, bytes: Buffer, version: number): unknown {
  const r = new Reader(bytes);
  const value = codec.decode(r, version);
  assert.equal(r.remaining, 0, 'decoder consumed every byte');
  return value;
}

const RUNS = Number(process.env.CODEC_RUNS ?? 25);

describe('generated codec', () => {
  it('covers every schema', () => {
    assert.equal(messageSchemas.length, 162);
    const keys = new Set(messageSchemas.filter((m) => m.apiKey !== undefined).map((m) => m.apiKey));
    assert.equal(keys.size, 76);
    for (let k = 0; k <= 75; k++) assert.ok(gen.apiDefinition(k), `api key ${k} is in the table`);
  });

  for (const msg of messageSchemas) {
    it(`${msg.name}: round trip, truncation and garbage in every version ${msg.validVersions}`, () => {
      const codec = codecFor(msg.name);
      for (const version of versionsOf(msg.validVersions)) {
        const arb = new ArbitraryBuilder(msg, version).structArb(msg.name, msg.fields);
        fc.assert(
          fc.property(arb, (value) => {
            const bytes = encode(codec, value, version);
            const decoded = decodeAll(codec, bytes, version);
            assert.deepStrictEqual(decoded, value);
            assert.deepStrictEqual(encode(codec, decoded, version), bytes);
            for (let cut = 0; cut < bytes.length; cut++) {
              assert.throws(
                () => codec.decode(new Reader(bytes.subarray(0, cut)), version),
                ProtocolError,
                `${msg.name} v${version} prefix of ${cut}/${bytes.length} bytes`,
              );
            }
          }),
          { numRuns: RUNS },
        );
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 64 }), (garbage) => {
            try {
              codec.decode(new Reader(Buffer.from(garbage)), version);
            } catch (e) {
              if (!(e instanceof ProtocolError)) throw e;
            }
          }),
          { numRuns: RUNS },
        );
      }
    });
  }

  it('rejects versions outside the valid range', () => {
    const w = new Writer();
    assert.throws(() => gen.encodeProduceRequest(w, gen.defaultProduceRequest(), 12), ProtocolError);
    assert.throws(() => gen.decodeFetchRequest(new Reader(Buffer.alloc(100)), 17), ProtocolError);
  });
});
