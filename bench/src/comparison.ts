/**
 * Samsa beside its peers: one row per system with the same workloads, record sizes and kind of
 * durability (acknowledged once in the server's page cache, fsynced in the background), plus
 * Redis's fsync-per-batch mode as the strict end. Rows are shared by the table and the charts.
 */
import type { BenchResults } from './results.js';
import type { SizeResults, Throughput } from './workloads.js';

export interface SystemRow {
  system: string;
  /** By record size (100, 1024) and kind: the one-producer throughput. */
  figures: Map<string, Throughput>;
  /** Peak RSS and GiB left on disk of the server that took the 1 KiB and the 100 B runs. */
  memory: { recordSize: number; peakRssMiB: number; storedGiB: number }[];
}

export const key = (size: number, kind: Throughput['kind']): string => `${size}/${kind}`;

const memoryOf = (sizes: { recordSize: number; peakRssMiB: number; storedGiB: number }[]) =>
  sizes.map(({ recordSize, peakRssMiB, storedGiB }) => ({ recordSize, peakRssMiB, storedGiB }));

/** A Kafka-protocol broker's one-producer rows, acks=1 and acks=all, from runSize's results. */
function brokerRows(system: string, sizes: SizeResults[]): SystemRow[] {
  return ['1', 'all'].map((acks) => {
    const figures = new Map<string, Throughput>();
    for (const s of sizes) {
      for (const t of s.throughput) {
        if (t.label.includes('producers')) continue;
        if (t.kind === 'produce' && t.label.endsWith(`acks=${acks}`)) figures.set(key(s.recordSize, 'produce'), t);
        if (t.kind === 'consume') figures.set(key(s.recordSize, 'consume'), t);
      }
    }
    return { system: `${system} (acks=${acks})`, figures, memory: memoryOf(sizes) };
  });
}

export function comparisonRows(r: BenchResults): SystemRow[] {
  const rows: SystemRow[] = [];
  rows.push(...brokerRows('Samsa', r.samsa));
  if (r.strict && r.strict.length > 0) {
    const figures = new Map<string, Throughput>();
    for (const s of r.strict) figures.set(key(s.recordSize, 'produce'), s.produce);
    rows.push({
      system: 'Samsa (acks=all, flush.messages=1)',
      figures,
      memory: r.strict.map((s) => ({ recordSize: s.recordSize, peakRssMiB: s.peakRssMiB, storedGiB: Number.NaN })),
    });
  }
  // Apache Kafka ran Samsa's own workloads, so it gets the same two rows.
  for (const k of r.kafka ?? []) if (!k.skipped) rows.push(...brokerRows(k.system, k.sizes));
  for (const p of r.peers) {
    if (p.skipped) continue;
    const figures = new Map<string, Throughput>();
    for (const s of p.sizes) for (const t of s.throughput) figures.set(key(s.recordSize, t.kind), t);
    rows.push({ system: p.system, figures, memory: memoryOf(p.sizes) });
  }
  return rows;
}
