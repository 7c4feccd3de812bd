/**
 * `npm run bench:tls`: the TLS step of `npm run bench` alone (tls-bench.ts). Options: --records N
 * (default 100000).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoadGenerator } from './load-generator.js';
import { measureTls } from './tls-bench.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const log = (line: string) => process.stderr.write(`${line}\n`);

function recordsFlag(argv: string[]): number {
  const i = argv.indexOf('--records');
  const n = i >= 0 ? Number(argv[i + 1]) : 100_000;
  if (!Number.isInteger(n) || n < 1) throw new Error('--records takes a positive integer');
  return n;
}

async function main(): Promise<void> {
  const records = recordsFlag(process.argv.slice(2));
  const gen = await LoadGenerator.build(repoRoot);
  process.stdout.write(await measureTls({ repoRoot, gen, records, log }));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
