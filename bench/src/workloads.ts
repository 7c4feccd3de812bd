/**
 * The single-broker workloads: for each record size a fresh broker takes produce runs with acks=1
 * and acks=all from one producer and from eight at once, then catch-up consumes of what was written
 * (from the page cache), then a consumer group of eight reading a topic of eight partitions, then paced runs at 10%, 50% and 80% of the one-producer peak for latency,
 * keeping each rate's latency distribution for the CDF charts, then the scaling runs. Every run
 * writes a topic of its own; figures are medians over `runs` repetitions.
 */
import { BrokerProcess } from './broker-process.js';
import { median, runChild } from './child.js';
import { dirGiB } from './disk-usage.js';
import { LATENCY_LOADS, type Latency, latencyRuns } from './latency-runs.js';
import type { GeneratorResult, LoadGenerator } from './load-generator.js';
import { timeoutFor } from './native-tool.js';
import type { BenchOptions } from './options.js';
import { cpuSeconds, peakRssMiB, resetPeakRss } from './proc-stats.js';
import { runScaling, type ScalingResults } from './scaling.js';

export interface Throughput {
  label: string;
  recordSize: number;
  /** 'group': a consumer group of GROUP_MEMBERS reading a topic of as many partitions. */
  kind: 'produce' | 'consume' | 'group';
  recordsPerSec: number;
  MBps: number;
  /** Broker CPU seconds (user + system) per GiB of record values moved. */
  cpuSecondsPerGiB: number;
  /** Every run's MB/s, to show the spread. */
  runsMBps: number[];
}

export interface SizeResults {
  recordSize: number;
  throughput: Throughput[];
  latency: Latency[];
  scaling: ScalingResults;
  peakRssMiB: number;
  /** GiB of files in the broker's log dirs at the end: what the runs left on disk. */
  storedGiB: number;
  brokerCpuSeconds: number;
  /** Seconds from spawning the broker to its acknowledging a first record (absent in older results). */
  startSeconds?: number;
}

/** Producers writing at once in the many-producer runs, each to a topic of its own. */
export const MANY_PRODUCERS = 8;

/** Members of the consumer group run, and partitions of its topic (one each). */
export const GROUP_MEMBERS = 8;

export const label = (size: number): string => (size === 1024 ? '1 KiB' : `${size} B`);

export interface SuiteContext {
  opts: BenchOptions;
  gen: LoadGenerator;
  repoRoot: string;
  cpuProfileDir?: string;
  /** Where the latency runs leave their CDF files until they are read. */
  scratchDir: string;
  /** What the disk sustains for new data (MB/s): no paced run asks for more than its share of it. */
  sustainedWriteMBps: number;
  log: (line: string) => void;
  /** Another Kafka-protocol broker to run the same workloads against (Apache Kafka); default Samsa's. */
  startBroker?: () => Promise<BenchBroker>;
  /** Leave out the partition and connection scaling runs (the peers take the rest). */
  noScaling?: boolean;
}

/** What the workloads need of a running broker: Samsa's BrokerProcess, or a peer's. */
export interface BenchBroker {
  bootstrap: string;
  port: number;
  /** The process whose CPU and memory are the broker's. */
  pid: number;
  dataDir: string;
  /** process.hrtime.bigint() when the broker process was spawned. */
  startedAt: bigint;
  /** Ends the process (SIGTERM, SIGKILL after a bound) and removes its data. */
  stop(): Promise<void>;
}

export async function runSize(ctx: SuiteContext, size: 1024 | 100): Promise<SizeResults> {
  const { opts, gen, log } = ctx;
  const records = opts.records[size];
  const broker: BenchBroker = ctx.startBroker
    ? await ctx.startBroker()
    : await BrokerProcess.start({
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

    // Time to first record: what a restart costs before clients are served again.
    await gen.produce({ bootstrap: broker.bootstrap, topic: 'first', records: 1, size, acks: -1, timeoutMs: 120_000 });
    const startSeconds = Number(process.hrtime.bigint() - broker.startedAt) / 1e9;

    const throughput: Throughput[] = [];
    const produceRuns = async (acks: 1 | -1, producers: number): Promise<Throughput> => {
      const runs: { r: GeneratorResult; cpu: number }[] = [];
      const what = `${label(size)}, acks=${acks === 1 ? '1' : 'all'}${producers > 1 ? `, ${producers} producers` : ''}`;
      for (let i = 0; i < opts.runs; i++) {
        const topics = Array.from({ length: producers }, (_, p) =>
          producers === 1 ? `produce-${size}-acks${acks}-${i}` : `produce${producers}-${size}-acks${acks}-${i}-${p}`,
        );
        for (const topic of topics) await prepare(topic);
        const bootstrap = broker.bootstrap;
        const each = Math.round(records / producers);
        runs.push(
          await measured(async () =>
            combine(
              await Promise.all(
                topics.map((topic) =>
                  gen.produce({ bootstrap, topic, records: each, size, acks, timeoutMs: timeoutFor(records) }),
                ),
              ),
            ),
          ),
        );
        log(`  produce ${what} run ${i + 1}: ${fmtRun(runs.at(-1)?.r)}`);
      }
      return summarize(`produce ${what}`, size, 'produce', runs);
    };
    const acksOne = await produceRuns(1, 1);
    throughput.push(acksOne);
    const acksAll = await produceRuns(-1, 1);
    throughput.push(acksAll);
    throughput.push(await produceRuns(1, MANY_PRODUCERS));
    throughput.push(await produceRuns(-1, MANY_PRODUCERS));

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

    const groupRuns: { r: GeneratorResult; cpu: number }[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const topic = `group-${size}-${i}`;
      const bootstrap = broker.bootstrap;
      await gen.produce({
        bootstrap,
        topic,
        records,
        size,
        acks: 1,
        partitions: GROUP_MEMBERS,
        timeoutMs: timeoutFor(records),
      });
      await runChild('sync', [], 120_000);
      const timeoutMs = timeoutFor(records) + 60_000;
      groupRuns.push(
        await measured(() => gen.groupConsume({ bootstrap, topic, records, members: GROUP_MEMBERS, timeoutMs })),
      );
      const r = groupRuns.at(-1)?.r;
      log(
        `  consumer group of ${GROUP_MEMBERS}, ${label(size)} run ${i + 1}: ${fmtRun(r)}, ${r?.activeMembers} members read, first record after ${((r?.joinMs ?? 0) / 1000).toFixed(1)} s`,
      );
    }
    const joined = median(groupRuns.map(({ r }) => (r.joinMs ?? Number.NaN) / 1000)).toFixed(1);
    const active = Math.min(...groupRuns.map(({ r }) => r.activeMembers ?? 0));
    throughput.push(
      summarize(
        `consumer group of ${GROUP_MEMBERS}, ${label(size)} (${active} of ${GROUP_MEMBERS} members read; first record after ${joined} s)`,
        size,
        'group',
        groupRuns,
      ),
    );

    const latency: Latency[] = [];
    // The peak the paced runs take fractions of is what this machine sustains: one broker does the
    // same work for acks=1 and acks=all, so the lower of their medians, and no more than the disk
    // sustains for new data (a faster run was a burst into page-cache memory the VM had at hand, and
    // "50%" of a burst queued behind the disk).
    const diskRecordsPerSec = (ctx.sustainedWriteMBps * 1e6) / size;
    const peak = Math.min(acksOne.recordsPerSec, acksAll.recordsPerSec, diskRecordsPerSec);
    for (const load of LATENCY_LOADS) {
      latency.push(await latencyRuns(ctx, broker.bootstrap, size, load * peak, load, prepare));
    }
    // Last: the thousands of partitions it creates would weigh on every later run.
    if (!ctx.noScaling) log(`  scaling ${label(size)} ...`);
    const scaling = ctx.noScaling
      ? { partitions: [], connections: [] }
      : await runScaling({
          gen,
          bootstrap: broker.bootstrap,
          port: broker.port,
          pid: broker.pid,
          size,
          records: Math.round(records / 4),
          runs: opts.scaling.runs,
          partitionCounts: opts.scaling.partitions,
          connectionCounts: opts.scaling.connections,
          log,
        });
    return {
      recordSize: size,
      throughput,
      latency,
      scaling,
      peakRssMiB: peakRssMiB(broker.pid),
      storedGiB: dirGiB(broker.dataDir),
      brokerCpuSeconds: cpuSeconds(broker.pid) - cpuAtStart,
      startSeconds,
    };
  } finally {
    await broker.stop();
  }
}

export function summarize(
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

/** Several producers run at once: their records add up, and the run lasts as long as the slowest. */
function combine(results: GeneratorResult[]): GeneratorResult {
  return {
    records: results.reduce((n, r) => n + r.records, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
    bytes: results.reduce((n, r) => n + r.bytes, 0),
    seconds: Math.max(...results.map((r) => r.seconds)),
    error: results.map((r) => r.error).join(''),
  };
}

function fmtRun(r: GeneratorResult | undefined): string {
  if (!r) return '';
  return `${Math.round(r.records / r.seconds).toLocaleString('en-US')} rec/s, ${(r.bytes / 1e6 / r.seconds).toFixed(0)} MB/s`;
}
