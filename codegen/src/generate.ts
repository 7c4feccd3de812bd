/**
 * The generator as a function: schema files in, generated files (path relative to the protocol
 * package → text, before formatting) out. No writes, so tests can run it on a fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitApiTable } from './emit-api-table.js';
import { emitModule, HEADER_NOTE } from './emit-file.js';
import { emitSchemaData } from './emit-schema-data.js';
import { buildMessage, type MessageModel } from './model.js';
import { type MessageSpec, parseSchema } from './schema.js';

/** Parses one schema file; a failure names the file, since the directory holds a hundred. */
function readSchema(path: string): MessageSpec {
  try {
    return parseSchema(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

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

/**
 * `overlayDirs`: schemas newer than `schemaDir`'s, taken from a later Kafka release; a file there
 * replaces the one of the same name, and adds nothing (see codegen/schemas/README.md).
 */
export function generate(schemaDir: string, overlayDirs: string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const f of readdirSync(schemaDir)) if (f.endsWith('.json')) paths.set(f, join(schemaDir, f));
  // Only replacements: an overlay never adds an API the schema dir lacks.
  for (const dir of overlayDirs) for (const f of readdirSync(dir)) if (paths.has(f)) paths.set(f, join(dir, f));
  const specs: Array<{ file: string; spec: MessageSpec }> = [...paths.keys()]
    .sort()
    .map((file) => ({ file, spec: readSchema(paths.get(file) as string) }));

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
