/**
 * This machine's own limits, measured in the same run as the broker so the ratios mean something:
 * sequential buffered write speed of the data disk (and the same with an fdatasync at the end), and
 * loopback TCP throughput (iperf3 when installed, else a Node socket pipe, which is slower and says so).
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './broker-process.js';
import { median, runChild, sleep } from './child.js';

export interface DiskSpeed {
  /** Medians over the repetitions, and the spread of the buffered figure. */
  bufferedMBps: number;
  fdatasyncMBps: number;
  bufferedRange: [number, number];
}

export interface LoopbackSpeed {
  MBps: number;
  tool: string;
}

/**
 * Writes `repeats` new files of `bytes` each in 1 MiB writes, keeping them until the end as the
 * broker keeps its log: first through the page cache only, then each with a timed fdatasync. Keeping
 * them matters on VMs whose host backs guest memory lazily (this one): writes into page-cache pages
 * freed a moment ago ran at 5 GB/s, sustained writes of new data at 0.4 GB/s, and the broker's log
 * only ever sees the second. Medians, and the spread of the buffered figure, are reported.
 */
export function measureDisk(bytes: number, repeats: number, dir = tmpdir()): DiskSpeed {
  const work = mkdtempSync(join(dir, 'samsa-disk-'));
  try {
    const chunk = Buffer.alloc(1 << 20, 0x5a);
    let n = 0;
    const once = (sync: boolean): number => {
      const fd = openSync(join(work, `probe-${n++}`), 'w');
      const start = process.hrtime.bigint();
      for (let done = 0; done < bytes; done += chunk.length) writeSync(fd, chunk, 0, chunk.length, done);
      if (sync) fdatasyncSync(fd);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      closeSync(fd);
      return bytes / 1e6 / seconds;
    };
    const buffered: number[] = [];
    const synced: number[] = [];
    for (let i = 0; i < repeats; i++) buffered.push(once(false));
    for (let i = 0; i < repeats; i++) synced.push(once(true));
    return {
      bufferedMBps: median(buffered),
      fdatasyncMBps: median(synced),
      bufferedRange: [Math.min(...buffered), Math.max(...buffered)],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function measureLoopback(seconds: number): Promise<LoopbackSpeed> {
  const port = await freePort();
  try {
    const server = runChild('iperf3', ['-s', '-1', '-B', '127.0.0.1', '-p', String(port)], (seconds + 20) * 1000);
    server.catch(() => undefined);
    await sleep(300);
    const client = await runChild(
      'iperf3',
      ['-c', '127.0.0.1', '-p', String(port), '-t', String(seconds), '-J'],
      (seconds + 15) * 1000,
    );
    await server;
    const bps = JSON.parse(client.stdout).end.sum_received.bits_per_second as number;
    if (!(bps > 0)) throw new Error('iperf3 reported nothing');
    return { MBps: bps / 8 / 1e6, tool: 'iperf3' };
  } catch {
    return { MBps: await nodePipe(seconds), tool: 'node net pipe (iperf3 unavailable)' };
  }
}

/** Fallback: one Node socket writing 1 MiB buffers to another over 127.0.0.1. */
async function nodePipe(seconds: number): Promise<number> {
  let received = 0;
  const server = createServer((s: Socket) => s.on('data', (d: Buffer) => (received += d.length)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const sock = createConnection({ host: '127.0.0.1', port });
  const chunk = Buffer.alloc(1 << 20);
  const end = Date.now() + seconds * 1000;
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (Date.now() < end) if (!sock.write(chunk)) return void sock.once('drain', pump);
      resolve();
    };
    sock.once('connect', pump);
  });
  const MBps = received / 1e6 / (Number(process.hrtime.bigint() - start) / 1e9);
  sock.destroy();
  server.close();
  return MBps;
}

/**
 * What the disk takes when every write is new data, as the log's are: the slowest buffered probe
 * run or the fdatasync figure, whichever is lower. The buffered median can be a run that landed in
 * recently freed page-cache memory (on this VM 5 GB/s against 0.4 for fresh memory).
 */
export function sustainedWriteMBps(disk: DiskSpeed): number {
  return Math.min(disk.bufferedRange[0], disk.fdatasyncMBps);
}

export interface PacedWriteLatency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * The disk and page cache alone at a broker's pace: `MBps` of new data for `seconds`, one write
 * every 5 ms (what a producer lingering 5 ms sends per request), each timed from when it was due
 * to when write(2) returned, so a stalled write also delays the ones queued behind it, as appends
 * queue behind each other in a broker. No network, no broker: the floor under the latency runs. The
 * file is left in `dir`, as the broker's log stays, for the caller to remove with it.
 */
export function pacedWriteLatency(dir: string, MBps: number, seconds: number): PacedWriteLatency {
  const periodMs = 5;
  const chunk = Buffer.alloc(Math.max(4096, Math.round((MBps * 1e6 * periodMs) / 1000)), 0x5a);
  const fd = openSync(join(mkdtempSync(join(dir, 'samsa-paced-')), 'paced'), 'w');
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const latencies: number[] = [];
  try {
    const start = performance.now();
    for (let i = 0, position = 0; i * periodMs < seconds * 1000; i++, position += chunk.length) {
      const due = start + i * periodMs;
      const early = due - performance.now();
      if (early > 0) Atomics.wait(nap, 0, 0, early);
      writeSync(fd, chunk, 0, chunk.length, position);
      latencies.push(performance.now() - due);
    }
  } finally {
    closeSync(fd);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: latencies.at(-1) ?? Number.NaN };
}
