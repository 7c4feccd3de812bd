/**
 * `samsa schema-registry [schema-registry.properties] [--bootstrap-server host:port]
 * [--listeners http://host:port] [--override key=value ...]`: the Schema Registry on its own
 * (Confluent's `schema-registry-start`), for any Kafka-compatible cluster. Keys are Confluent's
 * (listeners, kafkastore.bootstrap.servers, kafkastore.topic, ...); flags override the file.
 * Runs until SIGTERM or SIGINT, then leaves the election group and closes.
 */
import { ConfigError, createLogger, LogLevelError } from '@samsa/common';
import { HttpListenerError } from '@samsa/common/http';
import { SchemaRegistry } from '@samsa/registry';
import { readPropertiesFile } from '../cli/client-config.js';
import { CliError, EXIT } from '../cli/errors.js';

const USAGE =
  'Usage: samsa schema-registry [schema-registry.properties] [--bootstrap-server host:port] [--listeners http://host:port] [--override key=value ...]';

function parseArgs(args: string[]): Record<string, string> | 'help' {
  let file: string | undefined;
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new CliError(`${a} needs a value. ${USAGE}`, EXIT.usage);
      return v;
    };
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--bootstrap-server') flags['kafkastore.bootstrap.servers'] = value();
    else if (a === '--listeners') flags.listeners = value();
    else if (a === '--override') {
      const kv = value();
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new CliError(`--override needs key=value. ${USAGE}`, EXIT.usage);
      flags[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (!a.startsWith('-') && file === undefined) file = a;
    else throw new CliError(`Unknown option ${a}. ${USAGE}`, EXIT.usage);
  }
  return { ...(file ? readPropertiesFile(file) : {}), ...flags };
}

export async function run(args: string[]): Promise<number> {
  let config: Record<string, string>;
  try {
    const parsed = parseArgs(args);
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    config = parsed;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    console.error(err.message);
    return 1;
  }
  if (config['kafkastore.bootstrap.servers'] === undefined) {
    console.error(`--bootstrap-server (or kafkastore.bootstrap.servers) is required. ${USAGE}`);
    return 1;
  }
  let logger: ReturnType<typeof createLogger>;
  try {
    logger = createLogger();
  } catch (err) {
    if (err instanceof LogLevelError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const stopRequested = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  let registry: SchemaRegistry;
  try {
    registry = await SchemaRegistry.start({ config, logger });
  } catch (err) {
    const known = err instanceof ConfigError || err instanceof HttpListenerError;
    const message = known ? (err as Error).message : `schema registry failed to start: ${(err as Error).message}`;
    logger.error({ err }, 'schema registry failed to start');
    console.error(message);
    return 1;
  }
  logger.info({ url: registry.url }, 'schema registry started');
  const signal = await stopRequested;
  logger.info({ signal }, 'shutting down');
  await registry.close();
  return 0;
}
