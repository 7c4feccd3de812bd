/**
 * `samsa broker [server.properties] [--override key=value ...]`: runs a broker until SIGTERM or
 * SIGINT, then shuts down cleanly (flushes logs, writes checkpoints). Exit code 1 with a message
 * naming the key when the configuration is invalid.
 */
import { ConfigError, createLogger, type Logger, LogLevelError } from '@samsa/common';
import { Broker } from './broker.js';
import { loadBrokerConfig } from './config/index.js';

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
  const broker = await Broker.start(loaded.config, logger);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  await broker.stop();
  return 0;
}
