/**
 * `samsa console-producer` — kafka-console-producer.sh: one record per line of stdin.
 * Properties as Kafka's LineMessageReader: parse.key/key.separator, parse.headers with
 * headers.delimiter/headers.separator/headers.key.separator, null.marker, ignore.error.
 * Records are sent without waiting for each other; EOF (or Ctrl-C) flushes and exits.
 */
import { createInterface } from 'node:readline';
import { type Acks, type CompressionName, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { Option } from 'commander';
import { type ConnectionFlags, producerConfig, readPropertiesFile } from '../cli/client-config.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { int, keyValues, repeated, required, tool } from '../cli/options.js';
import { probe } from '../cli/probe.js';
import { type Context, runTool } from '../cli/run.js';
import { securityOf } from '../cli/security-config.js';

interface Opts extends ConnectionFlags {
  brokerList?: string;
  topic?: string;
  property?: string[];
  producerProperty?: string[];
  /** Commander keeps the dot: --producer.config lands under this key. */
  'producer.config'?: string;
  compressionCodec?: string | true;
  requestRequiredAcks?: string;
  sync?: boolean;
  timeout?: number;
  requestTimeoutMs?: number;
  maxBlockMs?: number;
  batchSize?: number;
}

function command() {
  return tool(
    'console-producer',
    'Read lines from standard input and send them as records (kafka-console-producer.sh).',
  )
    .option('--bootstrap-server <servers>', 'REQUIRED unless --broker-list: the broker(s) to connect to.')
    .option('--broker-list <servers>', 'Deprecated alias of --bootstrap-server, as in Kafka.')
    .option('--topic <topic>', 'REQUIRED: the topic to produce to.')
    .option(
      '--property <name=value>',
      'Line reader settings: parse.key, key.separator, parse.headers, ... (repeatable).',
      repeated,
    )
    .option('--producer-property <name=value>', 'A producer config, e.g. linger.ms=10 (repeatable).', repeated)
    .option('--producer.config <file>', 'Producer configs from a properties file.')
    .option('--command-config <file>', 'Alias of --producer.config.')
    .addOption(
      new Option(
        '--compression-codec [codec]',
        'Compression: none, gzip, snappy, lz4 or zstd (gzip if no value).',
      ).choices(['none', 'gzip', 'snappy', 'lz4', 'zstd']),
    )
    .option('--request-required-acks <acks>', 'acks: -1/all, 0 or 1 (default -1, or acks from the producer configs).')
    .option('--sync', 'Send each record and wait for its acknowledgement before the next.')
    .option(
      '--timeout <ms>',
      'linger.ms: how long a record may wait for its batch to fill (Kafka: 1000).',
      int('--timeout'),
    )
    .option('--batch-size <n>', 'Records per batch (batch.size in bytes here).', int('--batch-size'))
    .option('--request-timeout-ms <ms>', 'How long to wait for a broker to answer.', int('--request-timeout-ms'))
    .option('--max-block-ms <ms>', 'How long a send may block for metadata or buffer space.', int('--max-block-ms'));
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(command(), args, produce, { watchdogMs: () => null });
}

interface Reader {
  parseKey: boolean;
  keySeparator: string;
  parseHeaders: boolean;
  headersDelimiter: string;
  headersSeparator: string;
  headersKeySeparator: string;
  nullMarker: string | undefined;
  ignoreError: boolean;
}

function readerOf(props: Record<string, string>): Reader {
  return {
    parseKey: props['parse.key'] === 'true',
    keySeparator: unescapeSeparator(props['key.separator'] ?? '\t'),
    parseHeaders: props['parse.headers'] === 'true',
    headersDelimiter: unescapeSeparator(props['headers.delimiter'] ?? '\t'),
    headersSeparator: unescapeSeparator(props['headers.separator'] ?? ','),
    headersKeySeparator: unescapeSeparator(props['headers.key.separator'] ?? ':'),
    nullMarker: props['null.marker'],
    ignoreError: props['ignore.error'] === 'true',
  };
}

function unescapeSeparator(s: string): string {
  return s.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}

interface Parsed {
  key?: string | null;
  value: string | null;
  headers?: Array<{ key: string; value: string | null }>;
}

/** One line → key, value and headers, or an error message (Kafka's LineMessageReader rules). */
export function parseLine(line: string, r: Reader): Parsed | string {
  let rest = line;
  const marker = (s: string) => (r.nullMarker !== undefined && s === r.nullMarker ? null : s);
  let headers: Parsed['headers'];
  if (r.parseHeaders) {
    const at = rest.indexOf(r.headersDelimiter);
    if (at < 0) return `no headers delimiter found on line: ${line}`;
    const text = rest.slice(0, at);
    rest = rest.slice(at + r.headersDelimiter.length);
    headers = [];
    if (text !== (r.nullMarker ?? '\0')) {
      for (const h of text.split(r.headersSeparator)) {
        if (h === '') continue;
        const k = h.indexOf(r.headersKeySeparator);
        if (k < 0) headers.push({ key: h, value: null });
        else headers.push({ key: h.slice(0, k), value: marker(h.slice(k + r.headersKeySeparator.length)) });
      }
    }
  }
  if (r.parseKey) {
    const at = rest.indexOf(r.keySeparator);
    if (at < 0) {
      if (!r.ignoreError) return `no key separator found on line: ${line}`;
      return { value: marker(rest), headers };
    }
    return { key: marker(rest.slice(0, at)), value: marker(rest.slice(at + r.keySeparator.length)), headers };
  }
  return { value: marker(rest), headers };
}

async function produce({ opts, out, onClose }: Context<Opts>): Promise<number> {
  const topic = required(opts.topic, '--topic');
  const servers = opts.bootstrapServer ?? opts.brokerList;
  if (!servers) throw new UsageError('Missing required argument "--bootstrap-server"');
  const reader = readerOf(keyValues(opts.property, '--property'));
  const file = opts['producer.config'] ?? opts.commandConfig;
  const fileProps = file ? readPropertiesFile(file) : {};
  const extra: Record<string, string> = { ...fileProps, ...keyValues(opts.producerProperty, '--producer-property') };
  if (opts.compressionCodec !== undefined)
    extra['compression.type'] = opts.compressionCodec === true ? 'gzip' : opts.compressionCodec;
  if (opts.requestRequiredAcks !== undefined) {
    if (!['-1', 'all', '0', '1'].includes(opts.requestRequiredAcks))
      throw new UsageError(`--request-required-acks must be -1, all, 0 or 1, got '${opts.requestRequiredAcks}'`);
    extra.acks = opts.requestRequiredAcks;
  }
  // As Kafka's tool: the flag's default applies only when no producer config sets acks.
  extra.acks ??= '-1';
  if (opts.timeout !== undefined) extra['linger.ms'] = String(opts.timeout);
  if (opts.batchSize !== undefined) extra['batch.size'] = String(opts.batchSize);
  if (opts.requestTimeoutMs !== undefined) extra['request.timeout.ms'] = String(opts.requestTimeoutMs);
  if (opts.maxBlockMs !== undefined) extra['max.block.ms'] = String(opts.maxBlockMs);
  const config = producerConfig({ bootstrapServer: servers }, extra, silentLogger, (s) => out.warn(s));
  const probeMs = Math.min(Number(fileProps['request.timeout.ms'] ?? extra['request.timeout.ms'] ?? 5000), 30_000);
  await probe(servers, probeMs, securityOf(extra));
  const producer = new Producer({
    ...config,
    acks: (config.acks ?? -1) as Acks,
    compressionType: config.compressionType as CompressionName | undefined,
    maxBlockMs: config.maxBlockMs ?? 10_000,
    deliveryTimeoutMs: config.deliveryTimeoutMs ?? 30_000,
  });
  onClose(() => producer.close({ timeoutMs: 5000 }));

  let failures = 0;
  const pending = new Set<Promise<unknown>>();
  const report = (err: unknown) => {
    failures++;
    out.error(`Error when sending message to topic ${topic}: ${(err as Error).message}`);
  };
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const stop = () => rl.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for await (const line of rl) {
    const parsed = parseLine(line, reader);
    if (typeof parsed === 'string') {
      out.error(parsed);
      failures++;
      continue;
    }
    // Every send is awaited before exit: flush() alone misses sends still waiting for metadata.
    const send = producer.send({ topic, key: parsed.key, value: parsed.value, headers: parsed.headers }).catch(report);
    if (opts.sync) {
      await send;
      continue;
    }
    pending.add(send);
    void send.finally(() => pending.delete(send));
    if (pending.size >= 10_000) await Promise.race(pending);
  }
  await Promise.all(pending);
  await producer.flush();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  return failures > 0 ? EXIT.refused : EXIT.ok;
}
