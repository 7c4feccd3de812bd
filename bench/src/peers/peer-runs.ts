/**
 * Runs one peer through the same workloads as Samsa (produce, then catch-up consume of what was
 * written, for 100 B and 1 KiB records, `runs` times, medians) and reads the server's CPU seconds
 * and peak RSS from /proc as for the broker. A fresh server per record size, as for Samsa.
 */

import { dirGiB } from '../disk-usage.js';
import { buildNativeTool, type GeneratorResult, runGenerator, timeoutFor } from '../native-tool.js';
import type { BenchOptions } from '../options.js';
import { cpuSeconds, peakRssMiB, resetPeakRss } from '../proc-stats.js';
import { summarize, type Throughput } from '../workloads.js';
import { ensureDebianPackages, type PackageNeed } from './debian-packages.js';
import type { ServerProcess } from './server-process.js';

export interface PeerDriver {
  /** The system and its durability setting, as the report names it. */
  system: string;
  /** How it is driven, for the report. */
  client: string;
  packages: readonly PackageNeed[];
  /** bench/native/<tool>.c and the libraries it links. */
  tool: { name: string; libs: readonly string[] };
  /** Fraction of Samsa's record counts to write (a slow durability mode would take minutes). */
  recordsFactor?: number;
  start(): Promise<ServerProcess>;
  produceArgs(server: ServerProcess, stream: string, records: number, size: number): string[];
  consumeArgs(server: ServerProcess, stream: string, records: number): string[];
}

export interface PeerSizeResult {
  recordSize: number;
  throughput: Throughput[];
  peakRssMiB: number;
  /** GiB of files in the server's data dir at the end. */
  storedGiB: number;
}

export interface PeerResult {
  system: string;
  client: string;
  /** Why the peer was not measured; absent when it was. */
  skipped?: string;
  sizes: PeerSizeResult[];
}

export async function runPeer(
  driver: PeerDriver,
  opts: BenchOptions,
  repoRoot: string,
  log: (line: string) => void,
): Promise<PeerResult> {
  const base = { system: driver.system, client: driver.client };
  const missing = await ensureDebianPackages(driver.packages);
  if (missing) {
    log(`  ${driver.system} skipped: ${missing}`);
    return { ...base, skipped: missing, sizes: [] };
  }
  try {
    const binary = await buildNativeTool(repoRoot, driver.tool.name, driver.tool.libs);
    const sizes: PeerSizeResult[] = [];
    for (const size of [1024, 100] as const) {
      const records = Math.max(1000, Math.round(opts.records[size] * (driver.recordsFactor ?? 1)));
      sizes.push(await runSize(driver, binary, opts.runs, size, records, log));
    }
    return { ...base, sizes };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    log(`  ${driver.system} failed: ${reason}`);
    return { ...base, skipped: `failed: ${reason}`, sizes: [] };
  }
}

async function runSize(
  driver: PeerDriver,
  binary: string,
  runs: number,
  size: number,
  records: number,
  log: (line: string) => void,
): Promise<PeerSizeResult> {
  const server = await driver.start();
  try {
    resetPeakRss(server.statsPid);
    const produced: { r: GeneratorResult; cpu: number }[] = [];
    const consumed: { r: GeneratorResult; cpu: number }[] = [];
    const measured = async (args: string[]) => {
      const before = cpuSeconds(server.statsPid);
      const r = await runGenerator(binary, args, timeoutFor(records));
      return { r, cpu: cpuSeconds(server.statsPid) - before };
    };
    for (let i = 0; i < runs; i++) {
      const stream = `bench-${size}-${i}`;
      produced.push(await measured(driver.produceArgs(server, stream, records, size)));
      consumed.push(await measured(driver.consumeArgs(server, stream, records)));
      const [p, c] = [produced.at(-1)?.r, consumed.at(-1)?.r] as GeneratorResult[];
      log(`  ${driver.system} ${size} B run ${i + 1}: produce ${rate(p)}, consume ${rate(c)}`);
    }
    const label = size === 1024 ? '1 KiB' : `${size} B`;
    return {
      recordSize: size,
      throughput: [
        summarize(`produce ${label}`, size, 'produce', produced),
        summarize(`catch-up consume ${label}`, size, 'consume', consumed),
      ],
      peakRssMiB: peakRssMiB(server.statsPid),
      storedGiB: dirGiB(server.dataDir),
    };
  } finally {
    await server.stop();
  }
}

const rate = (r: GeneratorResult): string => `${Math.round(r.records / r.seconds).toLocaleString('en-US')} rec/s`;
