/**
 * The Markdown of Samsa's own figures: machine and load, this machine's limits, the throughput and
 * latency tables with each figure's ratio to the limit that bounds it, and the goals. It is both
 * bench/results/latest.md and the Samsa part of BENCHMARKS.md.
 */
import { renderKafka } from './kafka-report.js';
import { describeMachine } from './machine.js';
import { renderPerfTools } from './perf-tools.js';
import type { BenchResults } from './results.js';
import type { SizeResults, Throughput } from './workloads.js';

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const pct = (n: number): string => `${(n * 100).toFixed(0)}%`;
export const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function ratio(t: Throughput, r: BenchResults): string {
  if (t.kind !== 'produce') return `${pct(t.MBps / r.loopback.MBps)} of loopback`;
  return `${pct(t.MBps / r.disk.bufferedMBps)} of buffered, ${pct(t.MBps / r.disk.fdatasyncMBps)} of fdatasync`;
}

export function renderMachine(r: BenchResults): string[] {
  const [lo, hi] = r.disk.bufferedRange;
  return [
    `Measured ${r.date} by \`npm run bench${r.scale === 'full' ? '' : ` -- --${r.scale}`}\``,
    `(median of ${r.runs} run${r.runs > 1 ? 's' : ''} each).`,
    '',
    `- Machine: ${describeMachine(r.machine)}; disk: ${r.machine.disk}`,
    `- Load average (1/5/15 min) before: ${r.loadBefore}; after: ${r.loadAfter}`,
    `- Broker: \`${r.brokerCommand}\``,
    `- Load generator: ${r.generator}`,
    `- Disk (the temp dir's filesystem), sequential 1 MiB writes of ${r.diskProbeMiB} MiB: ${int(r.disk.bufferedMBps)} MB/s buffered (runs ${int(lo)}–${int(hi)}), ${int(r.disk.fdatasyncMBps)} MB/s with fdatasync`,
    `- Loopback TCP (${r.loopback.tool}): ${int(r.loopback.MBps)} MB/s`,
  ];
}

export function renderSamsa(r: BenchResults): string[] {
  const out: string[] = [];
  out.push('| workload | records/s | MB/s | vs this machine | broker CPU s/GiB | each run, MB/s |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const t of r.samsa.flatMap((s) => s.throughput)) {
    out.push(
      `| ${t.label} | ${int(t.recordsPerSec)} | ${int(t.MBps)} | ${ratio(t, r)} | ${t.cpuSecondsPerGiB.toFixed(2)} | ${t.runsMBps.map(int).join(', ')} |`,
    );
  }
  out.push(
    '',
    '| end-to-end latency (produce → consumed) | rate, records/s | p50 ms | p99 ms | p99.9 ms | max ms | send → ack p50 / p99 ms | CPU stall | bare disk write p99 / max ms |',
  );
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const l of r.samsa.flatMap((s) => s.latency)) {
    out.push(
      `| ${l.label}${l.failedRuns ? ` (${l.failedRuns} run${l.failedRuns > 1 ? 's' : ''} failed)` : ''} | ${int(l.rate)} | ${ms(l.p50Ms)} | ${ms(l.p99Ms)} | ${ms(l.p999Ms)} | ${ms(l.maxMs)} | ${ms(l.ackP50Ms)} / ${ms(l.ackP99Ms)} | ${Number.isNaN(l.cpuStall) ? '–' : pct(l.cpuStall)} | ${l.diskWrite ? `${ms(l.diskWrite.p99Ms)} / ${ms(l.diskWrite.maxMs)}` : '–'} |`,
    );
  }
  out.push(
    '',
    'CPU stall: the share of the run during which some runnable task on the machine waited for a core',
    '(/proc/pressure/cpu); anything above a few percent means the broker and generator were queued',
    'behind other work, which shows first in the tail.',
    '',
    'Bare disk write: no broker and no network, a plain writer appending the same MB/s to a file in the',
    "same temp dir, one write every 5 ms, right after Samsa's runs; p99 and max of each write's delay",
    'from when it was due. It is the part of the tail the machine adds before any broker code runs.',
  );
  out.push('', ...renderScaling(r));
  out.push(
    '',
    `Broker peak RSS (VmHWM): ${r.samsa.map((s) => `${int(s.peakRssMiB)} MiB in the ${sizeLabel(s)} runs`).join(', ')}.`,
    `Broker CPU, user + system: ${r.samsa.map((s) => `${s.brokerCpuSeconds.toFixed(1)} s for all ${sizeLabel(s)} runs`).join(', ')}.`,
  );
  return out;
}

/** Produce acks=all through one producer as partitions, then idle connections, grow. */
function renderScaling(r: BenchResults): string[] {
  const out: string[] = [];
  for (const [kind, title] of [
    ['partitions', 'partitions (one topic, records round robin)'],
    ['connections', 'connections (idle after ApiVersions, plus one producer)'],
  ] as const) {
    const counts = [...new Set(r.samsa.flatMap((s) => s.scaling[kind].map((p) => p.count)))];
    if (counts.length === 0) continue;
    const sizes = r.samsa.map(sizeLabel);
    out.push(
      `| ${title} | ${sizes.map((s) => `${s}: records/s, MB/s, CPU s/GiB, RSS MiB`).join(' | ')} |${kind === 'partitions' ? ' create + first record in each, s |' : ''}`,
    );
    out.push(`| ---: | ${sizes.map(() => '---:').join(' | ')} |${kind === 'partitions' ? ' ---: |' : ''}`);
    for (const count of counts) {
      const cells = r.samsa.map((s) => {
        const p = s.scaling[kind].find((x) => x.count === count);
        return p ? `${int(p.recordsPerSec)}, ${int(p.MBps)}, ${p.cpuSecondsPerGiB.toFixed(2)}, ${int(p.rssMiB)}` : '–';
      });
      const create = r.samsa
        .map((s) => s.scaling.partitions.find((x) => x.count === count)?.createSeconds)
        .filter((x): x is number => x !== undefined)
        .map((x) => x.toFixed(1))
        .join(' / ');
      out.push(`| ${int(count)} | ${cells.join(' | ')} |${kind === 'partitions' ? ` ${create} |` : ''}`);
    }
    out.push('');
  }
  return out;
}

const sizeLabel = (s: SizeResults): string => (s.recordSize === 1024 ? '1 KiB' : '100 B');

export function renderGoals(r: BenchResults): string[] {
  const rows = r.samsa.flatMap((s) => s.throughput).filter((t) => !t.label.includes('producers'));
  const pick = (size: number, kind: Throughput['kind']) => rows.filter((t) => t.recordSize === size && t.kind === kind);
  const produce1k = Math.min(...pick(1024, 'produce').map((t) => t.MBps));
  const produce100 = Math.min(...pick(100, 'produce').map((t) => t.recordsPerSec));
  const consume = (size: number) => Math.min(...pick(size, 'consume').map((t) => t.MBps)) / r.loopback.MBps;
  const p99 = (size: number) =>
    r.samsa.find((s) => s.recordSize === size)?.latency.find((l) => l.load === 0.5)?.p99Ms ?? Number.NaN;
  const ack99 = (size: number) =>
    r.samsa.find((s) => s.recordSize === size)?.latency.find((l) => l.load === 0.5)?.ackP99Ms ?? Number.NaN;
  const rss = Math.max(...r.samsa.map((s) => s.peakRssMiB));
  const list: [string, string, boolean][] = [
    [
      'produce 1 KiB ≥ 50% of buffered disk write (worse of acks=1/all)',
      pct(produce1k / r.disk.bufferedMBps),
      produce1k >= 0.5 * r.disk.bufferedMBps,
    ],
    ['produce 100 B ≥ 1,000,000 records/s (worse of acks=1/all)', int(produce100), produce100 >= 1_000_000],
    ['catch-up consume ≥ 25% of loopback TCP, 1 KiB records', pct(consume(1024)), consume(1024) >= 0.25],
    ['catch-up consume ≥ 25% of loopback TCP, 100 B records', pct(consume(100)), consume(100) >= 0.25],
    ['p99 end-to-end latency < 10 ms at 50% of peak, 1 KiB', `${ms(p99(1024))} ms`, p99(1024) < 10],
    ['p99 end-to-end latency < 10 ms at 50% of peak, 100 B', `${ms(p99(100))} ms`, p99(100) < 10],
    ['(same runs) p99 send → ack < 10 ms, 1 KiB', `${ms(ack99(1024))} ms`, ack99(1024) < 10],
    ['(same runs) p99 send → ack < 10 ms, 100 B', `${ms(ack99(100))} ms`, ack99(100) < 10],
    ['broker peak RSS < 300 MiB', `${int(rss)} MiB`, rss < 300],
  ];
  const lines = ['| goal (one producer) | measured | met |', '| --- | ---: | :---: |'];
  for (const [g, m, ok] of list) lines.push(`| ${g} | ${m} | ${ok ? 'yes' : 'no'} |`);
  return lines;
}

/** bench/results/latest.md: the Samsa figures and the coordinator benches, as printed. */
export function renderReport(r: BenchResults): string {
  const tools = renderPerfTools(r.perfTools);
  const kafka = renderKafka(r);
  return `${[...renderMachine(r), '', ...renderSamsa(r), '', ...renderGoals(r), ...(kafka.length ? ['', ...kafka] : []), ...(tools.length ? ['', ...tools] : [])].join('\n')}\n${r.coordinators}${r.tls ? `\n${r.tls}` : ''}${r.authorizer ? `\n${r.authorizer}` : ''}${r.cluster ? `\n${r.cluster}` : ''}`;
}
