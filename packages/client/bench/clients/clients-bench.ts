/**
 * `npm run bench:clients [-- --quick]`: @samsa/client against KafkaJS 2.2.4, @platformatic/kafka and
 * (when installed) @confluentinc/kafka-javascript, side by side against one Samsa broker (a child
 * process on a free port, temp data dir): producer and consumer records/s and MB/s for 100 B and
 * 1 KiB records, and @samsa/client's end-to-end latency at a fixed moderate rate. Every figure is the
 * median of 5 runs (1 with --quick), each producer and each consumer in a fresh worker process; runs interleave the
 * clients so a busy moment of the shared machine does not land on one client only. Prints the
 * markdown; a full run also writes bench/results/clients.md and clients.json (see plan.ts).
 *
 * A benchmark, not a test: nothing here asserts, but a client that loses records never finishes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@samsa/common';
import { Admin } from '../../src/admin/admin.js';
import { startBenchBroker } from './bench-broker.js';
import { loadConfluent } from './confluent-client.js';
import type { LatencyResult } from './latency.js';
import { type Plan, planFor } from './plan.js';
import { type Report, renderMarkdown, type ThroughputRow } from './report.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

function runWorker(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [WORKER, ...args], { timeout: 330_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`worker ${args.slice(0, 2).join(' ')} failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? 'null'));
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' / ');
}

async function main(): Promise<void> {
  const plan: Plan = planFor(process.argv.slice(2));
  const confluent = await loadConfluent();
  const clients = [
    'samsa',
    'samsa-send',
    'kafkajs',
    'platformatic',
    ...(typeof confluent === 'string' ? [] : ['confluent']),
    'fetch-loop',
  ];
  const loadBefore = loadavg();
  const broker = await startBenchBroker(REPO_ROOT);
  const raw = new Map<string, Array<{ produceSeconds: number; consumeSeconds: number }>>();
  const latencyRuns = new Map<number, LatencyResult[]>();
  let topicSeq = 0;
  // Topics are created up front: not every client asks for auto-creation.
  const admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  const createTopic = (name: string) => admin.createTopics([{ name, numPartitions: 1 }]);
  try {
    for (let run = 0; run < plan.runs; run++) {
      for (const size of plan.sizes) {
        const count = plan.records[size] as number;
        for (const client of clients) {
          const topic = `bench-${client}-${size}-${run}-${++topicSeq}`;
          await createTopic(topic);
          process.stderr.write(`run ${run + 1}/${plan.runs}: ${client}, ${count} × ${size} B\n`);
          const args = [client, broker.bootstrap, topic, String(count), String(size)];
          const produced = (await runWorker(['produce', ...args])) as { seconds: number };
          const consumed = (await runWorker(['consume', ...args])) as { seconds: number };
          const r = { produceSeconds: produced.seconds, consumeSeconds: consumed.seconds };
          const rate = (seconds: number) => Math.round(count / seconds).toLocaleString('en-US');
          process.stderr.write(`  produce ${rate(r.produceSeconds)} records/s, consume ${rate(r.consumeSeconds)}\n`);
          const key = `${client}/${size}`;
          raw.set(key, [...(raw.get(key) ?? []), r]);
        }
        process.stderr.write(`run ${run + 1}/${plan.runs}: latency, ${plan.latencyRate}/s × ${size} B\n`);
        await createTopic(`latency-${size}-${run}`);
        const lat = (await runWorker([
          'latency',
          broker.bootstrap,
          `latency-${size}-${run}`,
          String(plan.latencyRate),
          String(plan.latencySeconds),
          String(size),
        ])) as LatencyResult;
        latencyRuns.set(size, [...(latencyRuns.get(size) ?? []), lat]);
      }
    }
  } finally {
    await admin.close();
    await broker.stop();
  }
  const rows: ThroughputRow[] = [];
  for (const size of plan.sizes) {
    const count = plan.records[size] as number;
    for (const client of clients) {
      const runs = raw.get(`${client}/${size}`) ?? [];
      const produce = runs.map((r) => count / r.produceSeconds);
      const consume = runs.map((r) => count / r.consumeSeconds);
      rows.push({
        client,
        size,
        records: count,
        produceRecordsPerSec: median(produce),
        consumeRecordsPerSec: median(consume),
        produceRuns: produce,
        consumeRuns: consume,
      });
    }
  }
  const latency = plan.sizes.map((size) => {
    const runs = latencyRuns.get(size) ?? [];
    return {
      size,
      rate: plan.latencyRate,
      seconds: plan.latencySeconds,
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      max: median(runs.map((r) => r.max)),
      p99Runs: runs.map((r) => r.p99),
    };
  });
  const report: Report = {
    date: new Date().toISOString(),
    quick: plan.quick,
    runs: plan.runs,
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
    loadBefore,
    loadAfter: loadavg(),
    missing: typeof confluent === 'string' ? [confluent] : [],
    rows,
    latency,
  };
  const markdown = renderMarkdown(report);
  if (plan.outDir !== null) {
    const outDir = resolve(REPO_ROOT, plan.outDir);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'clients.md'), markdown);
    writeFileSync(join(outDir, 'clients.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
  process.stdout.write(markdown);
}

await main();
