/**
 * The generator on a fixture schema: the TypeScript it emits (field types, defaults — null for a
 * field nullable in all its versions —, version guards, tagged fields), and a round trip through
 * that code, transpiled and run against the protocol package's built Reader and Writer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { generate } from '../src/generate.js';
import { writeFixtureSchemas } from './fixture.js';

const MODULE = 'src/generated/messages/00-foo.ts';
// The generated module imports the protocol package's io/ and errors/ by relative path.
const PROTOCOL_SRC = new URL('../../../packages/protocol/dist/src/', import.meta.url);

interface Foo {
  name: string;
  comment: string | null;
  label: string | null;
  count: number;
  id: bigint;
  payload: Buffer | null;
  items: Array<{ index: number; note: string | null }>;
  hint: string | null;
  extra: number;
}
interface WriterLike {
  toBuffer(): Buffer;
}
interface FooModule {
  defaultFooRequest(): Foo;
  encodeFooRequest(w: WriterLike, v: Foo, version: number): void;
  decodeFooRequest(r: unknown, version: number): Foo;
}

describe('codegen on a fixture schema', () => {
  let schemas: string;
  let files: Map<string, string>;
  let code: string;
  before(() => {
    schemas = writeFixtureSchemas();
    files = generate(schemas);
    code = files.get(MODULE) ?? '';
  });
  after(() => rmSync(schemas, { recursive: true, force: true }));

  it('writes one module per API key, the API table, the index and the schema data', () => {
    assert.deepEqual([...files.keys()].sort(), [
      'src/generated/api-table.ts',
      'src/generated/headers.ts',
      'src/generated/index.ts',
      MODULE,
      'test/generated/message-schemas.ts',
    ]);
    assert.match(files.get('src/generated/api-table.ts') ?? '', /Foo: 0,/);
    assert.match(files.get('src/generated/index.ts') ?? '', /export \* from '\.\/messages\/00-foo\.js';/);
  });

  it('types each field by its schema type and nullability', () => {
    for (const line of [
      'name: string;',
      'comment: string | null;',
      'label: string | null;',
      'count: number;',
      'id: bigint;',
      'payload: Buffer | null;',
      'items: FooRequestItem[];',
      'hint: string | null;',
      'note: string | null;',
      'errorMessage: string | null;',
    ]) {
      assert.ok(code.includes(`  ${line}\n`), line);
    }
    assert.ok(code.includes('/** see http://example.com//x (versions 0+) */'), 'a // inside a string is not a comment');
  });

  it('defaults: null for a field nullable in every version it has, the schema default otherwise', () => {
    const defaults = code.slice(code.indexOf('export function defaultFooRequest()'));
    for (const entry of [
      'comment: null,', // nullable in all of 1+
      "label: '',", // nullable only from v2: null could not be written at v0-1
      'count: 5,',
      'id: -1n,',
      'payload: null,',
      'hint: null,', // tagged: the schema's own default
      'extra: 0,',
    ]) {
      assert.ok(defaults.includes(`    ${entry}\n`), entry);
    }
    assert.ok(code.includes('    note: null,\n'), 'nested struct field');
    assert.ok(code.includes('    errorMessage: null,\n'), 'response error message');
  });

  it('guards versions: the valid range, each field by its versions, flexible from 2', () => {
    assert.ok(code.includes("if (version < 0 || version > 3) throw new ProtocolError('UNSUPPORTED_VERSION'"));
    assert.ok(code.includes('const flexible = version >= 2;'));
    assert.ok(
      code.includes('comment: version >= 1 ? (flexible ? r.compactNullableString() : r.nullableString()) : null,'),
    );
    assert.ok(code.includes('id: version >= 3 ? r.int64() : -1n,'));
    assert.ok(code.includes("nonNull(v.label, 'FooRequest.label')"), 'null refused where the field is not nullable');
  });

  it('tagged fields: read by tag, written only when they differ from the default', () => {
    assert.match(code, /case 0:\s+o\.hint = r\.compactNullableString\(\);/);
    assert.match(code, /case 1:\s+if \(version >= 3\) o\.extra = r\.int32\(\);/);
    assert.ok(
      code.includes('if (v.hint !== null) writeTaggedField(w, 0, v.hint, version, writeCompactNullableString);'),
    );
    assert.ok(
      code.includes('if (version >= 3 && v.extra !== 0) writeTaggedField(w, 1, v.extra, version, writeInt32);'),
    );
  });

  describe('round trip through the generated code', () => {
    let dir: string;
    let foo: FooModule;
    let Reader: new (b: Buffer) => unknown;
    let Writer: new () => WriterLike;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'codegen-roundtrip-'));
      const js = ts.transpileModule(code, {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const file = join(dir, 'foo.mjs');
      writeFileSync(file, js.replaceAll("'../../", `'${PROTOCOL_SRC.href}`));
      foo = (await import(pathToFileURL(file).href)) as FooModule;
      ({ Reader } = await import(new URL('io/reader.js', PROTOCOL_SRC).href));
      ({ Writer } = await import(new URL('io/writer.js', PROTOCOL_SRC).href));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const encode = (v: Foo, version: number) => {
      const w = new Writer();
      foo.encodeFooRequest(w, v, version);
      return w.toBuffer();
    };
    const full: Foo = {
      name: 'topic',
      comment: 'c',
      label: 'l',
      count: 7,
      id: 42n,
      payload: Buffer.from([1, 2]),
      items: [
        { index: 1, note: null },
        { index: 2, note: 'x' },
      ],
      hint: 'h',
      extra: 9,
    };

    for (const version of [0, 1, 2, 3]) {
      it(`v${version}: fields present in the version survive, absent ones decode as their defaults`, () => {
        const back = foo.decodeFooRequest(new Reader(encode(full, version)), version);
        assert.deepEqual(back, {
          ...full,
          comment: version >= 1 ? 'c' : null,
          id: version >= 3 ? 42n : -1n,
          hint: version >= 2 ? 'h' : null,
          extra: version >= 3 ? 9 : 0,
        });
      });
    }

    it('nulls round-trip where the field is nullable and are refused where it is not', () => {
      const nulls = { ...full, comment: null, label: null, payload: null };
      assert.deepEqual(foo.decodeFooRequest(new Reader(encode(nulls, 3)), 3), nulls);
      assert.throws(() => encode(nulls, 1), /FooRequest\.label/);
    });

    it('the default encodes null as length -1 (v1) and compact 0 (v2), and no tagged field', () => {
      const d = foo.defaultFooRequest();
      const v1 = encode(d, 1);
      // v1: name "" (int16 0), comment null (int16 -1)
      assert.equal(v1.readInt16BE(0), 0);
      assert.equal(v1.readInt16BE(2), -1);
      const v2 = encode(d, 2);
      // v2: name "" (uvarint 1), comment null (uvarint 0); the tagged-field count, last, is 0
      assert.deepEqual([v2[0], v2[1]], [1, 0]);
      assert.equal(v2[v2.length - 1], 0);
      assert.deepEqual(foo.decodeFooRequest(new Reader(v2), 2), d);
    });

    it('versions outside the valid range are refused both ways', () => {
      assert.throws(() => encode(full, 4), /FooRequest v4 is not in 0-3/);
      assert.throws(() => foo.decodeFooRequest(new Reader(Buffer.alloc(64)), 4), /FooRequest v4 is not in 0-3/);
    });
  });
});
