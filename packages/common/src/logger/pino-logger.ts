/**
 * The logger of a Samsa process (broker, tools): pino, one JSON object per line, so that lines
 * can be shipped and queried as they are. Its level comes from the option, else SAMSA_LOG_LEVEL,
 * else info.
 */
import { pino } from 'pino';
import { type Logger, resolveLogLevel } from './logger.js';

export interface CreateLoggerOptions {
  /** A pino level name; default SAMSA_LOG_LEVEL, else info. */
  level?: string;
  /** The `name` field of every line; default samsa. */
  name?: string;
  /** Where the lines go; default stdout, written asynchronously (flush() before exiting). */
  destination?: { write(line: string): unknown };
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    { name: options.name ?? 'samsa', level: resolveLogLevel(options.level, 'info'), base: { pid: process.pid } },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
