/**
 * `samsa consumer-perf-test` — kafka-consumer-perf-test.sh: reads --messages records (from the
 * beginning unless --from-latest) and prints Kafka's CSV-like summary: start.time, end.time,
 * data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms,
 * fetch.MB.sec, fetch.nMsg.sec. Without --group the partitions are assigned (no rebalance).
 */
import { Admin, Consumer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { type ConnectionFlags, consumerConfig, readPropertiesFile } from '../cli/client-config.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { mbPerSec } from '../cli/latency.js';
import { int, keyValues, outputOption, repeated, required, tool } from '../cli/options.js';
import { probe } from '../cli/probe.js';
import { type Context, runTool } from '../cli/run.js';

interface Opts extends ConnectionFlags {
  output: string;
  topic?: string;
  messages?: number;
  group?: string;
  fromLatest?: boolean;
  timeout: number;
  consumerProperty?: string[];
  consumerConfig?: string;
  hideHeader?: boolean;
  showDetailedStats?: boolean;
  reportingInterval: number;
  fetchSize?: number;
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
      .option('--show-detailed-stats', 'Print a line every --reporting-interval.')
      .option('--reporting-interval <ms>', 'Interval of detailed stats.', int('--reporting-interval'), 5000),
  );
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, perf, { watchdogMs: () => null });
}

const HEADER =
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}:${p(d.getMilliseconds(), 3)}`;
}

async function perf({ opts, out, onClose }: Context<Opts>): Promise<number> {
  const topic = required(opts.topic, '--topic');
  const messages = required(opts.messages, '--messages');
  const servers = opts.bootstrapServer ?? (opts as { brokerList?: string }).brokerList;
  if (!servers) throw new UsageError('Missing required argument "--bootstrap-server"');
  const file = opts.consumerConfig ?? opts.commandConfig;
  const props = {
    ...(file ? readPropertiesFile(file) : {}),
    ...keyValues(opts.consumerProperty, '--consumer-property'),
  };
  if (opts.fetchSize !== undefined) props['max.partition.fetch.bytes'] = String(opts.fetchSize);
  await probe(servers, Math.min(opts.timeout, 5000));
  const start = Date.now();
  const consumer = new Consumer({
    ...consumerConfig({ bootstrapServer: servers }, props, silentLogger, (s) => out.warn(s)),
    clientId: 'perf-consumer-client',
    autoOffsetReset: opts.fromLatest ? 'latest' : 'earliest',
    ...(opts.group ? { groupId: opts.group } : {}),
  });
  onClose(() => consumer.close({ timeoutMs: 5000 }));
  if (opts.group) await consumer.subscribe([topic]);
  else {
    const admin = new Admin({ bootstrapServers: servers, defaultApiTimeoutMs: 5000, logger: silentLogger });
    try {
      const [d] = await admin.describeTopics([topic]);
      consumer.assign((d?.partitions ?? []).map((p) => ({ topic, partition: p.partition })));
    } finally {
      await admin.close();
    }
  }
  let count = 0;
  let bytes = 0;
  let firstFetch = 0;
  let lastRecordAt = Date.now();
  let lastReport = Date.now();
  let reportCount = 0;
  let reportBytes = 0;
  if (opts.showDetailedStats && !opts.hideHeader && !out.json)
    out.line(
      'time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
    );
  while (count < messages) {
    const left = opts.timeout - (Date.now() - lastRecordAt);
    if (left <= 0) {
      out.warn(`Exiting before consuming the expected number of messages: timeout (${opts.timeout} ms) exceeded.`);
      break;
    }
    const batch = await consumer.pollBatch({ timeoutMs: Math.min(left, 1000), maxRecords: messages - count });
    if (!batch) break;
    if (batch.records.length === 0) continue;
    if (firstFetch === 0) firstFetch = Date.now();
    lastRecordAt = Date.now();
    for (const r of batch.records) {
      const size = (r.key?.length ?? 0) + (r.value?.length ?? 0);
      bytes += size;
      reportBytes += size;
    }
    count += batch.records.length;
    reportCount += batch.records.length;
    const now = Date.now();
    out.progress(`${count}/${messages} records, ${(bytes / 1048576).toFixed(2)} MB`);
    if (opts.showDetailedStats && now - lastReport >= opts.reportingInterval) {
      const ms = now - lastReport;
      out.line(
        `${stamp(now)}, 0, ${(reportBytes / 1048576).toFixed(4)}, ${mbPerSec(reportBytes, ms).toFixed(4)}, ${reportCount}, ${((reportCount * 1000) / ms).toFixed(4)}, 0, ${ms}, ${mbPerSec(reportBytes, ms).toFixed(4)}, ${((reportCount * 1000) / ms).toFixed(4)}`,
      );
      lastReport = now;
      reportCount = 0;
      reportBytes = 0;
    }
  }
  const end = Date.now();
  const elapsed = end - start;
  const rebalance = firstFetch > 0 ? firstFetch - start : 0;
  const fetchMs = Math.max(1, end - (firstFetch || start));
  const row = {
    startTime: stamp(start),
    endTime: stamp(end),
    mb: bytes / 1048576,
    mbPerSec: mbPerSec(bytes, elapsed),
    messages: count,
    messagesPerSec: (count * 1000) / Math.max(1, elapsed),
    rebalanceTimeMs: rebalance,
    fetchTimeMs: fetchMs,
    fetchMbPerSec: mbPerSec(bytes, fetchMs),
    fetchMessagesPerSec: (count * 1000) / fetchMs,
  };
  out.clearProgress();
  if (out.json) out.printJson(row);
  else {
    if (!opts.hideHeader && !opts.showDetailedStats) out.line(HEADER);
    if (!opts.showDetailedStats)
      out.line(
        `${row.startTime}, ${row.endTime}, ${row.mb.toFixed(4)}, ${row.mbPerSec.toFixed(4)}, ${row.messages}, ${row.messagesPerSec.toFixed(4)}, ${row.rebalanceTimeMs}, ${row.fetchTimeMs}, ${row.fetchMbPerSec.toFixed(4)}, ${row.fetchMessagesPerSec.toFixed(4)}`,
      );
  }
  return count < messages ? EXIT.refused : EXIT.ok;
}
