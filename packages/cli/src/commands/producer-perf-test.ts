/**
 * `samsa producer-perf-test` — kafka-producer-perf-test.sh: sends --num-records records of
 * --record-size bytes (or payloads of --payload-file) at most --throughput per second (-1: no
 * limit), keeping as many unacknowledged as buffer.memory holds (perf-send-loop.ts). Prints Kafka's
 * lines: one per reporting interval (`N records sent, X records/sec (Y MB/sec), A ms avg latency,
 * M ms max latency.`), the total with percentiles, and with --print-metrics the producer's metrics.
 */
import { readFileSync } from 'node:fs';
import { type Acks, type CompressionName, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { type ConnectionFlags, producerConfig, readPropertiesFile } from '../cli/client-config.js';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import { ProducerStats, totalLine } from '../cli/latency.js';
import { metricsTable } from '../cli/metrics-table.js';
import { int, keyValues, outputOption, required, tool } from '../cli/options.js';
import { sendAll } from '../cli/perf-send-loop.js';
import { probe } from '../cli/probe.js';
import { type Context, runTool } from '../cli/run.js';
import { securityOf } from '../cli/security-config.js';

interface Opts extends ConnectionFlags {
  output: string;
  topic?: string;
  numRecords?: number;
  recordSize?: number;
  payloadFile?: string;
  payloadDelimiter: string;
  throughput?: number;
  producerProps?: string[];
  /** Commander keeps the dot: --producer.config lands under this key. */
  'producer.config'?: string;
  printMetrics?: boolean;
  reportingInterval: number;
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
      .option('--print-metrics', "Print the producer's metrics at the end.")
      .option(
        '--reporting-interval <ms>',
        'How often to print the interval line (not a Kafka flag: its tool prints every 5000 ms).',
        int('--reporting-interval'),
        5000,
      )
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
  // Kafka's tool takes any negative rate as no limit, and 0 as a rate it waits on forever.
  if (throughput === 0) throw new UsageError('--throughput must be a positive rate, or -1 for no limit');
  if (opts.recordSize !== undefined && opts.recordSize < 0) throw new UsageError('--record-size must not be negative');
  if (opts.reportingInterval < 1) throw new UsageError('--reporting-interval must be at least 1');
  if ((opts.recordSize === undefined) === (opts.payloadFile === undefined))
    throw new UsageError('Exactly one of --record-size or --payload-file is required');
  const file = opts['producer.config'] ?? opts.commandConfig;
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
  await probe(servers, opts.timeout ?? 5000, securityOf(props));
  const { bootstrapServers: _b, ...config } = producerConfig({ bootstrapServer: servers }, props, silentLogger, (s) =>
    out.warn(s),
  );
  const producer = new Producer({
    ...config,
    bootstrapServers: servers,
    // Kafka's tool names its client so unless client.id is given.
    clientId: props['client.id'] ?? 'perf-producer-client',
    acks: (config.acks ?? -1) as Acks,
    compressionType: config.compressionType as CompressionName | undefined,
  });
  onClose(() => producer.close({ timeoutMs: 5000 }));
  // Metadata first, so an unknown topic or a dead leader fails here rather than as n errors.
  await producer.partitionsFor(topic);

  const start = Date.now();
  const stats = new ProducerStats(n, start, opts.reportingInterval, out.json ? null : (line) => out.line(line));
  let errors = 0;
  let firstError: unknown = null;
  await sendAll({
    producer,
    topic,
    numRecords: n,
    throughput,
    payloads,
    batchSize: config.batchSize ?? DEFAULT_BATCH_SIZE,
    bufferMemory: bufferMemoryOf(producer),
    onAck: (latencyMs, records, bytes, now) => stats.record(latencyMs, records, bytes, now),
    onError: (records, err) => {
      errors += records;
      firstError ??= err;
    },
  });
  const totals = stats.totals(Date.now());
  const metrics = opts.printMetrics ? producer.metrics() : null;
  if (out.json) {
    out.printJson({
      ...totals,
      errors,
      ...(metrics ? { metrics: Object.fromEntries(metrics.map((m) => [`${m.group}:${m.name}`, m.value])) } : {}),
    });
  } else {
    out.line(totalLine(totals));
    for (const line of metrics ? metricsTable(metrics) : []) out.line(line);
  }
  if (errors > 0) {
    out.error(`${errors} records failed: ${(firstError as Error)?.message ?? String(firstError)}`);
    return EXIT.refused;
  }
  return EXIT.ok;
}

/** Kafka's producer default for batch.size. */
const DEFAULT_BATCH_SIZE = 16_384;

/** buffer.memory as the producer took it (its default when not configured). */
function bufferMemoryOf(producer: Producer): number {
  return producer.metrics().find((m) => m.name === 'buffer-total-bytes')?.value ?? 33_554_432;
}
