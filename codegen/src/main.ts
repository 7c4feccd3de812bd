/**
 * Codec generator: reads Kafka's message schemas and writes, under the protocol package,
 * src/generated/ (the codec) and test/generated/ (the schemas as data, for property tests).
 * Usage: node codegen/dist/src/main.js <schema-dir> <protocol-package-dir> [--check]
 * With --check nothing is written; the exit code says whether the committed output is up to date.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emitApiTable } from './emit-api-table.js';
import { emitModule, HEADER_NOTE } from './emit-file.js';
import { emitSchemaData } from './emit-schema-data.js';
import { buildMessage, type MessageModel } from './model.js';
import { type MessageSpec, parseSchema } from './schema.js';

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

export interface ApiPair {
  apiKey: number;
  name: string; // e.g. "Produce"
  module: string; // path relative to generated/, without extension
  request: MessageModel;
  response: MessageModel;
}

export function generate(schemaDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const specs: Array<{ file: string; spec: MessageSpec }> = readdirSync(schemaDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, spec: parseSchema(readFileSync(join(schemaDir, file), 'utf8')) }));

  const byKey = new Map<
    number,
    { request?: { file: string; spec: MessageSpec }; response?: { file: string; spec: MessageSpec } }
  >();
  const others: Array<{ file: string; spec: MessageSpec }> = [];
  for (const entry of specs) {
    const { spec } = entry;
    if ((spec.type === 'request' || spec.type === 'response') && spec.apiKey !== undefined) {
      const slot = byKey.get(spec.apiKey) ?? {};
      slot[spec.type] = entry;
      byKey.set(spec.apiKey, slot);
    } else others.push(entry);
  }

  const apis: ApiPair[] = [];
  for (const [apiKey, pair] of [...byKey].sort((a, b) => a[0] - b[0])) {
    if (!pair.request || !pair.response) throw new Error(`api key ${apiKey} lacks a request or a response schema`);
    const name = pair.request.spec.name.replace(/Request$/, '');
    const module = `src/generated/messages/${String(apiKey).padStart(2, '0')}-${kebab(name)}`;
    const request = buildMessage(pair.request.spec);
    const response = buildMessage(pair.response.spec);
    files.set(`${module}.ts`, emitModule([request, response], [pair.request.file, pair.response.file], 2));
    apis.push({ apiKey, name, module, request, response });
  }

  const headers = others.filter((o) => o.spec.type === 'header');
  files.set(
    'src/generated/headers.ts',
    emitModule(
      headers.map((h) => buildMessage(h.spec)),
      headers.map((h) => h.file),
      1,
    ),
  );
  const dataModules: string[] = [];
  for (const d of others.filter((o) => o.spec.type === 'data')) {
    const module = `src/generated/data/${kebab(d.spec.name)}`;
    files.set(`${module}.ts`, emitModule([buildMessage(d.spec)], [d.file], 2));
    dataModules.push(module);
  }
  files.set('src/generated/api-table.ts', emitApiTable(apis));
  files.set('test/generated/message-schemas.ts', emitSchemaData(specs));
  const index = [
    HEADER_NOTE,
    "export * from './api-table.js';",
    "export * from './headers.js';",
    ...apis.map((a) => `export * from './${a.module.replace('src/generated/', '')}.js';`),
    ...dataModules.map((m) => `export * from './${m.replace('src/generated/', '')}.js';`),
  ];
  files.set('src/generated/index.ts', `${index.join('\n')}\n`);
  return files;
}

const OUTPUT_DIRS = ['src/generated', 'test/generated'];

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
  const [schemaDir, outDir, flag] = argv;
  if (!schemaDir || !outDir) {
    console.error('usage: main.js <schema-dir> <output-dir> [--check]');
    return 2;
  }
  const files = generate(schemaDir);
  if (flag !== '--check') {
    writeTree(outDir, files);
    console.log(`wrote ${files.size} files to ${outDir}`);
    return 0;
  }
  // Format into a scratch dir inside the repo (so biome applies the repo's config), then compare.
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
