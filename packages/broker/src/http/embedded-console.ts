/**
 * The web console embedded in the broker (console.listeners, off by default; on in `npm start`):
 * the same @samsa/console server as `samsa console`, whose client connects to one of this
 * broker's listeners (console.listener.name, with TLS and SASL as console-client-config.ts
 * says) like any other client would, so the console never reaches into broker internals.
 */
import type { Logger } from '@samsa/common';
import { type ConsoleServer, startConsole } from '@samsa/console';
import type { BrokerConfig } from '../config/index.js';
import { consoleClientSettings } from './console-client-config.js';

export async function startEmbeddedConsoles(
  config: BrokerConfig,
  /** host:port a client reaches the named listener at. */
  endpointOf: (listener: string) => string,
  /** The console's child logger, and the broker's own for the console's client (which binds its own subsystem keys). */
  loggers: { console: Logger; client: Logger },
): Promise<ConsoleServer[]> {
  const servers: ConsoleServer[] = [];
  if (config.consoleListeners.length === 0) return servers;
  const { bootstrapServers, tls, sasl, login } = consoleClientSettings(config, endpointOf);
  try {
    for (const listener of config.consoleListeners) {
      servers.push(
        await startConsole({
          listener,
          client: {
            bootstrapServers,
            clientId: 'samsa-console',
            logger: loggers.client,
            ...(tls ? { tls } : {}),
            ...(sasl ? { sasl } : {}),
          },
          ...(login ? { login } : {}),
          readOnly: config.consoleReadOnly,
          logger: loggers.console,
        }),
      );
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  return servers;
}
