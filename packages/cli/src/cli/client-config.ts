/**
 * Client settings from Kafka's property names (`--command-config` files, `--producer-property`,
 * `--consumer-property`, `--producer-props`) turned into the TypeScript client's config objects.
 * Precedence, lowest first: the tool's defaults, the properties file, flags given one by one,
 * then the tool's own dedicated flags (as Kafka's tools apply them).
 */
import { readFileSync } from 'node:fs';
import type { AdminConfig, ConsumerConfig, ProducerConfig } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { CliError, EXIT, UsageError } from './errors.js';

export type Properties = Record<string, string>;

/** Java .properties: `key=value` or `key: value`, `#`/`!` comments, blank lines ignored. */
export function readPropertiesFile(path: string): Properties {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`, EXIT.usage);
  }
  const out: Properties = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out[m[1] as string] = (m[2] as string).trim();
  }
  return out;
}

const COMMON = [
  'bootstrap.servers',
  'client.id',
  'request.timeout.ms',
  'connections.max.idle.ms',
  'reconnect.backoff.ms',
  'reconnect.backoff.max.ms',
  'retry.backoff.ms',
  'retry.backoff.max.ms',
  'metadata.max.age.ms',
  'socket.connection.setup.timeout.ms',
];
const ADMIN = [...COMMON, 'default.api.timeout.ms'];
const PRODUCER = [
  ...COMMON,
  'acks',
  'batch.size',
  'linger.ms',
  'buffer.memory',
  'compression.type',
  'max.in.flight.requests.per.connection',
  'retries',
  'delivery.timeout.ms',
  'max.block.ms',
  'max.request.size',
  'enable.idempotence',
  'transactional.id',
  'partitioner.ignore.keys',
];
const CONSUMER = [
  ...COMMON,
  'group.id',
  'group.instance.id',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.interval.ms',
  'auto.offset.reset',
  'fetch.min.bytes',
  'fetch.max.bytes',
  'fetch.max.wait.ms',
  'max.partition.fetch.bytes',
  'max.poll.records',
  'isolation.level',
  'check.crcs',
  'allow.auto.create.topics',
  'partition.assignment.strategy',
  'default.api.timeout.ms',
];
/** Java-only settings that have no meaning here; accepted silently so existing files work. */
const IGNORED = /^(key|value)\.(de)?serializer$|^(security\.protocol|sasl\.|ssl\.)|^interceptor\.classes$/;

function camel(key: string): string {
  return key.replace(/\.([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function typed(key: string, value: string): unknown {
  if (key === 'acks') return value === 'all' ? 'all' : Number(value);
  if (key === 'partition.assignment.strategy') {
    return value.split(',').map((s) => {
      const v = s.trim().toLowerCase();
      if (v.includes('cooperative')) return 'cooperative-sticky';
      if (v.includes('roundrobin')) return 'roundrobin';
      if (v.includes('sticky')) return 'sticky';
      return 'range';
    });
  }
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?\d+$/.test(value)) return Number(value);
  return value;
}

function convert(props: Properties, known: string[], warn: (s: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (IGNORED.test(k)) continue;
    if (!known.includes(k)) {
      warn(`The configuration '${k}' was supplied but isn't a known config.`);
      continue;
    }
    out[camel(k)] = typed(k, v);
  }
  return out;
}

export interface ConnectionFlags {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: number;
}

export function bootstrapOf(flags: ConnectionFlags, props: Properties = {}): string {
  const servers = flags.bootstrapServer ?? props['bootstrap.servers'];
  if (!servers) throw new UsageError('Missing required argument "--bootstrap-server"');
  return servers;
}

/** Admin config: --timeout bounds every call (default.api.timeout.ms) unless the file sets it. */
export function adminConfig(flags: ConnectionFlags, logger: Logger, warn: (s: string) => void): AdminConfig {
  const props = flags.commandConfig ? readPropertiesFile(flags.commandConfig) : {};
  const c = convert(props, ADMIN, warn) as Partial<AdminConfig>;
  const timeout = flags.timeout ?? 5000;
  return {
    ...c,
    bootstrapServers: bootstrapOf(flags, props),
    clientId: c.clientId ?? 'samsa-cli',
    defaultApiTimeoutMs: c.defaultApiTimeoutMs ?? timeout,
    requestTimeoutMs: c.requestTimeoutMs ?? timeout,
    socketConnectionSetupTimeoutMs: c.socketConnectionSetupTimeoutMs ?? timeout,
    logger,
  };
}

export function producerConfig(
  flags: ConnectionFlags,
  extra: Properties,
  logger: Logger,
  warn: (s: string) => void,
): ProducerConfig {
  const props = { ...(flags.commandConfig ? readPropertiesFile(flags.commandConfig) : {}), ...extra };
  const c = convert(props, PRODUCER, warn) as Partial<ProducerConfig>;
  const timeout = flags.timeout;
  return {
    ...c,
    bootstrapServers: bootstrapOf(flags, props),
    clientId: c.clientId ?? 'console-producer',
    ...(timeout !== undefined && c.maxBlockMs === undefined ? { maxBlockMs: timeout } : {}),
    ...(timeout !== undefined && c.socketConnectionSetupTimeoutMs === undefined
      ? { socketConnectionSetupTimeoutMs: timeout }
      : {}),
    logger,
  };
}

export function consumerConfig(
  flags: ConnectionFlags,
  extra: Properties,
  logger: Logger,
  warn: (s: string) => void,
): ConsumerConfig {
  const props = { ...(flags.commandConfig ? readPropertiesFile(flags.commandConfig) : {}), ...extra };
  const c = convert(props, CONSUMER, warn) as Partial<ConsumerConfig>;
  return {
    ...c,
    bootstrapServers: bootstrapOf(flags, props),
    clientId: c.clientId ?? 'console-consumer',
    ...(flags.timeout !== undefined && c.defaultApiTimeoutMs === undefined
      ? { defaultApiTimeoutMs: flags.timeout }
      : {}),
    logger,
  };
}
