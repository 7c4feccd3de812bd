/**
 * `samsa producer-perf-test` — kafka-producer-perf-test.sh: sends --num-records records of
 * --record-size bytes (or lines of --payload-file) at most --throughput per second (-1: no limit),
 * then prints Kafka's summary line. On a terminal a live progress line shows what was sent so far.
 */
import { readFileSync } from 'node:fs';
import { type Acks, type CompressionName, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { type ConnectionFlags, producerConfig, readPropertiesFile } from '../cli/client-config.js';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { LatencyStats, mbPerSec } from '../cli/latency.js';
import { int, keyValues, outputOption, required, tool } from '../cli/options.js';
import { probe } from '../cli/probe.js';
import { type Context, runTool } from '../cli/run.js';

interface Opts extends ConnectionFlags {
  output: string;
  topic?: string;
  numRecords?: number;
  recordSize?: number;
  payloadFile?: string;
  payloadDelimiter: string;
  throughput?: number;
  producerProps?: string[];
  producerConfig?: string;
  printMetrics?: boolean;
}

function command() {
  return outputOption(
    tool('producer-perf-test', 'Measure producer throughput and latency (kafka-producer-perf-test.sh).')
      .option('--bootstrap-server <servers>', 'The broker(s) (or bootstrap.servers in --producer-props).')
      .option('--topic <topic>', 'REQUIRED: the topic to produce to.')
      .option('--num-records <n>', 'REQUIRED: how many records to send.', int('--num-records'))
      .option('--record-size <bytes>', 'Record size in bytes (or --payload-file).', int('--record-size'))
      .option('--payload-file <file>', 'Send lines of this file (chosen at random) instead of fixed-size records.')
      .option('--payload-delimiter <s>', 'Separator of payloads in --payload-file.', '\n')
      .option(
        '--throughput <n>',
        'REQUIRED: at most this many records per second; -1 for no limit.',
        int('--throughput'),
      )
      .option('--producer-props <k=v...>', 'Producer configs, e.g. acks=1 linger.ms=5 (space separated).')
      .option('--producer.config <file>', 'Producer configs from a properties file.')
      .option('--command-config <file>', 'Alias of --producer.config.')
      .option('--print-metrics', 'Accepted for compatibility.')
      .option('--timeout <ms>', 'How long to wait for the broker at startup.', int('--timeout'), 5000),
  );
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, perf, { watchdogMs: () => null });
}

async function perf({ opts, out, onClose }: Context<Opts>): Promise<number> {
  const topic = required(opts.topic, '--topic');
  const n = required(opts.numRecords, '--num-records');
  const throughput = required(opts.throughput, '--throughput');
  if (n < 1) throw new UsageError('--num-records must be at least 1');
  if ((opts.recordSize === undefined) === (opts.payloadFile === undefined))
    throw new UsageError('Exactly one of --record-size or --payload-file is required');
  const file = opts.producerConfig ?? opts.commandConfig;
  const props = { ...(file ? readPropertiesFile(file) : {}), ...keyValues(opts.producerProps, '--producer-props') };
  const servers = opts.bootstrapServer ?? props['bootstrap.servers'];
  if (!servers)
    throw new UsageError('Missing required argument "--bootstrap-server" (or bootstrap.servers in --producer-props)');
  let payloads: Buffer[];
  if (opts.payloadFile) {
    let text: string;
    try {
      text = readFileSync(opts.payloadFile, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${opts.payloadFile}: ${(err as Error).message}`, EXIT.usage);
    }
    payloads = text
      .split(opts.payloadDelimiter)
      .filter((s) => s.length > 0)
      .map((s) => Buffer.from(s));
    if (payloads.length === 0) throw new CliError(`${opts.payloadFile} holds no payloads`, EXIT.usage);
  } else {
    // Random uppercase letters, as Kafka's tool does.
    const b = Buffer.alloc(opts.recordSize as number);
    for (let i = 0; i < b.length; i++) b[i] = 65 + Math.floor(Math.random() * 26);
    payloads = [b];
  }
  await probe(servers, opts.timeout ?? 5000);
  const { bootstrapServers: _b, ...config } = producerConfig({ bootstrapServer: servers }, props, silentLogger, (s) =>
    out.warn(s),
  );
  const producer = new Producer({
    ...config,
    bootstrapServers: servers,
    clientId: 'perf-producer-client',
    acks: (config.acks ?? -1) as Acks,
    compressionType: config.compressionType as CompressionName | undefined,
  });
  onClose(() => producer.close({ timeoutMs: 5000 }));

  const stats = new LatencyStats(n);
  let window = new LatencyStats(n);
  let windowStart = Date.now();
  const start = Date.now();
  let errors = 0;
  let firstError: unknown = null;
  const pending = new Set<Promise<void>>();
  const ticker = setInterval(() => {
    const now = Date.now();
    out.progress(`${stats.count}/${n} records sent, ${summary(window, now - windowStart)}`);
    if (!out.tty) return;
    window = new LatencyStats(n);
    windowStart = now;
  }, 500);
  onClose(() => clearInterval(ticker));
  for (let i = 0; i < n; i++) {
    if (throughput > 0) {
      const due = start + (i * 1000) / throughput;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    const value =
      payloads.length === 1
        ? (payloads[0] as Buffer)
        : (payloads[Math.floor(Math.random() * payloads.length)] as Buffer);
    const sentAt = Date.now();
    const p = producer.send({ topic, value }).then(
      () => {
        const latency = Date.now() - sentAt;
        stats.record(latency, value.length);
        window.record(latency, value.length);
      },
      (err) => {
        errors++;
        firstError ??= err;
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
    if (pending.size >= 20_000) await Promise.race(pending);
  }
  await Promise.all(pending);
  const elapsed = Date.now() - start;
  clearInterval(ticker);
  out.clearProgress();
  const [p50, p95, p99, p999] = stats.percentiles([0.5, 0.95, 0.99, 0.999]);
  const recsPerSec = (stats.count * 1000) / Math.max(1, elapsed);
  if (out.json)
    out.printJson({
      records: stats.count,
      errors,
      recordsPerSec: recsPerSec,
      mbPerSec: mbPerSec(stats.bytes, elapsed),
      avgLatencyMs: stats.avg,
      maxLatencyMs: stats.max,
      p50,
      p95,
      p99,
      p999,
    });
  else
    out.line(
      `${stats.count} records sent, ${summary(stats, elapsed)}, ${p50} ms 50th, ${p95} ms 95th, ${p99} ms 99th, ${p999} ms 99.9th.`,
    );
  if (errors > 0) {
    out.error(`${errors} records failed: ${(firstError as Error)?.message}`);
    return EXIT.refused;
  }
  return EXIT.ok;
}

function summary(s: LatencyStats, ms: number): string {
  const rate = (s.count * 1000) / Math.max(1, ms);
  return `${rate.toFixed(1)} records/sec (${mbPerSec(s.bytes, ms).toFixed(2)} MB/sec), ${s.avg.toFixed(2)} ms avg latency, ${s.max.toFixed(2)} ms max latency`;
}
