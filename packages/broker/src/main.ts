/**
 * `samsa broker [server.properties] [--override key=value ...]`: runs a broker until SIGTERM or
 * SIGINT, then shuts down cleanly (flushes logs, writes checkpoints). Exit code 1 with a message
 * naming the key when the configuration is invalid, a listener cannot bind (`listeners`) or a log
 * dir cannot be created or written (`log.dirs`); nothing is written to the log dirs in those cases.
 */
import { SslConfigError } from '@samsa/client';
import { ConfigError, createLogger, type Logger, LogLevelError } from '@samsa/common';
import { Broker } from './broker.js';
import { loadBrokerConfig } from './config/index.js';
import { LogDirError } from './log-dirs-check.js';
import { InconsistentBrokerIdError, MetadataFileError } from './metadata/file-metadata-store.js';
import { ListenerBindError } from './network/listener-bind-error.js';
import { ZkError } from './zk/zk-client.js';

export async function runBroker(args: string[]): Promise<number> {
  let file: string | undefined;
  const overrides: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--override') {
      const kv = args[++i];
      if (!kv?.includes('=')) {
        console.error('--override needs key=value');
        return 1;
      }
      overrides.push(kv);
    } else if (a.startsWith('--override=')) overrides.push(a.slice('--override='.length));
    else if (a === '-h' || a === '--help') {
      console.log('Usage: samsa broker [server.properties] [--override key=value ...]');
      return 0;
    } else if (!a.startsWith('-') && file === undefined) file = a;
    else {
      console.error(`Unknown option ${a}. Usage: samsa broker [server.properties] [--override key=value ...]`);
      return 1;
    }
  }
  let logger: Logger;
  try {
    logger = createLogger();
  } catch (err) {
    // SAMSA_LOG_LEVEL names no level: say so instead of a stack trace.
    if (err instanceof LogLevelError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  let loaded: ReturnType<typeof loadBrokerConfig>;
  try {
    loaded = loadBrokerConfig({ file, overrides });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  for (const w of loaded.warnings) logger.warn(w);
  // Installed before start: a Ctrl-C during a long log recovery still ends in a clean stop.
  const stopRequested = new Promise<string>((resolve) => {
    let requested = false;
    const onSignal = (signal: string) => {
      if (requested) {
        // A second Ctrl-C: the operator gave up waiting for the clean stop.
        logger.warn({ signal }, 'second signal during shutdown, exiting at once');
        logger.flush?.();
        process.exit(1);
      }
      requested = true;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  let broker: Broker;
  try {
    broker = await Broker.start(loaded.config, logger);
  } catch (err) {
    const message = startFailureMessage(err);
    if (message === null) throw err;
    logger.error({ err }, message);
    logger.flush?.();
    console.error(message);
    return 1;
  }
  const signal = await stopRequested;
  logger.info({ signal }, 'shutting down');
  await broker.stop();
  return 0;
}

/** What to tell the operator when start-up fails in a way the config can fix; null for a bug. */
function startFailureMessage(err: unknown): string | null {
  if (
    err instanceof ListenerBindError ||
    err instanceof LogDirError ||
    err instanceof MetadataFileError ||
    err instanceof InconsistentBrokerIdError ||
    // A TLS listener whose key or trust store cannot be loaded: the message names the key.
    err instanceof SslConfigError ||
    // ZooKeeper credentials that cannot be read, or zookeeper.set.acl without them.
    err instanceof ConfigError
  )
    return err.message;
  if (err instanceof ZkError && err.code === 'NO_AUTH')
    return `${err.message}. Check the ZooKeeper credentials (broker configs 'java.security.auth.login.config' and 'zookeeper.sasl.clientconfig').`;
  if (err instanceof ZkError && err.code === 'NODE_EXISTS' && err.path?.startsWith('/brokers/ids/')) {
    return (
      `Another broker is registered in ZooKeeper with this broker.id (${err.path} still exists after ` +
      `its session had time to expire). Check the broker config 'broker.id'.`
    );
  }
  if (err instanceof ZkError && err.code === 'CONNECT_TIMEOUT')
    return `${err.message}. Check the broker configs 'zookeeper.connect' and 'zookeeper.connection.timeout.ms'.`;
  return null;
}
