/**
 * The Markdown report: machine and load, this machine's limits, the throughput and latency tables
 * with each figure's ratio to the limit that bounds it, and the goals of issue 3 item 7.
 */
import type { DiskSpeed, LoopbackSpeed } from './machine-limits.js';
import type { BenchOptions } from './options.js';
import type { SizeResults, Throughput } from './workloads.js';

export interface ReportInput {
  opts: BenchOptions;
  machine: string;
  date: string;
  loadBefore: string;
  loadAfter: string;
  disk: DiskSpeed;
  loopback: LoopbackSpeed;
  sizes: SizeResults[];
  generator: string;
  brokerCommand: string;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (n: number): string => `${(n * 100).toFixed(0)}%`;
const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function ratio(t: Throughput, r: ReportInput): string {
  if (t.kind === 'consume') return `${pct(t.MBps / r.loopback.MBps)} of loopback`;
  return `${pct(t.MBps / r.disk.bufferedMBps)} of disk`;
}

export function renderReport(r: ReportInput): string {
  const all = r.sizes.flatMap((s) => s.throughput);
  const out: string[] = [];
  out.push(`Measured ${r.date} by \`npm run bench${r.opts.scale === 'full' ? '' : ` -- --${r.opts.scale}`}\``);
  out.push(`(median of ${r.opts.runs} run${r.opts.runs > 1 ? 's' : ''} each).`, '');
  out.push(`- Machine: ${r.machine}`);
  out.push(`- Load average (1/5/15 min) before: ${r.loadBefore}; after: ${r.loadAfter}`);
  out.push(`- Broker: \`${r.brokerCommand}\``);
  out.push(`- Load generator: ${r.generator}`);
  const [lo, hi] = r.disk.bufferedRange;
  out.push(
    `- Disk (the temp dir's filesystem), sequential 1 MiB writes of ${r.opts.diskProbeBytes >> 20} MiB: ${int(r.disk.bufferedMBps)} MB/s buffered (runs ${int(lo)}–${int(hi)}), ${int(r.disk.fdatasyncMBps)} MB/s with fdatasync`,
  );
  out.push(`- Loopback TCP (${r.loopback.tool}): ${int(r.loopback.MBps)} MB/s`, '');
  out.push('| workload | records/s | MB/s | vs this machine | broker CPU s/GiB | each run, MB/s |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const t of all) {
    out.push(
      `| ${t.label} | ${int(t.recordsPerSec)} | ${int(t.MBps)} | ${ratio(t, r)} | ${t.cpuSecondsPerGiB.toFixed(2)} | ${t.runsMBps.map(int).join(', ')} |`,
    );
  }
  out.push('', '| latency (send → acknowledged) | rate, records/s | p50 ms | p99 ms | p99.9 ms | max ms |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const s of r.sizes) {
    const l = s.latency;
    out.push(`| ${l.label} | ${int(l.rate)} | ${ms(l.p50Ms)} | ${ms(l.p99Ms)} | ${ms(l.p999Ms)} | ${ms(l.maxMs)} |`);
  }
  const rss = Math.max(...r.sizes.map((s) => s.peakRssMiB));
  out.push(
    '',
    `Broker peak RSS (VmHWM): ${r.sizes.map((s) => `${int(s.peakRssMiB)} MiB in the ${sizeLabel(s)} runs`).join(', ')}.`,
    `Broker CPU, user + system: ${r.sizes.map((s) => `${s.brokerCpuSeconds.toFixed(1)} s for all ${sizeLabel(s)} runs`).join(', ')}.`,
  );
  out.push('', ...goals(r, rss));
  return `${out.join('\n')}\n`;
}

const sizeLabel = (s: SizeResults): string => (s.latency.recordSize === 1024 ? '1 KiB' : '100 B');

function goals(r: ReportInput, rss: number): string[] {
  const rows = r.sizes.flatMap((s) => s.throughput);
  const pick = (size: number, kind: Throughput['kind']) => rows.filter((t) => t.recordSize === size && t.kind === kind);
  const produce1k = Math.min(...pick(1024, 'produce').map((t) => t.MBps));
  const produce100 = Math.min(...pick(100, 'produce').map((t) => t.recordsPerSec));
  const consume = (size: number) => Math.min(...pick(size, 'consume').map((t) => t.MBps)) / r.loopback.MBps;
  const p99 = (size: number) => r.sizes.find((s) => s.latency.recordSize === size)?.latency.p99Ms ?? Number.NaN;
  const list: [string, string, boolean][] = [
    [
      'produce 1 KiB ≥ 50% of buffered disk write (worse of acks=1/all)',
      pct(produce1k / r.disk.bufferedMBps),
      produce1k >= 0.5 * r.disk.bufferedMBps,
    ],
    ['produce 100 B ≥ 1,000,000 records/s (worse of acks=1/all)', int(produce100), produce100 >= 1_000_000],
    ['catch-up consume ≥ 25% of loopback TCP, 1 KiB records', pct(consume(1024)), consume(1024) >= 0.25],
    ['catch-up consume ≥ 25% of loopback TCP, 100 B records', pct(consume(100)), consume(100) >= 0.25],
    ['p99 produce latency < 10 ms at half peak, 1 KiB', `${ms(p99(1024))} ms`, p99(1024) < 10],
    ['p99 produce latency < 10 ms at half peak, 100 B', `${ms(p99(100))} ms`, p99(100) < 10],
    ['broker peak RSS < 300 MiB', `${int(rss)} MiB`, rss < 300],
  ];
  const lines = ['| goal (issue 3, item 7) | measured | met |', '| --- | ---: | :---: |'];
  for (const [g, m, ok] of list) lines.push(`| ${g} | ${m} | ${ok ? 'yes' : 'no'} |`);
  return lines;
}
