/**
 * The single-broker workloads (issue 3 item 7; issue 9 grows this list): for each record size a
 * fresh broker takes produce runs with acks=1 and acks=all, then catch-up consumes of what was
 * written (from the page cache), then paced produce runs at half the acks=all peak for latency.
 * Every run writes a topic of its own; figures are medians over `runs` repetitions.
 */
import { BrokerProcess } from './broker-process.js';
import { median, runChild } from './child.js';
import type { GeneratorResult, LoadGenerator } from './load-generator.js';
import type { BenchOptions } from './options.js';
import { cpuSeconds, peakRssMiB, resetPeakRss } from './proc-stats.js';

export interface Throughput {
  label: string;
  recordSize: number;
  kind: 'produce' | 'consume';
  recordsPerSec: number;
  MBps: number;
  /** Broker CPU seconds (user + system) per GiB of record values moved. */
  cpuSecondsPerGiB: number;
  /** Every run's MB/s, to show the spread. */
  runsMBps: number[];
}

export interface Latency {
  label: string;
  recordSize: number;
  rate: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface SizeResults {
  throughput: Throughput[];
  latency: Latency;
  peakRssMiB: number;
  brokerCpuSeconds: number;
}

const label = (size: number): string => (size === 1024 ? '1 KiB' : `${size} B`);

function timeoutFor(records: number): number {
  return 60_000 + records * 0.05; // far above any plausible run: a hang, not a slow run, trips it
}

export interface SuiteContext {
  opts: BenchOptions;
  gen: LoadGenerator;
  repoRoot: string;
  cpuProfileDir?: string;
  log: (line: string) => void;
}

export async function runSize(ctx: SuiteContext, size: 1024 | 100): Promise<SizeResults> {
  const { opts, gen, log } = ctx;
  const records = opts.records[size];
  const broker = await BrokerProcess.start({
    repoRoot: opts.brokerRoot ?? ctx.repoRoot,
    cpuProfileDir: ctx.cpuProfileDir,
    nodeFlags: opts.brokerNodeFlags ?? undefined,
  });
  try {
    resetPeakRss(broker.pid);
    const cpuAtStart = cpuSeconds(broker.pid);
    const measured = async (run: () => Promise<GeneratorResult>) => {
      const before = cpuSeconds(broker.pid);
      const r = await run();
      return { r, cpu: cpuSeconds(broker.pid) - before };
    };
    // One record first, so that topic creation and the first metadata round are not timed; and a
    // sync, so that the kernel's writeback of the previous run's gigabyte does not slow this one.
    const prepare = async (topic: string) => {
      await gen.produce({ bootstrap: broker.bootstrap, topic, records: 1, size, acks: -1, timeoutMs: 60_000 });
      await runChild('sync', [], 120_000);
    };

    const throughput: Throughput[] = [];
    const produceRuns = async (acks: 1 | -1): Promise<Throughput> => {
      const runs: { r: GeneratorResult; cpu: number }[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const topic = `produce-${size}-acks${acks}-${i}`;
        await prepare(topic);
        const bootstrap = broker.bootstrap;
        runs.push(
          await measured(() => gen.produce({ bootstrap, topic, records, size, acks, timeoutMs: timeoutFor(records) })),
        );
        log(`  produce ${label(size)} acks=${acks === 1 ? 1 : 'all'} run ${i + 1}: ${fmtRun(runs.at(-1)?.r)}`);
      }
      return summarize(`produce ${label(size)}, acks=${acks === 1 ? '1' : 'all'}`, size, 'produce', runs);
    };
    throughput.push(await produceRuns(1));
    const acksAll = await produceRuns(-1);
    throughput.push(acksAll);

    const consumeRuns: { r: GeneratorResult; cpu: number }[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const topic = `produce-${size}-acks1-${i}`;
      const want = records + 1;
      consumeRuns.push(
        await measured(() =>
          gen.consume({ bootstrap: broker.bootstrap, topic, records: want, timeoutMs: timeoutFor(want) }),
        ),
      );
      log(`  consume ${label(size)} run ${i + 1}: ${fmtRun(consumeRuns.at(-1)?.r)}`);
    }
    throughput.push(summarize(`catch-up consume ${label(size)}`, size, 'consume', consumeRuns));

    const rate = acksAll.recordsPerSec / 2;
    const latencyRuns: GeneratorResult[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const topic = `latency-${size}-${i}`;
      await prepare(topic);
      const n = Math.max(1000, Math.round(rate * opts.latencySeconds));
      latencyRuns.push(
        await gen.produce({
          bootstrap: broker.bootstrap,
          topic,
          records: n,
          size,
          acks: -1,
          rate,
          timeoutMs: timeoutFor(n) + opts.latencySeconds * 2000,
        }),
      );
      const l = latencyRuns.at(-1) as GeneratorResult;
      log(`  latency ${label(size)} at ${Math.round(rate)} rec/s run ${i + 1}: p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms`);
    }
    const pick = (k: 'p50Ms' | 'p99Ms' | 'p999Ms' | 'maxMs') => median(latencyRuns.map((r) => r[k] ?? Number.NaN));
    const latency: Latency = {
      label: `produce ${label(size)}, acks=all, at half the acks=all peak`,
      recordSize: size,
      rate,
      p50Ms: pick('p50Ms'),
      p99Ms: pick('p99Ms'),
      p999Ms: pick('p999Ms'),
      maxMs: pick('maxMs'),
    };
    return {
      throughput,
      latency,
      peakRssMiB: peakRssMiB(broker.pid),
      brokerCpuSeconds: cpuSeconds(broker.pid) - cpuAtStart,
    };
  } finally {
    await broker.stop();
  }
}

function summarize(
  name: string,
  size: number,
  kind: Throughput['kind'],
  runs: { r: GeneratorResult; cpu: number }[],
): Throughput {
  const perRun = runs.map(({ r, cpu }) => ({
    rps: r.records / r.seconds,
    MBps: r.bytes / 1e6 / r.seconds,
    cpuPerGiB: cpu / (r.bytes / 2 ** 30),
  }));
  return {
    label: name,
    recordSize: size,
    kind,
    recordsPerSec: median(perRun.map((p) => p.rps)),
    MBps: median(perRun.map((p) => p.MBps)),
    cpuSecondsPerGiB: median(perRun.map((p) => p.cpuPerGiB)),
    runsMBps: perRun.map((p) => p.MBps),
  };
}

function fmtRun(r: GeneratorResult | undefined): string {
  if (!r) return '';
  return `${Math.round(r.records / r.seconds).toLocaleString('en-US')} rec/s, ${(r.bytes / 1e6 / r.seconds).toFixed(0)} MB/s`;
}
