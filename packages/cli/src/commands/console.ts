/**
 * `samsa console --bootstrap-server host:port [--listeners http://127.0.0.1:8080] [--read-only]
 * [--command-config client.properties] [--login SCRAM-SHA-256]`: serves the web console for any
 * Kafka-compatible cluster until Ctrl-C. The console talks to the cluster with @samsa/client only,
 * so a --command-config with TLS or SASL settings works as for every other tool; with --login each
 * user logs in on the page instead and the console acts as that principal. Not a Kafka script:
 * Kafka ships no UI.
 */
import { createTextLogger } from '@samsa/common';
import { parseHttpListener } from '@samsa/common/http';
import { startConsole } from '@samsa/console';
import { adminConfig } from '../cli/client-config.js';
import { UsageError } from '../cli/errors.js';
import { connectionOptions, tool } from '../cli/options.js';
import { runTool } from '../cli/run.js';

interface Opts {
  bootstrapServer?: string;
  commandConfig?: string;
  timeout: number;
  listeners: string;
  readOnly?: boolean;
  login?: string;
}

const LOGIN_MECHANISMS = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;

function command() {
  const cmd = tool('console', 'Serve the web console (topics, messages, consumer groups) for a cluster.')
    .option(
      '--listeners <url>',
      'Where to serve it: http://host:port (port 0: any free port).',
      'http://127.0.0.1:8080',
    )
    .option('--read-only', 'Hide and refuse every write (create, delete, produce, reset offsets, configs).')
    .option(
      '--login <mechanism>',
      'Ask each user for SASL credentials (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512) and act as that principal; --command-config then needs no sasl.jaas.config.',
    );
  return connectionOptions(cmd, 15_000);
}

export function run(args: string[]): Promise<number> {
  return runTool<Opts>(
    command(),
    args,
    async ({ opts, out, onClose }) => {
      const logger = createTextLogger({ name: 'samsa-console', level: 'info' });
      const mechanism = opts.login
        ? LOGIN_MECHANISMS[opts.login.toUpperCase() as keyof typeof LOGIN_MECHANISMS]
        : undefined;
      if (opts.login && !mechanism)
        throw new UsageError(`--login: ${opts.login} is not one of ${Object.keys(LOGIN_MECHANISMS).join(', ')}`);
      const client = adminConfig(opts, logger, (s) => out.warn(s), { saslByLogin: mechanism !== undefined });
      if (mechanism) delete client.sasl;
      try {
        parseHttpListener(opts.listeners);
      } catch (err) {
        throw new UsageError(`--listeners: ${(err as Error).message}`);
      }
      const server = await startConsole({
        listener: opts.listeners,
        client: { ...client, clientId: client.clientId === 'samsa-cli' ? 'samsa-console' : client.clientId },
        readOnly: opts.readOnly ?? false,
        logger,
        ...(mechanism ? { login: { mechanism } } : {}),
      }).catch((err: NodeJS.ErrnoException) => {
        // A port in use or an address not on this host: the operator's to fix, not a crash.
        if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL' || err.code === 'EACCES')
          throw new UsageError(`--listeners: cannot listen on ${opts.listeners} (${err.code})`);
        throw err;
      });
      const stopped = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      onClose(() => server.close());
      process.stdout.write(
        `Samsa console at ${server.url}/ for ${client.bootstrapServers}${opts.readOnly ? ' (read-only)' : ''}${mechanism ? ` (users log in with ${opts.login?.toUpperCase()})` : ''}. Ctrl-C stops it.\n`,
      );
      await stopped;
      return 0;
    },
    { watchdogMs: () => null },
  );
}
