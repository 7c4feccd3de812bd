/**
 * BENCHMARKS.md at the repository root, rendered from one run's results: the machine, Samsa beside
 * its peers, Samsa's own workloads with their ratios to the machine's limits, the charts, and the
 * hand-written reading (bench/reading.md, kept beside the code because figures move between runs
 * and the reading says which measurements it rests on).
 */
import { existsSync, readFileSync } from 'node:fs';
import { comparisonRows, key, type SystemRow } from './comparison.js';
import { renderKafka } from './kafka-report.js';
import { renderPerfTools } from './perf-tools.js';
import { int, renderGoals, renderMachine, renderSamsa } from './report.js';
import type { BenchResults } from './results.js';

const CLIENT_NOTE = [
  'Each system is driven from C by the fastest client this machine offers, so that the load',
  'generator (which shares the 2 cores) costs as little as it can: librdkafka for Samsa and Apache Kafka, hiredis for',
  'Redis, the official libnats for NATS and librabbitmq for RabbitMQ (Debian packages all four; for',
  'RabbitMQ it has no client of the binary stream protocol, so its streams are driven over AMQP',
  '0-9-1, the slower of the two ways in). Every server runs on 127.0.0.1 with its data in the temp',
  'dir, started fresh for each record size. Durability is alike: every system acknowledges once the',
  'record is in its log (page cache) and fsyncs in the background, except Redis with',
  '`appendfsync always`, which fsyncs before answering each pipelined batch, and its counterpart',
  'Samsa with `log.flush.interval.messages=1`, which fsyncs after each appended batch. Slow peers write a',
  "fifth of Samsa's record counts (the client column says which).",
];

function cell(row: SystemRow, size: number, kind: 'produce' | 'consume'): string {
  const t = row.figures.get(key(size, kind));
  return t ? `${int(t.recordsPerSec)} (${int(t.MBps)} MB/s)` : '–';
}

function cpu(row: SystemRow, kind: 'produce' | 'consume'): string {
  const t = row.figures.get(key(1024, kind));
  return t ? t.cpuSecondsPerGiB.toFixed(2) : '–';
}

function memory(row: SystemRow): string {
  return [1024, 100]
    .map((size) => row.memory.find((m) => m.recordSize === size))
    .map((m) => (m ? `${int(m.peakRssMiB)}${Number.isNaN(m.storedGiB) ? '' : ` (${m.storedGiB.toFixed(1)})`}` : '–'))
    .join(' / ');
}

function renderComparison(r: BenchResults): string[] {
  const out = [
    '| system | produce 100 B, records/s | produce 1 KiB, records/s | catch-up 100 B, records/s | catch-up 1 KiB, records/s | server CPU s/GiB, produce / consume 1 KiB | server peak RSS MiB (GiB on disk), 1 KiB / 100 B runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of comparisonRows(r)) {
    out.push(
      `| ${row.system} | ${cell(row, 100, 'produce')} | ${cell(row, 1024, 'produce')} | ${cell(row, 100, 'consume')} | ${cell(row, 1024, 'consume')} | ${cpu(row, 'produce')} / ${cpu(row, 'consume')} | ${memory(row)} |`,
    );
  }
  out.push('');
  for (const p of r.peers) {
    out.push(p.skipped ? `- ${p.system}: **skipped** — ${p.skipped}` : `- ${p.system}: ${p.client}`);
  }
  for (const k of r.kafka ?? []) {
    out.push(k.skipped ? `- ${k.system}: **skipped** — ${k.skipped}` : `- ${k.system}: librdkafka (rdkperf), as Samsa`);
  }
  if (r.peers.length === 0 && !r.kafka?.length) out.push('- Peers were not run (`--smoke` or `--no-peers`).');
  return out;
}

/**
 * The README's headline: records/s of Samsa (acks=all) and each measured peer, and Samsa's p99 at
 * half its peak; written between the README's bench:headline markers.
 */
export function renderHeadline(r: BenchResults): string {
  const rows = comparisonRows(r).filter((row) => !row.system.includes('acks=1'));
  const rps = (row: SystemRow, size: number, kind: 'produce' | 'consume') => {
    const t = row.figures.get(key(size, kind));
    return t ? int(t.recordsPerSec) : '–';
  };
  const out = [
    `Measured ${r.date}, load average ${r.loadBefore} before the run ([BENCHMARKS.md](BENCHMARKS.md) has everything):`,
    '',
    '| records/s (one client) | produce 1 KiB | produce 100 B | catch-up 1 KiB | catch-up 100 B |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    out.push(
      `| ${row.system} | ${rps(row, 1024, 'produce')} | ${rps(row, 100, 'produce')} | ${rps(row, 1024, 'consume')} | ${rps(row, 100, 'consume')} |`,
    );
  }
  const p99 = r.samsa.map((s) => {
    const l = s.latency.find((x) => x.load === 0.5);
    return l ? `${s.recordSize === 1024 ? '1 KiB' : '100 B'} ${l.p99Ms.toFixed(1)} ms` : '';
  });
  out.push('', `Samsa's p99 end-to-end latency at 50% of its peak: ${p99.filter(Boolean).join(', ')}.`);
  return out.join('\n');
}

/** Replaces the text between `<!-- bench:headline -->` and `<!-- /bench:headline -->`; null if no markers. */
export function withHeadline(readme: string, headline: string): string | null {
  const start = '<!-- bench:headline -->';
  const end = '<!-- /bench:headline -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) return null;
  return `${readme.slice(0, i + start.length)}\n${headline}\n${readme.slice(j)}`;
}

/**
 * `clientsPath`: the last full `npm run bench:clients` (bench/results/clients.md), which drives the
 * same broker with the TypeScript clients; it is measured apart because it takes its own quarter
 * of an hour, and shown with its own date.
 */
export function renderBenchmarksDoc(
  r: BenchResults,
  charts: readonly string[],
  readingPath: string,
  clientsPath: string,
): string {
  const chart = (name: string, alt: string) =>
    charts.includes(name) ? [`![${alt}](bench/results/charts/${name})`, ''] : [];
  const reading = existsSync(readingPath) ? readFileSync(readingPath, 'utf8').trim() : '';
  const clients = existsSync(clientsPath) ? readFileSync(clientsPath, 'utf8').trim() : '';
  const out = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` from bench/results/latest.json; the reading comes from bench/reading.md. -->',
    '',
    'One Samsa broker and its peers on one machine, same payloads, comparable durability. `npm run bench`',
    'regenerates this file, the charts and bench/results/; `-- --quick` (one run of each) two to three minutes, `-- --smoke`',
    'seconds (figures meaningless, CI runs it so the script keeps working). The machine is shared with',
    "other work, so every run records the load average; a benchmark's tail latencies move most with it.",
    '',
    '## Machine',
    '',
    ...renderMachine(r),
    '',
    '## Samsa beside its peers',
    '',
    ...CLIENT_NOTE,
    '',
    ...renderComparison(r),
    '',
    ...chart('throughput-100b.svg', 'records/s by system, 100 B records'),
    ...chart('throughput-1kib.svg', 'records/s by system, 1 KiB records'),
    ...kafkaSection(r),
    '## Samsa, every workload',
    '',
    'Producers write one partition each; "8 producers" are eight librdkafka processes at once, each to',
    'a topic of its own. The consumer group is eight librdkafka consumers (one process, a thread each)',
    'in one group, reading a topic of eight partitions from the start; its time runs from the first',
    "record to the last, and the wait before the first (join, sync, the broker's initial rebalance",
    "delay) is shown beside it. End-to-end latency runs from `produce()` to the record's arrival in a consumer",
    "in the same process (librdkafka's linger.ms=5, the append and the consumer's fetch included),",
    'with acks=all, paced at 10%, 50% and 80% of the one-producer peak (the lower of the acks=1 and',
    'acks=all medians, capped at what the disk took in its slowest probe run, since a faster run was',
    'a burst into page-cache memory the VM had at hand); the same runs give',
    'the send → ack latency too.',
    '',
    ...renderSamsa(r),
    '',
    ...chart('latency-cdf-100b.svg', 'latency by percentile, 100 B records'),
    ...chart('latency-cdf-1kib.svg', 'latency by percentile, 1 KiB records'),
    ...renderGoals(r),
    '',
    ...(reading ? [reading, ''] : []),
    ...(r.coordinators ? ['## Coordinators', r.coordinators] : []),
    ...(r.tls ? ['## TLS', r.tls] : []),
    ...(r.authorizer ? ['## Authorizer', r.authorizer] : []),
    ...(r.cluster ? ['', r.cluster] : []),
    ...(clients
      ? [
          '',
          '## Node.js clients against the same broker',
          '',
          "The load generator above is librdkafka, so that the figures are the broker's. The TypeScript",
          "clients' own figures (Samsa's @samsa/client beside KafkaJS, @platformatic/kafka and",
          '@confluentinc/kafka-javascript, with the ceiling any consumer of one partition could reach) come',
          'from `npm run bench:clients` (how it measures, and a reading of the figures: README.md):',
          '',
          clients,
        ]
      : []),
    ...(r.perfTools?.length
      ? [
          '',
          '## The perf tools beside the client they drive',
          '',
          "`samsa producer-perf-test` and `samsa consumer-perf-test` (Kafka's tools, their flags and",
          "output) against @samsa/client's own figures with the same settings, measured in this run: a",
          'ratio well under 1 means a tool measures itself rather than the client.',
          '',
          ...renderPerfTools(r.perfTools),
        ]
      : []),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}

/** Samsa's workloads against Apache Kafka 3.9 and 4.1, side by side (kafka-report.ts). */
function kafkaSection(r: BenchResults): string[] {
  const tables = renderKafka(r);
  if (tables.length === 0) return [];
  return [
    '## Samsa beside Apache Kafka',
    '',
    "The same librdkafka generator and workloads as Samsa's own tables below, against Apache Kafka 3.9",
    '(ZooKeeper) and 4.1 (KRaft, one combined broker and controller) started from their jars, one',
    'system at a time on this machine, a fresh broker per record size.',
    '',
    ...tables,
    '',
  ];
}
