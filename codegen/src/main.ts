/**
 * Codec generator: reads Kafka's message schemas and writes, under the protocol package,
 * src/generated/ (the codec) and test/generated/ (the schemas as data, for property tests).
 * Usage: node codegen/dist/src/main.js <schema-dir> <protocol-package-dir> [--check]
 * Schemas in codegen/schemas replace those of the same name (newer Kafka versions of a few APIs).
 * With --check nothing is written; the exit code says whether the committed output is up to date.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const OUTPUT_DIRS = ['src/generated', 'test/generated'];
/** Newer Kafka schemas kept in the repository (codegen/schemas), applied over the schema dir. */
const OVERLAY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

function writeTree(dir: string, files: Map<string, string>): void {
  for (const sub of OUTPUT_DIRS) rmSync(join(dir, sub), { recursive: true, force: true });
  for (const [rel, text] of files) {
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  // One formatter for hand-written and generated code, so the output reads like the rest.
  const targets = OUTPUT_DIRS.map((sub) => join(dir, sub));
  execFileSync(resolve('node_modules/.bin/biome'), ['format', '--write', ...targets], { stdio: 'ignore' });
}

function listTree(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of listTree(join(dir, entry.name), rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, entry.name), 'utf8'));
  }
  return out;
}

function main(argv: string[]): number {
  const [schemaDir, outDir, flag, ...rest] = argv;
  // A mistyped flag must not fall through to writing: only --check (or nothing) is accepted.
  if (!schemaDir || !outDir || (flag !== undefined && flag !== '--check') || rest.length > 0) {
    console.error('usage: main.js <schema-dir> <output-dir> [--check]');
    return 2;
  }
  if (!existsSync(schemaDir)) {
    console.error(`codegen: schema directory ${schemaDir} does not exist`);
    return 2;
  }
  let files: Map<string, string>;
  try {
    files = generate(schemaDir, existsSync(OVERLAY_DIR) ? [OVERLAY_DIR] : []);
  } catch (err) {
    console.error(`codegen: ${(err as Error).message}`);
    return 1;
  }
  if (flag !== '--check') {
    writeTree(outDir, files);
    console.log(`wrote ${files.size} files to ${outDir}`);
    return 0;
  }
  return check(outDir, files);
}

/** Formats the fresh output into a scratch dir and compares it with what `outDir` holds. */
function check(outDir: string, files: Map<string, string>): number {
  // The scratch dir sits inside the repo so that biome applies the repo's config.
  const scratch = mkdtempSync(join(resolve('.'), '.codegen-check-'));
  try {
    writeTree(scratch, files);
    const read = (root: string) => new Map(OUTPUT_DIRS.flatMap((sub) => [...listTree(join(root, sub), sub)]));
    const fresh = read(scratch);
    const committed = read(outDir);
    const diffs = [...new Set([...fresh.keys(), ...committed.keys()])].filter((k) => fresh.get(k) !== committed.get(k));
    if (diffs.length) {
      console.error(
        `generated code is out of date (${diffs.length} files differ: ${diffs.slice(0, 5).join(', ')}); run npm run generate`,
      );
      return 1;
    }
    console.log(`generated code is up to date (${files.size} files)`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
