/**
 * Latency runs: paced produce at a fraction of the measured peak with a consumer in the generator's
 * process (rdkperf e2e), keeping each rate's latency distribution for the CDF charts and how much
 * of each run the machine was short of CPU, since that is what moves the tail here.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './child.js';
import type { GeneratorResult } from './load-generator.js';
import { type PacedWriteLatency, pacedWriteLatency } from './machine-limits.js';
import { timeoutFor } from './native-tool.js';
import { cpuStallMicros } from './proc-stats.js';
import { label, type SuiteContext } from './workloads.js';

/** Latency runs are paced at these fractions of the measured acks=all peak. */
export const LATENCY_LOADS = [0.1, 0.5, 0.8] as const;
export interface Latency {
  label: string;
  recordSize: number;
  /** Fraction of the acks=all peak the run was paced at. */
  load: number;
  rate: number;
  /** [quantile, ms] points of the run with the median p99, for a CDF. */
  cdf: [number, number][];
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** The producer's send → acknowledged percentiles of the same runs. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** Share of the run during which some task on the machine waited for a CPU (PSI), median. */
  cpuStall: number;
  /** Runs that did not complete (left out of the medians above). */
  failedRuns: number;
  /** A bare paced writer at the same MB/s right after the runs: what the disk alone adds. */
  diskWrite: PacedWriteLatency;
}

export async function latencyRuns(
  ctx: SuiteContext,
  bootstrap: string,
  size: number,
  rate: number,
  load: number,
  prepare: (topic: string) => Promise<void>,
): Promise<Latency> {
  const { opts, gen, log } = ctx;
  const runs: { r: GeneratorResult; cdf: [number, number][]; stall: number }[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const topic = `latency-${size}-${Math.round(load * 100)}-${i}`;
    await prepare(topic);
    const n = Math.max(1000, Math.round(rate * opts.latencySeconds));
    const cdfPath = join(ctx.scratchDir, `${topic}.cdf`);
    const stallBefore = cpuStallMicros();
    const wallStart = process.hrtime.bigint();
    let r: GeneratorResult;
    try {
      r = await gen.e2e({
        bootstrap,
        topic,
        records: n,
        size,
        rate,
        cdfPath,
        timeoutMs: timeoutFor(n) + opts.latencySeconds * 2000 + 120_000,
      });
    } catch (err) {
      // A consumer that fell minutes behind on an overloaded machine is a result, not a reason to
      // lose the whole benchmark: the run is reported as failed and left out of the medians.
      log(`  latency ${label(size)} at ${Math.round(rate)} rec/s run ${i + 1} failed: ${String(err).split('\n')[0]}`);
      continue;
    }
    const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
    const stall = (cpuStallMicros() - stallBefore) / 1e6 / wallSeconds;
    runs.push({ r, cdf: readCdf(cdfPath), stall });
    log(
      `  latency ${label(size)} at ${Math.round(rate)} rec/s run ${i + 1}: end to end p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (ack p99 ${r.ackP99Ms} ms), CPU stall ${(stall * 100).toFixed(0)}%`,
    );
  }
  // After Samsa's runs, never before: the writer's file stays, so it leaves the page cache as it found
  // it and cannot hand Samsa memory it just freed.
  const diskWrite = pacedWriteLatency(ctx.scratchDir, (rate * size) / 1e6, opts.latencySeconds);
  log(
    `  a bare paced writer at ${((rate * size) / 1e6).toFixed(0)} MB/s: write p50 ${diskWrite.p50Ms.toFixed(2)} ms, p99 ${diskWrite.p99Ms.toFixed(2)} ms, max ${diskWrite.maxMs.toFixed(1)} ms`,
  );
  const pick = (k: 'p50Ms' | 'p99Ms' | 'p999Ms' | 'maxMs' | 'ackP50Ms' | 'ackP99Ms') =>
    median(runs.map(({ r }) => r[k] ?? Number.NaN));
  const p99 = pick('p99Ms');
  const typical = runs.reduce<(typeof runs)[number] | undefined>(
    (a, b) => (a && Math.abs((a.r.p99Ms ?? 0) - p99) <= Math.abs((b.r.p99Ms ?? 0) - p99) ? a : b),
    undefined,
  );
  return {
    label: `${label(size)}, acks=all, at ${Math.round(load * 100)}% of peak`,
    recordSize: size,
    load,
    rate,
    cdf: typical?.cdf ?? [],
    p50Ms: pick('p50Ms'),
    p99Ms: p99,
    p999Ms: pick('p999Ms'),
    maxMs: pick('maxMs'),
    ackP50Ms: pick('ackP50Ms'),
    ackP99Ms: pick('ackP99Ms'),
    cpuStall: median(runs.map((r) => r.stall)),
    failedRuns: opts.runs - runs.length,
    diskWrite,
  };
}

function readCdf(path: string): [number, number][] {
  const points = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(Number) as [number, number]);
  rmSync(path, { force: true });
  return points;
}
