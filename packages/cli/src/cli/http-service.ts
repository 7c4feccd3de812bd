/**
 * What `samsa schema-registry` and `samsa rest-proxy` share: Confluent's command line shape
 * (`<service>.properties` then flags), `--bootstrap-server`, `--listeners` and `--override
 * key=value` over the file's keys, a JSON logger, and a run until SIGTERM or SIGINT followed by a
 * clean close. Bad flags and configs end with exit code 1 and a message, never a stack trace.
 */
import { ConfigError, createLogger, type Logger, LogLevelError } from '@samsa/common';
import { HttpListenerError } from '@samsa/common/http';
import { readPropertiesFile } from './client-config.js';
import { CliError, EXIT } from './errors.js';

export interface HttpServiceCommand {
  /** As printed in messages: "schema registry". */
  name: string;
  usage: string;
  /** The config key --bootstrap-server sets (Confluent's names differ per service). */
  bootstrapKey: string;
  start(config: Record<string, string>, logger: Logger): Promise<{ url: string; close(): Promise<void> }>;
}

function parseArgs(cmd: HttpServiceCommand, args: string[]): Record<string, string> | 'help' {
  let file: string | undefined;
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new CliError(`${a} needs a value. ${cmd.usage}`, EXIT.usage);
      return v;
    };
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--bootstrap-server') flags[cmd.bootstrapKey] = value();
    else if (a === '--listeners') flags.listeners = value();
    else if (a === '--override') {
      const kv = value();
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new CliError(`--override needs key=value. ${cmd.usage}`, EXIT.usage);
      flags[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (!a.startsWith('-') && file === undefined) file = a;
    else throw new CliError(`Unknown option ${a}. ${cmd.usage}`, EXIT.usage);
  }
  return { ...(file ? readPropertiesFile(file) : {}), ...flags };
}

export async function runHttpService(cmd: HttpServiceCommand, args: string[]): Promise<number> {
  let config: Record<string, string>;
  try {
    const parsed = parseArgs(cmd, args);
    if (parsed === 'help') {
      console.log(cmd.usage);
      return 0;
    }
    config = parsed;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    console.error(err.message);
    return 1;
  }
  if (config[cmd.bootstrapKey] === undefined) {
    console.error(`--bootstrap-server (or ${cmd.bootstrapKey}) is required. ${cmd.usage}`);
    return 1;
  }
  let logger: Logger;
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
  let service: { url: string; close(): Promise<void> };
  try {
    service = await cmd.start(config, logger);
  } catch (err) {
    const known = err instanceof ConfigError || err instanceof HttpListenerError;
    const message = known ? (err as Error).message : `${cmd.name} failed to start: ${(err as Error).message}`;
    logger.error({ err }, `${cmd.name} failed to start`);
    console.error(message);
    return 1;
  }
  logger.info({ url: service.url }, `${cmd.name} started`);
  const signal = await stopRequested;
  logger.info({ signal }, 'shutting down');
  await service.close();
  return 0;
}
