/**
 * `samsa consumer-perf-test` — kafka-consumer-perf-test.sh: reads --messages records (from the
 * beginning unless --from-latest) through the consumer's batch path (pollBatch: a whole fetched
 * partition per call) and prints Kafka's lines: the header, then the summary (start.time,
 * end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
 * fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec), or with --show-detailed-stats a line per
 * --reporting-interval instead (totals so far, rates of the interval); --print-metrics adds the
 * consumer's metrics. Differs from Kafka's tool in one way: without --group the partitions are
 * assigned (no group, no rebalance); Kafka's tool joins a random group.
 */
import { Consumer, type ConsumerRecord } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { type ConnectionFlags, consumerConfig, readPropertiesFile } from '../cli/client-config.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { metricsTable } from '../cli/metrics-table.js';
import { int, keyValues, outputOption, repeated, required, tool } from '../cli/options.js';
import { probe } from '../cli/probe.js';
import { type Context, runTool } from '../cli/run.js';
import { securityOf } from '../cli/security-config.js';

interface Opts extends ConnectionFlags {
  output: string;
  topic?: string;
  messages?: number;
  group?: string;
  fromLatest?: boolean;
  timeout: number;
  consumerProperty?: string[];
  /** Commander keeps the dot: --consumer.config lands under this key. */
  'consumer.config'?: string;
  hideHeader?: boolean;
  showDetailedStats?: boolean;
  reportingInterval: number;
  fetchSize?: number;
  printMetrics?: boolean;
}

function command() {
  return outputOption(
    tool('consumer-perf-test', 'Measure consumer throughput (kafka-consumer-perf-test.sh).')
      .option('--bootstrap-server <servers>', 'REQUIRED: the broker(s) to connect to.')
      .option('--broker-list <servers>', 'Deprecated alias of --bootstrap-server.')
      .option('--topic <topic>', 'REQUIRED: the topic to consume.')
      .option('--messages <n>', 'REQUIRED: how many records to consume.', int('--messages'))
      .option('--group <id>', 'Consume as this group (default: assign partitions, no group).')
      .option('--from-latest', 'Start at the end of the topic instead of the beginning.')
      .option('--timeout <ms>', 'Give up when no record arrived for this long.', int('--timeout'), 10_000)
      .option('--fetch-size <bytes>', 'max.partition.fetch.bytes.', int('--fetch-size'))
      .option('--consumer-property <k=v>', 'A consumer config (repeatable).', repeated)
      .option('--consumer.config <file>', 'Consumer configs from a properties file.')
      .option('--command-config <file>', 'Alias of --consumer.config.')
      .option('--hide-header', 'Do not print the header line.')
      .option('--print-metrics', "Print the consumer's metrics at the end.")
      .option('--show-detailed-stats', 'Print a line every --reporting-interval.')
      .option('--reporting-interval <ms>', 'Interval of detailed stats.', int('--reporting-interval'), 5000),
  );
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, perf, { watchdogMs: () => null });
}

const FIELDS =
  'data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';
const HEADER = `start.time, end.time, ${FIELDS}`;
const DETAILED_HEADER = `time, threadId, ${FIELDS}`;
const MB = 1024 * 1024;

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}:${p(d.getMilliseconds(), 3)}`;
}

const f4 = (x: number) => (Number.isFinite(x) ? x : 0).toFixed(4);

async function perf({ opts, out, onClose }: Context<Opts>): Promise<number> {
  const topic = required(opts.topic, '--topic');
  const messages = required(opts.messages, '--messages');
  if (messages < 1) throw new UsageError('--messages must be at least 1');
  if (opts.reportingInterval < 1) throw new UsageError('--reporting-interval must be at least 1');
  const servers = opts.bootstrapServer ?? (opts as { brokerList?: string }).brokerList;
  if (!servers) throw new UsageError('Missing required argument "--bootstrap-server"');
  const file = opts['consumer.config'] ?? opts.commandConfig;
  const props = {
    ...(file ? readPropertiesFile(file) : {}),
    ...keyValues(opts.consumerProperty, '--consumer-property'),
  };
  if (opts.fetchSize !== undefined) props['max.partition.fetch.bytes'] = String(opts.fetchSize);
  await probe(servers, Math.min(opts.timeout, 5000), securityOf(props));
  if (!opts.hideHeader && !out.json) out.line(opts.showDetailedStats ? DETAILED_HEADER : HEADER);
  // As Kafka's tool: the clock starts before the group is joined; the join is rebalance.time.ms.
  const start = Date.now();
  let joinMs = 0;
  let joinInRound = 0;
  const config = consumerConfig({ bootstrapServer: servers }, props, silentLogger, (s) => out.warn(s));
  // max.poll.records per call, as Kafka's poll() returns: a whole multi-megabyte fetch at once
  // would hold thousands of records alive together for no gain.
  const maxPollRecords = config.maxPollRecords ?? 500;
  const consumer = new Consumer({
    ...config,
    clientId: props['client.id'] ?? 'perf-consumer-client',
    autoOffsetReset: opts.fromLatest ? 'latest' : 'earliest',
    ...(opts.group ? { groupId: opts.group } : {}),
  });
  onClose(() => consumer.close({ timeoutMs: 5000 }));
  if (opts.group) {
    let assigned = 0;
    let joinStart = start;
    await consumer.subscribe([topic], {
      onPartitionsRevoked: (tps) => {
        assigned -= tps.length;
        if (assigned <= 0) joinStart = Date.now();
      },
      onPartitionsAssigned: (tps) => {
        if (assigned <= 0) {
          joinMs += Date.now() - joinStart;
          joinInRound += Date.now() - joinStart;
        }
        assigned += tps.length;
      },
    });
  } else {
    // The consumer's own metadata, on the connection it reads through: no second client to set up.
    const { partitions } = await consumer.cluster.topic(topic, opts.timeout);
    consumer.assign(partitions.map((p) => ({ topic, partition: p.partition })));
  }
  let count = 0;
  let bytes = 0;
  let lastConsumedAt = Date.now();
  let lastReportAt = start;
  let lastReportCount = 0;
  let lastReportBytes = 0;
  while (count < messages) {
    const left = opts.timeout - (Date.now() - lastConsumedAt);
    if (left < 0) {
      out.info(
        `WARNING: Exiting before consuming the expected number of messages: timeout (${opts.timeout} ms) exceeded. You can use the --timeout option to increase the timeout.`,
      );
      break;
    }
    // The consumer's fastest path: a partition's buffered records as one batch, no per-record wait.
    const batch = await consumer.pollBatch({
      timeoutMs: Math.min(Math.max(left, 1), 100),
      maxRecords: Math.min(maxPollRecords, messages - count),
    });
    if (!batch) break;
    const now = Date.now();
    const records = batch.records;
    if (records.length === 0) continue;
    lastConsumedAt = now;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as ConsumerRecord<Buffer | null, Buffer | null>;
      bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    }
    count += records.length;
    if (now - lastReportAt >= opts.reportingInterval) {
      if (opts.showDetailedStats && !out.json) {
        const ms = now - lastReportAt;
        const fetchMs = ms - joinInRound;
        const mb = (bytes - lastReportBytes) / MB;
        const n = count - lastReportCount;
        out.line(
          `${stamp(now)}, 0, ${f4(bytes / MB)}, ${f4((1000 * mb) / ms)}, ${count}, ${f4((1000 * n) / ms)}, ${joinInRound}, ${fetchMs}, ${f4(fetchMs <= 0 ? 0 : (1000 * mb) / fetchMs)}, ${f4(fetchMs <= 0 ? 0 : (1000 * n) / fetchMs)}`,
        );
      }
      joinInRound = 0;
      lastReportAt = now;
      lastReportCount = count;
      lastReportBytes = bytes;
    }
  }
  const end = Date.now();
  const metrics = opts.printMetrics ? consumer.metrics() : null;
  const seconds = (end - start) / 1000;
  const fetchMs = end - start - joinMs;
  const mb = bytes / MB;
  const row = {
    startTime: stamp(start),
    endTime: stamp(end),
    mb,
    mbPerSec: mb / seconds,
    messages: count,
    messagesPerSec: count / seconds,
    rebalanceTimeMs: joinMs,
    fetchTimeMs: fetchMs,
    fetchMbPerSec: mb / (fetchMs / 1000),
    fetchMessagesPerSec: count / (fetchMs / 1000),
  };
  if (out.json) {
    out.printJson({
      ...row,
      ...(metrics ? { metrics: Object.fromEntries(metrics.map((m) => [`${m.group}:${m.name}`, m.value])) } : {}),
    });
  } else {
    if (!opts.showDetailedStats)
      out.line(
        `${row.startTime}, ${row.endTime}, ${f4(row.mb)}, ${f4(row.mbPerSec)}, ${row.messages}, ${f4(row.messagesPerSec)}, ${row.rebalanceTimeMs}, ${row.fetchTimeMs}, ${f4(row.fetchMbPerSec)}, ${f4(row.fetchMessagesPerSec)}`,
      );
    for (const line of metrics ? metricsTable(metrics) : []) out.line(line);
  }
  return count < messages ? EXIT.refused : EXIT.ok;
}
