/**
 * Starting a broker from TypeScript, for tests and for applications that embed one:
 *
 *   const broker = await startBroker({ logDirs: tmp });   // port 0: an ephemeral port
 *   // broker.bootstrapServers is "127.0.0.1:<port>"
 *   await broker.stop();
 *
 * Options are Kafka config keys (`config`) plus shortcuts for the common ones. Start-up failures
 * reject with a typed error and leave nothing running or written: ConfigError (a bad value, named
 * by its key), ListenerBindError (`listeners`: the port is taken), LogDirError (`log.dirs`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Logger, silentLogger } from '@samsa/common';
import type { FileSystem } from '@samsa/storage';
import { Broker } from './broker.js';
import type { PrincipalBuilder } from './broker-services.js';
import { loadBrokerConfig } from './config/index.js';

export interface EmbeddedBrokerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Host to listen on and advertise (default 127.0.0.1). */
  host?: string;
  /** Log directories; a fresh temp dir when omitted. */
  logDirs?: string | string[];
  brokerId?: number;
  /** Any broker configs, by Kafka's names (e.g. { 'auto.create.topics.enable': 'false' }). */
  config?: Record<string, string | number | boolean>;
  /** A Logger (pino's included), or a level name for a pino logger on stdout; silent by default. */
  logger?: Logger | string;
  /** The file system of the partition logs (tests: a MemoryFileSystem that can fail writes). */
  logFileSystem?: FileSystem;
  /**
   * Test-only: names each request's principal from its client id, peer address and listener, so
   * ACLs can be tested before authentication exists (e.g. `({ clientId }) => ({ type: 'User', name: clientId ?? 'ANONYMOUS' })`).
   * Without it every request is User:ANONYMOUS, or the connection's authenticated principal.
   */
  principalBuilder?: PrincipalBuilder;
}

export async function startBroker(options: EmbeddedBrokerOptions = {}): Promise<Broker> {
  const host = options.host ?? '127.0.0.1';
  const logDirs = options.logDirs ?? mkdtempSync(join(tmpdir(), 'samsa-'));
  try {
    const overrides: Record<string, string> = {
      'broker.id': String(options.brokerId ?? 0),
      listeners: `PLAINTEXT://${host}:${options.port ?? 0}`,
      'log.dirs': Array.isArray(logDirs) ? logDirs.join(',') : logDirs,
    };
    for (const [k, v] of Object.entries(options.config ?? {})) overrides[k] = String(v);
    const { config } = loadBrokerConfig({ overrides: Object.entries(overrides).map(([k, v]) => `${k}=${v}`) });
    const logger =
      typeof options.logger === 'object'
        ? options.logger
        : options.logger
          ? createLogger({ level: options.logger })
          : silentLogger;
    return await Broker.start(config, logger, {
      logFileSystem: options.logFileSystem,
      principalBuilder: options.principalBuilder,
    });
  } catch (err) {
    // A temp dir made here for this broker goes with the failed start (a bad config value too).
    if (options.logDirs === undefined) rmSync(logDirs as string, { recursive: true, force: true });
    throw err;
  }
}
