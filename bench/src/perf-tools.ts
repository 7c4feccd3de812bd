/**
 * The perf tools beside the client they drive: `samsa producer-perf-test` and `samsa
 * consumer-perf-test` against @samsa/client's own figures from `npm run bench:clients` (its
 * `samsa` workload: sendBatch() with batchSize 1 MiB, consumer.batches() with 4 MiB per partition),
 * same records (1 KiB), same settings (acks=all, batch.size 1 MiB, --fetch-size 4 MiB), one broker,
 * one partition. A tool that costs more than the client it drives shows here as a ratio well
 * under 1. Each run is a fresh process of each, interleaved, topics of their own; medians.
 */
import { Admin, silentLogger } from '@samsa/client';
import { BrokerProcess } from './broker-process.js';
import { median, runChild } from './child.js';
import type { BenchOptions } from './options.js';
import { endedChildrenCpuSeconds } from './proc-stats.js';

export interface PerfToolRow {
  tool: 'producer-perf-test' | 'consumer-perf-test';
  records: number;
  recordSize: number;
  toolRecordsPerSec: number;
  clientRecordsPerSec: number;
  toolRuns: number[];
  clientRuns: number[];
  /** CPU seconds (user + system) of the whole process, start-up included; medians. */
  toolCpuSeconds: number;
  clientCpuSeconds: number;
}

const SIZE = 1024;

export async function runPerfTools(
  opts: BenchOptions,
  repoRoot: string,
  log: (line: string) => void,
): Promise<PerfToolRow[]> {
  // As many records as a produce run of the client benchmark (500,000 in a full run).
  const records = Math.round(opts.records[SIZE] / 2);
  const worker = `${repoRoot}/packages/client/dist/bench/clients/worker.js`;
  const bin = `${repoRoot}/bin/samsa`;
  const timeoutMs = 120_000 + records / 10;
  const broker = await BrokerProcess.start({
    repoRoot: opts.brokerRoot ?? repoRoot,
    nodeFlags: opts.brokerNodeFlags ?? undefined,
    overrides: { 'num.partitions': '1' },
  });
  const admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  type Series = 'produceTool' | 'produceClient' | 'consumeTool' | 'consumeClient';
  const series = (): Record<Series, number[]> => ({
    produceTool: [],
    produceClient: [],
    consumeTool: [],
    consumeClient: [],
  });
  const rates = series();
  const cpu = series();
  const node = async (which: Series, args: string[]): Promise<string> => {
    const before = endedChildrenCpuSeconds();
    const r = await runChild(process.execPath, args, timeoutMs);
    if (r.code !== 0)
      throw new Error(`${args.slice(0, 2).join(' ')} failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
    cpu[which].push(endedChildrenCpuSeconds() - before);
    return r.stdout;
  };
  try {
    for (let i = 0; i < opts.runs; i++) {
      const clientTopic = `perf-client-${i}`;
      const toolTopic = `perf-tool-${i}`;
      await admin.createTopics([
        { name: clientTopic, numPartitions: 1 },
        { name: toolTopic, numPartitions: 1 },
      ]);
      const clientArgs = ['samsa', broker.bootstrap, clientTopic, String(records), String(SIZE)];
      const produced = JSON.parse(lastLine(await node('produceClient', [worker, 'produce', ...clientArgs]))) as {
        seconds: number;
      };
      rates.produceClient.push(records / produced.seconds);
      const tool = await node('produceTool', [
        bin,
        'producer-perf-test',
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        toolTopic,
        '--num-records',
        String(records),
        '--record-size',
        String(SIZE),
        '--throughput',
        '-1',
        '--producer-props',
        'acks=all',
        'batch.size=1048576',
      ]);
      rates.produceTool.push(producerRate(tool, records));
      const consumed = JSON.parse(lastLine(await node('consumeClient', [worker, 'consume', ...clientArgs]))) as {
        seconds: number;
      };
      rates.consumeClient.push(records / consumed.seconds);
      const read = await node('consumeTool', [
        bin,
        'consumer-perf-test',
        '--bootstrap-server',
        broker.bootstrap,
        '--topic',
        toolTopic,
        '--messages',
        String(records),
        '--fetch-size',
        String(4 * 1_048_576),
      ]);
      rates.consumeTool.push(consumerRate(read, records));
      const f = (xs: number[]) => Math.round(xs.at(-1) ?? 0).toLocaleString('en-US');
      log(
        `  run ${i + 1}: producer-perf-test ${f(rates.produceTool)} rec/s (client ${f(rates.produceClient)}), consumer-perf-test ${f(rates.consumeTool)} (client ${f(rates.consumeClient)})`,
      );
    }
  } finally {
    await admin.close();
    await broker.stop();
  }
  const row = (tool: PerfToolRow['tool'], t: Series, c: Series): PerfToolRow => ({
    tool,
    records,
    recordSize: SIZE,
    toolRecordsPerSec: median(rates[t]),
    clientRecordsPerSec: median(rates[c]),
    toolRuns: rates[t],
    clientRuns: rates[c],
    toolCpuSeconds: median(cpu[t]),
    clientCpuSeconds: median(cpu[c]),
  });
  return [
    row('producer-perf-test', 'produceTool', 'produceClient'),
    row('consumer-perf-test', 'consumeTool', 'consumeClient'),
  ];
}

/** Absent in results written before CPU was measured. */
function cpuCell(r: PerfToolRow): string {
  return r.toolCpuSeconds === undefined ? '–' : `${r.toolCpuSeconds.toFixed(2)} / ${r.clientCpuSeconds.toFixed(2)}`;
}

function lastLine(s: string): string {
  return s.trimEnd().split('\n').pop() ?? '';
}

/** records/sec of Kafka's total line: `N records sent, X records/sec (...` */
export function producerRate(stdout: string, records: number): number {
  const m = /^(\d+) records sent, ([\d.]+) records\/sec .* ms 99\.9th\.$/m.exec(stdout);
  if (!m || Number(m[1]) !== records) throw new Error(`producer-perf-test printed no total for ${records}:\n${stdout}`);
  return Number(m[2]);
}

/** fetch.nMsg.sec of Kafka's row (the rate once the group is joined; no group here, so no join). */
export function consumerRate(stdout: string, records: number): number {
  const cols = lastLine(stdout).split(', ');
  if (cols.length !== 10 || Number(cols[4]) !== records)
    throw new Error(`consumer-perf-test printed no row for ${records}:\n${stdout}`);
  return Number(cols[9]);
}

export function renderPerfTools(rows: PerfToolRow[] | undefined): string[] {
  if (!rows || rows.length === 0) return [];
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  const mb = (n: number, size: number) => ((n * size) / 1_048_576).toFixed(1);
  const out = [
    '| perf tool, 1 KiB records, acks=all, batch.size / fetch 1 / 4 MiB | tool records/s | tool MB/s | @samsa/client records/s | client MB/s | tool / client | CPU s, tool / client | each run, tool / client |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const runs = r.toolRuns.map((t, i) => `${int(t)} / ${int(r.clientRuns[i] ?? Number.NaN)}`).join(', ');
    out.push(
      `| \`samsa ${r.tool}\` (${int(r.records)} records) | ${int(r.toolRecordsPerSec)} | ${mb(r.toolRecordsPerSec, r.recordSize)} | ${int(r.clientRecordsPerSec)} | ${mb(r.clientRecordsPerSec, r.recordSize)} | ${(r.toolRecordsPerSec / r.clientRecordsPerSec).toFixed(2)} | ${cpuCell(r)} | ${runs} |`,
    );
  }
  return out;
}
