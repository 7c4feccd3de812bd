/**
 * The web console embedded in the broker (console.listeners, off by default; on in `npm start`):
 * the same @samsa/console server as `samsa console`, whose client connects to this broker's first
 * listener like any other client would, so the console never reaches into broker internals. A
 * first listener that needs TLS or SASL is not handled here yet: run `samsa console
 * --command-config` against such a cluster instead.
 */
import type { Logger } from '@samsa/common';
import { type ConsoleServer, startConsole } from '@samsa/console';
import type { BrokerSettings } from '../config/broker-settings.js';

export async function startEmbeddedConsoles(
  config: Pick<BrokerSettings, 'consoleListeners' | 'consoleReadOnly'>,
  bootstrapServers: string,
  /** The console's child logger, and the broker's own for the console's client (which binds its own subsystem keys). */
  loggers: { console: Logger; client: Logger },
): Promise<ConsoleServer[]> {
  const servers: ConsoleServer[] = [];
  try {
    for (const listener of config.consoleListeners) {
      servers.push(
        await startConsole({
          listener,
          client: { bootstrapServers, clientId: 'samsa-console', logger: loggers.client },
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
