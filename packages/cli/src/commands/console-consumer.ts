/**
 * `samsa console-consumer` — kafka-console-consumer.sh: prints records as Kafka's
 * DefaultMessageFormatter does (value; with print.timestamp/partition/offset/headers/key, those
 * first, key.separator between), or one JSON object per line with `--formatter json` or
 * `--output json`. Without --group the partitions are assigned directly (no group is created);
 * with --group the consumer joins it and commits what it printed. Ends at --max-messages, after
 * --timeout-ms without a record, or on Ctrl-C, and says how many records it processed.
 */
import { Admin, Consumer, type ConsumerConfig, type ConsumerRecord, type TopicPartition } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { Option } from 'commander';
import { consumerConfig, readPropertiesFile } from '../cli/client-config.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { int, keyValues, repeated, tool } from '../cli/options.js';
import { probe } from '../cli/probe.js';
import { type Context, runTool } from '../cli/run.js';
import { type ClientSecurity, securityOf } from '../cli/security-config.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  /** Commander keeps the dot: --consumer.config lands under this key. */
  'consumer.config'?: string;
  topic?: string;
  include?: string;
  whitelist?: string;
  fromBeginning?: boolean;
  partition?: number;
  offset: string;
  group?: string;
  maxMessages?: number;
  timeoutMs?: number;
  property?: string[];
  consumerProperty?: string[];
  isolationLevel?: 'read_uncommitted' | 'read_committed';
  formatter?: string;
  output?: string;
  skipMessageOnError?: boolean;
  timeout?: number;
}

function command() {
  return tool('console-consumer', 'Print records from a topic to standard output (kafka-console-consumer.sh).')
    .option('--bootstrap-server <servers>', 'REQUIRED: the broker(s) to connect to.')
    .option('--topic <topic>', 'The topic to consume.')
    .option('--include <regex>', 'Consume every topic matching this regular expression.')
    .addOption(new Option('--whitelist <regex>', 'Deprecated alias of --include.').hideHelp())
    .option('--from-beginning', 'Start at the earliest offset when there is no committed one (default: the end).')
    .option('--partition <n>', 'Consume only this partition (of --topic).', int('--partition'))
    .option('--offset <offset>', "With --partition: 'earliest', 'latest' or an offset.", 'latest')
    .option('--group <id>', 'Join this consumer group (and commit offsets).')
    .option('--max-messages <n>', 'Exit after this many records.', int('--max-messages'))
    .option('--timeout-ms <ms>', 'Exit when no record arrived for this long.', int('--timeout-ms'))
    .option(
      '--property <name=value>',
      'Formatter settings: print.key, print.offset, key.separator, ... (repeatable).',
      repeated,
    )
    .option('--consumer-property <name=value>', 'A consumer config, e.g. fetch.max.wait.ms=100 (repeatable).', repeated)
    .option('--consumer.config <file>', 'Consumer configs from a properties file.')
    .option('--command-config <file>', 'Alias of --consumer.config.')
    .addOption(
      new Option('--isolation-level <level>', 'read_committed hides aborted transactional records.').choices([
        'read_uncommitted',
        'read_committed',
      ]),
    )
    .option('--formatter <name>', "'default' (Kafka's DefaultMessageFormatter) or 'json' (one object per line).")
    .addOption(new Option('--output <format>', 'text or json (as --formatter json).').choices(['text', 'json']))
    .option('--skip-message-on-error', 'Accepted for compatibility (records that cannot be printed are skipped).')
    .option('--timeout <ms>', 'How long to wait for the broker to answer at startup.', int('--timeout'), 5000);
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, consume, { watchdogMs: () => null });
}

interface Format {
  json: boolean;
  printKey: boolean;
  printValue: boolean;
  printPartition: boolean;
  printOffset: boolean;
  printTimestamp: boolean;
  printHeaders: boolean;
  keySeparator: string;
  lineSeparator: string;
  headersSeparator: string;
  nullLiteral: string;
}

function formatOf(opts: Opts, props: Record<string, string>): Format {
  const f = (opts.formatter ?? 'default').toLowerCase();
  const json = opts.output === 'json' || f === 'json' || f.endsWith('jsonmessageformatter');
  if (!json && f !== 'default' && !f.endsWith('defaultmessageformatter'))
    throw new UsageError(`--formatter must be 'default' or 'json', got '${opts.formatter}'`);
  const esc = (s: string) => s.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  return {
    json,
    printKey: props['print.key'] === 'true',
    printValue: props['print.value'] !== 'false',
    printPartition: props['print.partition'] === 'true',
    printOffset: props['print.offset'] === 'true',
    printTimestamp: props['print.timestamp'] === 'true',
    printHeaders: props['print.headers'] === 'true',
    keySeparator: esc(props['key.separator'] ?? '\t'),
    lineSeparator: esc(props['line.separator'] ?? '\n'),
    headersSeparator: esc(props['headers.separator'] ?? ','),
    nullLiteral: props['null.literal'] ?? 'null',
  };
}

export function formatRecord(r: ConsumerRecord, f: Format): string {
  const text = (b: Buffer | null) => (b === null ? f.nullLiteral : b.toString('utf8'));
  if (f.json) {
    return `${JSON.stringify({
      topic: r.topic,
      partition: r.partition,
      offset: Number(r.offset),
      timestamp: r.timestamp,
      headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value === null ? null : h.value.toString('utf8')])),
      key: r.key === null ? null : r.key.toString('utf8'),
      value: r.value === null ? null : r.value.toString('utf8'),
    })}\n`;
  }
  const parts: string[] = [];
  if (f.printTimestamp) parts.push(r.timestamp >= 0 ? `CreateTime:${r.timestamp}` : 'NO_TIMESTAMP');
  if (f.printPartition) parts.push(`Partition:${r.partition}`);
  if (f.printOffset) parts.push(`Offset:${r.offset}`);
  if (f.printHeaders)
    parts.push(
      r.headers.length === 0
        ? 'NO_HEADERS'
        : r.headers.map((h) => `${h.key}:${text(h.value)}`).join(f.headersSeparator),
    );
  if (f.printKey) parts.push(text(r.key));
  if (f.printValue) parts.push(text(r.value));
  return parts.join(f.keySeparator) + f.lineSeparator;
}

async function consume({ opts, out, onClose }: Context<Opts>): Promise<number> {
  const servers = opts.bootstrapServer;
  if (!servers) throw new UsageError('Missing required argument "--bootstrap-server"');
  const include = opts.include ?? opts.whitelist;
  if ((opts.topic === undefined) === (include === undefined))
    throw new UsageError('Exactly one of --topic or --include is required');
  if (opts.partition !== undefined && opts.topic === undefined) throw new UsageError('--partition needs --topic');
  if (opts.partition !== undefined && opts.group !== undefined)
    throw new UsageError('--partition cannot be combined with --group');
  if (opts.partition !== undefined && opts.fromBeginning && opts.offset !== 'latest')
    throw new UsageError('--from-beginning cannot be combined with --offset');
  const offsetSpec = parseOffset(opts.offset, opts.partition !== undefined);
  let includeRe: RegExp | undefined;
  if (include !== undefined) {
    try {
      includeRe = new RegExp(`^(?:${include})$`);
    } catch (err) {
      throw new UsageError(`--include is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  const format = formatOf(opts, keyValues(opts.property, '--property'));
  const file = opts['consumer.config'] ?? opts.commandConfig;
  const extra = {
    ...(file ? readPropertiesFile(file) : {}),
    ...keyValues(opts.consumerProperty, '--consumer-property'),
  };
  const timeout = opts.timeout ?? 5000;
  await probe(servers, timeout, securityOf(extra));

  const config: ConsumerConfig = {
    ...consumerConfig({ bootstrapServer: servers }, extra, silentLogger, (s) => out.warn(s)),
    autoOffsetReset: opts.fromBeginning || offsetSpec === 'earliest' ? 'earliest' : 'latest',
    ...(opts.group !== undefined ? { groupId: opts.group } : {}),
    ...(opts.isolationLevel ? { isolationLevel: opts.isolationLevel } : {}),
  };
  if (extra['auto.offset.reset'] && !opts.fromBeginning)
    config.autoOffsetReset = extra['auto.offset.reset'] as 'earliest';
  const consumer = new Consumer(config);
  let stopped = false;
  const abort = new AbortController();
  const stop = () => {
    stopped = true;
    abort.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  onClose(async () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await consumer.close({ timeoutMs: 5000 });
  });

  const deadlineFromNow = () => (opts.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeoutMs);
  let idleDeadline = deadlineFromNow();
  if (opts.group !== undefined) {
    await consumer.subscribe(includeRe ?? [opts.topic as string]);
  } else {
    const partitions = await waitForPartitions(
      servers,
      timeout,
      opts,
      includeRe,
      idleDeadline,
      abort.signal,
      securityOf(extra),
    );
    if (partitions === null) return finish(0);
    consumer.assign(partitions);
    if (typeof offsetSpec === 'bigint') for (const tp of partitions) consumer.seek(tp, offsetSpec);
  }

  let count = 0;
  function finish(n: number): number {
    out.info(`Processed a total of ${n} messages`);
    return EXIT.ok;
  }
  while (!stopped) {
    const left = idleDeadline - Date.now();
    if (left <= 0) break;
    let batch: Awaited<ReturnType<Consumer['pollBatch']>>;
    try {
      batch = await consumer.pollBatch({ timeoutMs: Math.min(left, 1000), signal: abort.signal });
    } catch (err) {
      if (stopped) break;
      throw err;
    }
    if (!batch) break;
    if (batch.records.length === 0) continue;
    idleDeadline = deadlineFromNow();
    let chunk = '';
    let last: ConsumerRecord | undefined;
    for (const r of batch.records) {
      chunk += formatRecord(r, format);
      last = r;
      count++;
      if (opts.maxMessages !== undefined && count >= opts.maxMessages) {
        stopped = true;
        break;
      }
    }
    out.write(chunk);
    if (opts.group !== undefined && last) {
      const offsets = [{ topic: batch.topic, partition: batch.partition, offset: last.offset + 1n }];
      // The last batch is committed before closing, so a group resumes right after what was printed.
      if (stopped) await consumer.commit(offsets).catch((err) => out.warn(`commit failed: ${err.message}`));
      else consumer.commitAsync(offsets, () => {});
    }
  }
  if (opts.timeoutMs !== undefined && !stopped && count < (opts.maxMessages ?? Number.POSITIVE_INFINITY))
    out.info(`[samsa] no record for ${opts.timeoutMs} ms (--timeout-ms): exiting`);
  return finish(count);
}

function parseOffset(s: string, withPartition: boolean): 'earliest' | 'latest' | bigint {
  if (s === 'earliest' || s === 'latest') return s;
  if (!/^\d+$/.test(s))
    throw new UsageError(`--offset must be 'earliest', 'latest' or a non-negative number, got '${s}'`);
  if (!withPartition) throw new UsageError('--offset needs --partition');
  return BigInt(s);
}

/** The partitions to assign without a group: those of --topic (or --include), waiting for the topic to appear. */
async function waitForPartitions(
  servers: string,
  timeout: number,
  opts: Opts,
  includeRe: RegExp | undefined,
  deadline: number,
  signal: AbortSignal,
  security: ClientSecurity,
): Promise<TopicPartition[] | null> {
  const admin = new Admin({
    ...security,
    bootstrapServers: servers,
    defaultApiTimeoutMs: timeout,
    logger: silentLogger,
  });
  try {
    for (;;) {
      const all = await admin.listTopics();
      const topics = includeRe ? all.filter((t) => includeRe.test(t)) : all.filter((t) => t === opts.topic);
      if (topics.length > 0) {
        const described = await admin.describeTopics(topics);
        const tps = described.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
        if (opts.partition === undefined) return tps;
        const one = tps.filter((tp) => tp.partition === opts.partition);
        if (one.length === 0)
          throw new UsageError(`topic ${opts.topic} has no partition ${opts.partition} (it has ${tps.length})`);
        return one;
      }
      if (Date.now() + 500 > deadline || signal.aborted) return null;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.close();
  }
}
