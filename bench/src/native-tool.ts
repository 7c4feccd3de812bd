/**
 * The C load generators in bench/native, compiled here on first use (and again when their source
 * is newer than the binary) against Debian's development packages.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child.js';

/** Compiles bench/native/<name>.c linked with `libs`; returns the binary's path. */
export async function buildNativeTool(repoRoot: string, name: string, libs: readonly string[]): Promise<string> {
  const source = join(repoRoot, 'bench/native', `${name}.c`);
  const outDir = join(repoRoot, 'bench/dist/native');
  const binary = join(outDir, name);
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(outDir, { recursive: true });
    const cc = await runChild('cc', ['-O2', '-o', binary, source, ...libs.map((l) => `-l${l}`)], 120_000);
    if (cc.code !== 0) throw new Error(`compiling ${source} failed:\n${cc.stderr}`);
  }
  return binary;
}

/** A generator's time limit for `records`: far above any plausible run, so a hang trips it, not a slow run. */
export function timeoutFor(records: number): number {
  return 60_000 + records * 0.05;
}

/** The last stdout line of every generator: one JSON object. */
export interface GeneratorResult {
  records: number;
  failed: number;
  bytes: number;
  seconds: number;
  p50Ms?: number;
  p99Ms?: number;
  p999Ms?: number;
  maxMs?: number;
  /** e2e runs: the producer's send → ack percentiles beside the end-to-end ones above. */
  ackP50Ms?: number;
  ackP99Ms?: number;
  ackP999Ms?: number;
  /** group runs: from start to the first record (join, sync, initial rebalance delay). */
  joinMs?: number;
  /** group runs: members that read at least one record. */
  activeMembers?: number;
  error: string;
}

/** Runs a generator and parses its result; a run that lost records or printed nothing fails. */
export async function runGenerator(
  binary: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<GeneratorResult> {
  const r = await runChild(binary, args, timeoutMs);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let parsed: GeneratorResult;
  try {
    parsed = JSON.parse(line) as GeneratorResult;
  } catch {
    throw new Error(`${binary} ${args[0]} printed no result (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  }
  if (r.code !== 0 || parsed.failed > 0) {
    throw new Error(`${binary} ${args.join(' ')} failed: ${JSON.stringify(parsed)}\n${r.stderr.slice(-2000)}`);
  }
  return parsed;
}
