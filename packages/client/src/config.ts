/**
 * Client configuration: the Java client's names in camelCase, with the Java client's defaults
 * (Kafka 4.0: linger.ms is 5, enable.idempotence is true). Types, defaults and validation come
 * from config-defs.ts (the one config module's table, by Kafka's names). Resolved once at
 * construction; nothing reads a raw options object afterwards.
 */
import { asLogger, createTextLogger, type Logger, type LogMethods } from '@samsa/common';
import { clientConfigNumber } from './config-defs.js';
import { ClientError } from './errors.js';
import type { Authenticator, ClientTlsOptions, SocketFactory } from './network/connection.js';
import { type SaslOptions, saslAuthenticator } from './security/sasl-authenticator.js';

export type Acks = 'all' | -1 | 0 | 1;
export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export type IsolationLevelName = 'read_uncommitted' | 'read_committed';
export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

export interface CommonConfig {
  /** "host:port,host:port" or a list. */
  bootstrapServers: string | string[];
  clientId?: string;
  requestTimeoutMs?: number;
  /** connections.max.idle.ms: idle connections are closed after this long. */
  connectionsMaxIdleMs?: number;
  reconnectBackoffMs?: number;
  reconnectBackoffMaxMs?: number;
  retryBackoffMs?: number;
  retryBackoffMaxMs?: number;
  metadataMaxAgeMs?: number;
  socketConnectionSetupTimeoutMs?: number;
  /**
   * Where the client logs: a pino logger, or any object with debug, info, warn and error taking
   * (fields, msg) or (msg). Default: warnings and errors as readable lines on stderr.
   */
  logger?: Logger | LogMethods;
  /**
   * TLS for every broker connection (security.protocol=SSL): `true` trusts the system's roots,
   * or give ca / cert / key / passphrase / servername / rejectUnauthorized.
   */
  tls?: true | ClientTlsOptions;
  /** Opens broker sockets itself (tunnels, tests); overrides `tls`. */
  socketFactory?: SocketFactory;
  /** Runs on each new connection before other requests (the SASL hook). */
  authenticate?: Authenticator;
  /**
   * SASL authentication on every connection (KafkaJS's shape):
   * `{ mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512', username, password }`.
   */
  sasl?: SaslOptions;
}

export interface ResolvedCommonConfig {
  bootstrapServers: string[];
  clientId: string;
  requestTimeoutMs: number;
  connectionsMaxIdleMs: number;
  reconnectBackoffMs: number;
  reconnectBackoffMaxMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  metadataMaxAgeMs: number;
  socketConnectionSetupTimeoutMs: number;
  tls: ClientTlsOptions | undefined;
  socketFactory: SocketFactory | undefined;
  authenticate: Authenticator | undefined;
}

let clientSeq = 0;

/**
 * The client's default logger. A library must not impose JSON (or any format meant for a log
 * pipeline) on the applications embedding it, nor talk when nothing is wrong: so warnings and
 * errors only, one readable line each, on stderr. Applications pass their own logger for more.
 */
const defaultLogger = createTextLogger({ name: 'samsa-client' });

/** The logger a producer, consumer or admin client logs through: every line names the client. */
export function clientLogger(logger: Logger | LogMethods | undefined, clientId: string): Logger {
  return asLogger(logger ?? defaultLogger).child({ clientId });
}

export function resolveCommon(c: CommonConfig, kind: string): ResolvedCommonConfig {
  const servers = (Array.isArray(c.bootstrapServers) ? c.bootstrapServers : String(c.bootstrapServers ?? '').split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (servers.length === 0) throw new ClientError('INVALID_CONFIG', 'bootstrapServers must name at least one broker');
  for (const s of servers) parseHostPort(s);
  return {
    bootstrapServers: servers,
    clientId: c.clientId ?? `${kind}-${++clientSeq}`,
    requestTimeoutMs: clientConfigNumber('request.timeout.ms', c.requestTimeoutMs),
    connectionsMaxIdleMs: clientConfigNumber('connections.max.idle.ms', c.connectionsMaxIdleMs),
    reconnectBackoffMs: clientConfigNumber('reconnect.backoff.ms', c.reconnectBackoffMs),
    reconnectBackoffMaxMs: clientConfigNumber('reconnect.backoff.max.ms', c.reconnectBackoffMaxMs),
    retryBackoffMs: clientConfigNumber('retry.backoff.ms', c.retryBackoffMs),
    retryBackoffMaxMs: clientConfigNumber('retry.backoff.max.ms', c.retryBackoffMaxMs),
    metadataMaxAgeMs: clientConfigNumber('metadata.max.age.ms', c.metadataMaxAgeMs),
    socketConnectionSetupTimeoutMs: clientConfigNumber(
      'socket.connection.setup.timeout.ms',
      c.socketConnectionSetupTimeoutMs,
    ),
    tls: c.tls === true ? {} : c.tls,
    socketFactory: c.socketFactory,
    authenticate: c.authenticate ?? (c.sasl ? saslAuthenticator(c.sasl) : undefined),
  };
}

export function parseHostPort(s: string): { host: string; port: number } {
  const at = s.lastIndexOf(':');
  const host = at > 0 ? s.slice(0, at).replace(/^\[(.*)\]$/, '$1') : '';
  const port = Number(s.slice(at + 1));
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ClientError('INVALID_CONFIG', `bootstrap server ${JSON.stringify(s)} is not host:port`);
  }
  return { host, port };
}
