/**
 * Samsa beside Apache Kafka 3.9 and 4.1: the same workloads from the same load generator, so each
 * row of Samsa's own tables gets a cell per system. Rows are matched by record size and position
 * (runSize runs its workloads in one order for every broker).
 */
import { LATENCY_LOADS, type Latency } from './latency-runs.js';
import type { KafkaPeerResult } from './peers/kafka-runs.js';
import { int, ms } from './report.js';
import type { BenchResults } from './results.js';
import type { SizeResults, Throughput } from './workloads.js';

interface Column {
  system: string;
  sizes: SizeResults[];
}

export function renderKafka(r: BenchResults): string[] {
  if (!r.kafka || r.kafka.length === 0) return [];
  const out: string[] = [];
  const measured = r.kafka.filter((k) => !k.skipped);
  const columns: Column[] = [{ system: 'Samsa', sizes: r.samsa }, ...measured.map(columnOf)];
  if (measured.length > 0) {
    const head = columns.map((c) => c.system).join(' | ');
    const rule = columns.map(() => '---:').join(' | ');
    out.push(`| workload (records/s, MB/s, broker CPU s/GiB) | ${head} |`, `| --- | ${rule} |`);
    for (const s of r.samsa) {
      s.throughput.forEach((t, i) => {
        const cells = columns.map((c) =>
          throughputCell(c.sizes.find((x) => x.recordSize === s.recordSize)?.throughput[i]),
        );
        out.push(`| ${t.label.replace(/ \(.*\)$/, '')} | ${cells.join(' | ')} |`);
      });
    }
    out.push('', `| end-to-end latency (rate records/s: p50 / p99 / p99.9 ms) | ${head} |`, `| --- | ${rule} |`);
    for (const size of r.samsa.map((s) => s.recordSize)) {
      for (const load of LATENCY_LOADS) {
        const of = (c: Column) => c.sizes.find((x) => x.recordSize === size)?.latency.find((l) => l.load === load);
        const first = columns.map(of).find((l) => l !== undefined);
        if (!first) continue;
        out.push(`| ${first.label} | ${columns.map((c) => latencyCell(of(c))).join(' | ')} |`);
      }
    }
    out.push('', `| broker peak RSS (VmHWM), MiB | ${head} |`, `| --- | ${rule} |`);
    for (const s of r.samsa) {
      const cells = columns.map((c) => {
        const x = c.sizes.find((y) => y.recordSize === s.recordSize);
        return x ? int(x.peakRssMiB) : '–';
      });
      out.push(`| ${s.recordSize === 1024 ? '1 KiB' : '100 B'} runs | ${cells.join(' | ')} |`);
    }
    out.push('', `| start → first acknowledged record, s | ${head} |`, `| --- | ${rule} |`);
    for (const s of r.samsa) {
      const cells = columns.map((c) => {
        const x = c.sizes.find((y) => y.recordSize === s.recordSize)?.startSeconds;
        return x === undefined ? '–' : x.toFixed(1);
      });
      out.push(`| ${s.recordSize === 1024 ? '1 KiB' : '100 B'} runs' broker | ${cells.join(' | ')} |`);
    }
    out.push(
      '',
      "Each system's latency runs are paced at fractions of its own peak, so the rates differ by row.",
      "Start: from spawning the broker's process (node, or kafka.Kafka's JVM; Kafka 4.1's one-off",
      "`kafka-storage format` and Kafka 3.9's ZooKeeper start before it and are not counted) to a first",
      'record acknowledged with acks=all, which includes creating its topic.',
      `Kafka's JVM: \`${measured[0]?.jvm}\` (kafka-server-start.sh's heap and GC settings); Kafka 3.9's`,
      "ZooKeeper (from Kafka's jars, -Xmx512M as zookeeper-server-start.sh) is not counted in its CPU or RSS.",
      "Kafka's defaults otherwise, with the internal topics' replication factor 1 (one broker), as",
      "Kafka's config/server.properties ships.",
    );
  }
  for (const k of r.kafka.filter((x) => x.skipped)) out.push('', `- ${k.system} was not measured: ${k.skipped}`);
  return out;
}

const columnOf = (k: KafkaPeerResult): Column => ({ system: k.system, sizes: k.sizes });

function throughputCell(t: Throughput | undefined): string {
  return t ? `${int(t.recordsPerSec)}, ${int(t.MBps)}, ${t.cpuSecondsPerGiB.toFixed(2)}` : '–';
}

function latencyCell(l: Latency | undefined): string {
  if (!l) return '–';
  const failed = l.failedRuns ? ` (${l.failedRuns} failed)` : '';
  return `${int(l.rate)}: ${ms(l.p50Ms)} / ${ms(l.p99Ms)} / ${ms(l.p999Ms)}${failed}`;
}
