/**
 * `npm run bench:cluster`: one Samsa broker and a three-broker cluster (RF=3, min.insync.replicas=2)
 * under the same acks=all load of 1 KiB records, in one run on this machine, and the failover time
 * after kill -9 of a leader. Prints a Markdown table; a full run also writes
 * bench/results/cluster.{md,json}, which BENCHMARKS.md includes. Options as `npm run bench`
 * (--quick, --smoke, --runs N, --no-out). `npm run bench` runs the same measurement.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrokerProcess } from './broker-process.js';
import { type AcksAllFigures, type ClusterOutcome, measureAcksAll, runClusterBench } from './cluster-bench.js';
import { LoadGenerator } from './load-generator.js';
import { loadAverage } from './machine.js';
import { type DiskSpeed, measureDisk, sustainedWriteMBps } from './machine-limits.js';
import { type BenchOptions, parseOptions } from './options.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const log = (line: string) => process.stderr.write(`${line}\n`);

export interface ClusterReport {
  date: string;
  loadBefore: string;
  loadAfter: string;
  single: AcksAllFigures;
  cluster: ClusterOutcome;
}

/** `disk`: the probe of the same run (`npm run bench`); measured here when run alone. */
export async function measureClusterReport(opts: BenchOptions, disk?: DiskSpeed): Promise<ClusterReport> {
  const loadBefore = loadAverage();
  const gen = await LoadGenerator.build(repoRoot);
  const scratchDir = mkdtempSync(join(tmpdir(), 'samsa-bench-cluster-'));
  const sustained = sustainedWriteMBps(disk ?? measureDisk(opts.diskProbeBytes, opts.runs));
  const ctx = { opts, gen, repoRoot, scratchDir, sustainedWriteMBps: sustained, log };
  try {
    log('one broker, acks=all ...');
    const broker = await BrokerProcess.start({ repoRoot });
    let single: AcksAllFigures;
    try {
      single = await measureAcksAll(ctx, broker.bootstrap, 'single', 1);
    } finally {
      await broker.stop();
    }
    log('three brokers, RF=3, acks=all ...');
    const cluster = await runClusterBench(ctx);
    return {
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      loadBefore,
      loadAfter: loadAverage(),
      single,
      cluster,
    };
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

const ms = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));

export function renderClusterReport(r: ClusterReport): string {
  const at = (f: AcksAllFigures, load: number) => {
    const l = f.latency.find((x) => x.load === load);
    return l ? `${ms(l.p50Ms)} / ${ms(l.p99Ms)} (${Math.round(l.rate).toLocaleString('en-US')}/s)` : 'n/a';
  };
  const row = (name: string, f: AcksAllFigures, base?: AcksAllFigures) =>
    `| ${name} | ${f.MBps.toFixed(0)} | ${Math.round(f.recordsPerSec).toLocaleString('en-US')} | ${base ? `${((f.MBps / base.MBps) * 100).toFixed(0)}%` : '100%'} | ${at(f, 0.1)} | ${at(f, 0.5)} |`;
  const lines = [
    '## Three-broker cluster',
    '',
    `Measured ${r.date}, load average ${r.loadBefore} → ${r.loadAfter}; \`npm run bench:cluster\` reruns this part alone.`,
    '',
    "acks=all, 1 KiB records over 6 partitions, librdkafka generator; the cluster is three broker processes and ZooKeeper on this one machine (one disk, two cores), replication factor 3, min.insync.replicas=2, so every record is written three times to the same disk and crosses loopback three times. Latency is send → ack, paced at a fraction of each setup's sustainable peak: its measured peak (a burst into page cache) or what the disk sustains for new data divided by the copies of each record (three for the cluster), whichever is lower, as in the single-broker latency runs.",
    '',
    '| setup | MB/s | records/s | vs one broker | p50 / p99 ms at 10% of peak | p50 / p99 ms at 50% of peak |',
    '|---|---:|---:|---:|---|---|',
    row('one broker', r.single),
  ];
  if ('skipped' in r.cluster) lines.push(`| three brokers, RF=3 | skipped: ${r.cluster.skipped} | | | | |`);
  else {
    const c = r.cluster.results;
    lines.push(row('three brokers, RF=3', c, r.single));
    lines.push(
      '',
      `kill -9 of a partition's leader (Kafka's default 18 s session timeout): a new leader in the metadata after ${c.newLeaderMs} ms, the next acks=all write to that partition acknowledged after ${c.writesResumeMs} ms.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const report = await measureClusterReport(opts);
  const md = renderClusterReport(report);
  process.stdout.write(md);
  if (opts.out && opts.scale === 'full') {
    const dir = join(resolve(repoRoot, opts.out), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cluster.md'), md);
    writeFileSync(join(dir, 'cluster.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
