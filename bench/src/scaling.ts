/**
 * Scaling workloads on the broker the size's other runs used: produce throughput as the partition
 * count grows (one topic per count, records spread round robin so every request carries every
 * partition), and as idle client connections pile up beside one active producer. Each figure is a
 * median over `runs`; the broker's RSS is read after each step.
 */
import { createConnection, type Socket } from 'node:net';
import { median } from './child.js';
import type { GeneratorResult, LoadGenerator } from './load-generator.js';
import { timeoutFor } from './native-tool.js';
import { cpuSeconds, rssMiB } from './proc-stats.js';

export interface ScalingPoint {
  /** Partitions of the topic, or client connections open. */
  count: number;
  recordsPerSec: number;
  MBps: number;
  cpuSecondsPerGiB: number;
  /** Broker VmRSS after the step. */
  rssMiB: number;
  /** Seconds for CreateTopics and a first record in every partition (partition steps only). */
  createSeconds?: number;
}

export interface ScalingResults {
  partitions: ScalingPoint[];
  connections: ScalingPoint[];
}

interface Target {
  gen: LoadGenerator;
  bootstrap: string;
  port: number;
  pid: number;
  size: number;
  records: number;
  runs: number;
  partitionCounts: readonly number[];
  connectionCounts: readonly number[];
  log: (line: string) => void;
}

export async function runScaling(t: Target): Promise<ScalingResults> {
  // Connections first: the thousands of partitions created next would weigh on them.
  const connections: ScalingPoint[] = [];
  for (const count of t.connectionCounts) {
    const idle = await openIdleClients(t.port, count - 1);
    try {
      const topic = `connections-${t.size}-${count}`;
      await produce(t, topic, 1, 0);
      connections.push({ ...(await measure(t, () => produce(t, topic, t.records, 0))), count });
      t.log(`  ${count} connections: ${fmt(connections.at(-1) as ScalingPoint)}`);
    } finally {
      for (const s of idle) s.destroy();
    }
  }
  const partitions: ScalingPoint[] = [];
  for (const count of t.partitionCounts) {
    const topic = `partitions-${t.size}-${count}`;
    const started = process.hrtime.bigint();
    // Creates the topic and writes one record to each partition, so the timed runs see steady
    // state: a partition's first append also writes its leader-epoch checkpoint (with fsyncs).
    await produce(t, topic, count, count);
    const createSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    partitions.push({ ...(await measure(t, () => produce(t, topic, t.records, count))), count, createSeconds });
    t.log(
      `  ${count} partitions: ${fmt(partitions.at(-1) as ScalingPoint)}, created and first written in ${createSeconds.toFixed(1)} s`,
    );
  }
  return { partitions, connections };
}

function produce(t: Target, topic: string, records: number, partitions: number): Promise<GeneratorResult> {
  return t.gen.produce({
    bootstrap: t.bootstrap,
    topic,
    records,
    size: t.size,
    acks: -1,
    partitions: partitions || undefined,
    timeoutMs: timeoutFor(records) + 120_000,
  });
}

async function measure(t: Target, run: () => Promise<GeneratorResult>): Promise<Omit<ScalingPoint, 'count'>> {
  const rows: { rps: number; MBps: number; cpu: number }[] = [];
  for (let i = 0; i < t.runs; i++) {
    const before = cpuSeconds(t.pid);
    const r = await run();
    const cpu = cpuSeconds(t.pid) - before;
    rows.push({ rps: r.records / r.seconds, MBps: r.bytes / 1e6 / r.seconds, cpu: cpu / (r.bytes / 2 ** 30) });
  }
  return {
    recordsPerSec: median(rows.map((r) => r.rps)),
    MBps: median(rows.map((r) => r.MBps)),
    cpuSecondsPerGiB: median(rows.map((r) => r.cpu)),
    rssMiB: rssMiB(t.pid),
  };
}

const fmt = (p: ScalingPoint): string =>
  `${Math.round(p.recordsPerSec).toLocaleString('en-US')} rec/s, RSS ${p.rssMiB.toFixed(0)} MiB`;

/**
 * `n` connections that each made one ApiVersions (v0) round trip, as a client does on connecting,
 * then stay open and quiet: the broker holds their sockets and buffers but owes them nothing.
 */
async function openIdleClients(port: number, n: number): Promise<Socket[]> {
  const request = apiVersionsV0();
  const sockets: Socket[] = [];
  const opening: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    opening.push(
      new Promise<void>((resolve, reject) => {
        const s = createConnection({ host: '127.0.0.1', port }, () => s.write(request));
        sockets.push(s);
        const timer = setTimeout(() => reject(new Error('no ApiVersions response within 30 s')), 30_000);
        s.once('data', () => {
          clearTimeout(timer);
          resolve();
        });
        s.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      }),
    );
  }
  try {
    await Promise.all(opening);
  } catch (err) {
    for (const s of sockets) s.destroy();
    throw err;
  }
  return sockets;
}

/** ApiVersions v0 with request header v1: size, api key 18, version 0, correlation id, client id. */
function apiVersionsV0(): Buffer {
  const clientId = Buffer.from('bench-idle');
  const b = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  b.writeInt32BE(b.length - 4, 0);
  b.writeInt16BE(18, 4);
  b.writeInt16BE(0, 6);
  b.writeInt32BE(1, 8);
  b.writeInt16BE(clientId.length, 12);
  clientId.copy(b, 14);
  return b;
}
