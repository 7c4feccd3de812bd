/**
 * Client settings from Kafka's property names (`--command-config` files, `--producer-property`,
 * `--consumer-property`, `--producer-props`) turned into the TypeScript client's config objects.
 * Precedence, lowest first: the tool's defaults, the properties file, flags given one by one,
 * then the tool's own dedicated flags (as Kafka's tools apply them). Names, types and validation
 * are the client's config tables (@samsa/client's *_CONFIG_DEF, built with @samsa/common).
 */
import { readFileSync } from 'node:fs';
import {
  ADMIN_CONFIG_DEF,
  type AdminConfig,
  type ClientConfigKey,
  CONSUMER_CONFIG_DEF,
  type ConsumerConfig,
  PRODUCER_CONFIG_DEF,
  type ProducerConfig,
} from '@samsa/client';
import { type ConfigDef, isConfigError, type Logger } from '@samsa/common';
import { CliError, EXIT, UsageError } from './errors.js';
import { securityOf } from './security-config.js';

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

/**
 * Java-only settings that have no meaning here, accepted silently so existing files work; and the
 * security settings, which securityOf reads.
 */
const IGNORED = /^(key|value)\.(de)?serializer$|^(security\.protocol|sasl\.|ssl\.)|^interceptor\.classes$/;

/** Java assignor class names (or Samsa's names) to the client's assignor names. */
function assignors(value: string): string[] {
  return value.split(',').map((s) => {
    const v = s.trim().toLowerCase();
    if (v.includes('cooperative')) return 'cooperative-sticky';
    if (v.includes('roundrobin')) return 'roundrobin';
    if (v.includes('sticky')) return 'sticky';
    return 'range';
  });
}

/**
 * Properties by Kafka name → the client's config object, each value parsed and validated by the
 * client's table (`def`: the admin, producer or consumer one). Keys that client does not know are
 * warned about and skipped, as Kafka's tools do; a bad value is a usage error naming key and value.
 */
function convert(
  props: Properties,
  def: ConfigDef<ClientConfigKey>,
  warn: (s: string) => void,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (IGNORED.test(k)) continue;
    const key = def.get(k);
    if (!key) {
      warn(`The configuration '${k}' was supplied but isn't a known config.`);
      continue;
    }
    try {
      out[key.option] = k === 'partition.assignment.strategy' ? assignors(v) : def.parseValue(k, v).value;
    } catch (err) {
      if (isConfigError(err)) throw new UsageError(err.message);
      throw err;
    }
    if (k === 'acks') out[key.option] = out[key.option] === 'all' ? 'all' : Number(out[key.option]);
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
/**
 * `saslByLogin`: the SASL credentials come from elsewhere (the web console's login page), so a
 * SASL_* security.protocol needs no sasl.jaas.config here: only its TLS part is read.
 */
export function adminConfig(
  flags: ConnectionFlags,
  logger: Logger,
  warn: (s: string) => void,
  options: { saslByLogin?: boolean } = {},
): AdminConfig {
  const props = flags.commandConfig ? readPropertiesFile(flags.commandConfig) : {};
  const c = convert(props, ADMIN_CONFIG_DEF, warn) as Partial<AdminConfig>;
  const timeout = flags.timeout ?? 5000;
  const protocol = props['security.protocol']?.trim().toUpperCase();
  const security =
    options.saslByLogin && protocol?.startsWith('SASL_')
      ? { ...props, 'security.protocol': protocol.slice('SASL_'.length) }
      : props;
  return {
    ...c,
    ...securityOf(security),
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
  const c = convert(props, PRODUCER_CONFIG_DEF, warn) as Partial<ProducerConfig>;
  const timeout = flags.timeout;
  return {
    ...c,
    ...securityOf(props),
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
  const c = convert(props, CONSUMER_CONFIG_DEF, warn) as Partial<ConsumerConfig>;
  return {
    ...c,
    ...securityOf(props),
    bootstrapServers: bootstrapOf(flags, props),
    clientId: c.clientId ?? 'console-consumer',
    ...(flags.timeout !== undefined && c.defaultApiTimeoutMs === undefined
      ? { defaultApiTimeoutMs: flags.timeout }
      : {}),
    logger,
  };
}
