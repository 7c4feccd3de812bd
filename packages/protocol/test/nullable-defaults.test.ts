/**
 * Nullable fields default to null, so a response built from the generated defaults says "no error
 * message" the way Kafka's clients expect (length -1, or 0 in the compact form) and a handler
 * cannot send "" by forgetting a field. Checked on the wire for two messages and, over every
 * schema, for every field nullable in all its versions (untagged, without a schema default).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as protocol from '../src/index.js';
import {
  defaultCreateTopicsResponseCreatableTopicResult,
  defaultFindCoordinatorResponse,
  encodeCreateTopicsResponseCreatableTopicResult,
  encodeFindCoordinatorResponse,
  Reader,
  Writer,
} from '../src/index.js';
import { type MessageSchema, messageSchemas, type SchemaField } from './generated/message-schemas.js';

function bytes(encode: (w: Writer) => void): Buffer {
  const w = new Writer();
  encode(w);
  return w.toBuffer();
}

describe('nullable defaults', () => {
  it('FindCoordinatorResponse v1: the default error_message is written as length -1', () => {
    const b = bytes((w) => encodeFindCoordinatorResponse(w, defaultFindCoordinatorResponse(), 1));
    // [throttle_time_ms: int32][error_code: int16][error_message: int16 length]...
    assert.equal(b.readInt16BE(6), -1);
  });

  it('FindCoordinatorResponse v3 (flexible): the default error_message is compact length 0 (null)', () => {
    const b = bytes((w) => encodeFindCoordinatorResponse(w, defaultFindCoordinatorResponse(), 3));
    assert.equal(b[6], 0, 'uvarint length+1 = 0 is null; "" would be 1');
    const r = new Reader(b);
    r.pos = 6;
    assert.equal(r.compactNullableString(), null);
  });

  it('CreatableTopicResult v1 and v5: the default error_message reads back as null', () => {
    for (const version of [1, 5]) {
      const b = bytes((w) =>
        encodeCreateTopicsResponseCreatableTopicResult(w, defaultCreateTopicsResponseCreatableTopicResult(), version),
      );
      const r = new Reader(b);
      if (version < 5) r.string();
      else r.compactString();
      r.int16();
      assert.equal(version < 5 ? r.nullableString() : r.compactNullableString(), null, `v${version}`);
    }
  });

  it('every field nullable in all its versions defaults to null, every other string to a string', () => {
    const exported = protocol as unknown as Record<string, unknown>;
    let checked = 0;
    for (const schema of messageSchemas) {
      for (const { tsName, fields } of structsOf(schema)) {
        const factory = exported[`default${tsName}`];
        assert.equal(typeof factory, 'function', `default${tsName} is exported`);
        const value = (factory as () => Record<string, unknown>)();
        for (const f of fields) {
          const name = f.name.charAt(0).toLowerCase() + f.name.slice(1);
          const expectNull = f.default === 'null' || (f.default === undefined && nullableEverywhere(f));
          if (expectNull) {
            assert.equal(value[name], null, `${tsName}.${name}`);
            checked++;
          } else if (f.type === 'string') {
            assert.equal(typeof value[name], 'string', `${tsName}.${name}`);
          }
        }
      }
    }
    assert.ok(checked > 100, `checked ${checked} nullable fields`);
  });
});

/** "N+", "N-M", "N": the numeric bounds (Infinity for "N+"). */
function bounds(text: string): [number, number] {
  const [lo, hi] = text.split('-');
  if (text.endsWith('+')) return [Number(text.slice(0, -1)), Number.POSITIVE_INFINITY];
  return [Number(lo), Number(hi ?? lo)];
}

function nullableEverywhere(f: SchemaField): boolean {
  if (f.taggedVersions !== undefined || f.nullableVersions === undefined || f.nullableVersions === 'none') return false;
  const [vLo, vHi] = bounds(f.versions);
  const [nLo, nHi] = bounds(f.nullableVersions);
  return nLo <= vLo && nHi >= vHi;
}

/** Every struct of a schema with its generated TypeScript name (codegen's naming rule). */
function structsOf(schema: MessageSchema): Array<{ tsName: string; fields: SchemaField[] }> {
  const out = [{ tsName: schema.name, fields: schema.fields }];
  const seen = new Set<string>();
  const common = new Map(schema.commonStructs.map((s) => [s.name, s.fields]));
  const visit = (fields: SchemaField[]) => {
    for (const f of fields) {
      const type = f.type.replace(/^\[\]/, '');
      const sub = f.fields ?? common.get(type);
      if (!sub || seen.has(type)) continue;
      seen.add(type);
      out.push({ tsName: type.startsWith(schema.name) ? type : `${schema.name}${type}`, fields: sub });
      visit(sub);
    }
  };
  visit(schema.fields);
  return out;
}
