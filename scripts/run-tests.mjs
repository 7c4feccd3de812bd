#!/usr/bin/env node
// Runs every compiled test file with node's built-in runner. Test files live in each package's
// test/ folder (compiled by `tsc -b` to dist/test) and end in .test.js.
// Usage: node scripts/run-tests.mjs [substring-filter ...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['codegen', 'test/e2e', ...readdirSync('packages').map((p) => join('packages', p))];
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js')) files.push(path);
  }
}
for (const root of roots) {
  const dir = join(root, 'dist', 'test');
  if (existsSync(dir)) walk(dir);
}
const filters = process.argv.slice(2);
const selected = filters.length ? files.filter((f) => filters.some((s) => f.includes(s))) : files;
if (selected.length === 0) {
  console.error('no test files found (did `npm run build` run?)');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  // A per-test timeout, so one hung test fails instead of stalling CI.
  ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=180000', '--test-reporter=spec', ...selected.sort()],
  // The whole run is bounded too: a test file that never exits (a leaked handle) fails the run.
  { stdio: 'inherit', timeout: 30 * 60 * 1000, killSignal: 'SIGKILL' },
);
if (result.error) console.error(`test run aborted: ${result.error.message}`);
process.exit(result.status ?? 1);
