/**
 * The command line: writing a fixture's output, `--check` passing on it and failing (non-zero, the
 * file named) once a generated file is stale, missing or extra; a mistyped flag or a missing
 * schema directory is a usage error that writes nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeFixtureSchemas } from './fixture.js';

// Run from the repository root, as `npm run generate` does: main.js formats with its biome.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'codegen/dist/src/main.js');
const MODULE = 'src/generated/messages/00-foo.ts';

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('codegen main', () => {
  let schemas: string;
  let out: string;
  before(() => {
    schemas = writeFixtureSchemas();
    out = mkdtempSync(join(tmpdir(), 'codegen-out-'));
    const wrote = run(schemas, out);
    assert.equal(wrote.status, 0, wrote.stderr);
    assert.match(wrote.stdout, /wrote 5 files/);
  });
  after(() => {
    rmSync(schemas, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('--check passes on freshly written output', () => {
    const r = run(schemas, out, '--check');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /up to date/);
  });

  it('--check fails on a stale file, a missing one and an extra one, naming it', () => {
    const file = join(out, MODULE);
    appendFileSync(file, '// edited by hand\n');
    let r = run(schemas, out, '--check');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /out of date \(1 files differ: src\/generated\/messages\/00-foo\.ts\)/);

    unlinkSync(file);
    r = run(schemas, out, '--check');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /00-foo\.ts/);

    assert.equal(run(schemas, out).status, 0, 'regenerating repairs it');
    writeFileSync(join(out, 'src/generated/messages/99-stray.ts'), 'export {};\n');
    r = run(schemas, out, '--check');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /99-stray\.ts/);
    assert.equal(run(schemas, out).status, 0);
    assert.equal(run(schemas, out, '--check').status, 0, 'writing removes files no schema produces');
  });

  it('a mistyped flag or a missing schema directory is a usage error and writes nothing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'codegen-empty-'));
    try {
      let r = run(schemas, empty, '--chek');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /usage/);
      r = run(join(schemas, 'nope'), empty);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /does not exist/);
      assert.equal(existsSync(join(empty, 'src')), false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a schema it cannot read is reported in one line, not a stack trace', () => {
    const bad = mkdtempSync(join(tmpdir(), 'codegen-bad-'));
    try {
      writeFileSync(join(bad, 'BadRequest.json'), '{ "apiKey": 1, "type": "request", "name": "BadRequest",');
      const r = run(bad, join(bad, 'out'));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^codegen: .*BadRequest\.json: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
