/**
 * The one logger shape every Samsa package uses. It is pino's own call convention, so a pino logger
 * (or a child of one) can be passed anywhere as is: `log.info({ topic }, 'topic created')` or
 * `log.info('broker stopped')`, and `log.child({ subsystem: 'replicas' })` for a subsystem's lines.
 */

/** Structured fields of a log line. Values may be anything pino can serialize, bigints included. */
export type LogFields = Record<string, unknown>;

/** A level method: fields first, then the message (pino's order); or the message alone. */
export interface LogFn {
  (fields: LogFields, msg: string): void;
  (msg: string): void;
}

/**
 * The level methods: all a user must implement to hand the client their own logger. An
 * implementation receives either (fields, msg) or (msg), so its first parameter is
 * `LogFields | string` and its second `string | undefined`.
 */
export interface LogMethods {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export interface Logger extends LogMethods {
  /** A logger whose every line carries `bindings` as well (one per subsystem, connection, ...). */
  child(bindings: LogFields): Logger;
  /** Writes out what an asynchronous destination still buffers (pino has it; others need not). */
  flush?(): void;
}

/** Pino's level names, most verbose first; `silent` turns a logger off. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** A level name that is not one of pino's, with where it came from (an option, SAMSA_LOG_LEVEL). */
export class LogLevelError extends Error {
  readonly code = 'INVALID_LOG_LEVEL';
  constructor(value: string, source: string) {
    super(`${source}=${value} is not a log level; use one of ${LOG_LEVELS.join(', ')}`);
    this.name = 'LogLevelError';
  }
}

/** The level an option names, else SAMSA_LOG_LEVEL's, else `fallback`; an unknown name throws. */
export function resolveLogLevel(level: string | undefined, fallback: LogLevel): LogLevel {
  const env = process.env.SAMSA_LOG_LEVEL;
  const [value, source] = level !== undefined ? [level, 'level'] : env ? [env, 'SAMSA_LOG_LEVEL'] : [fallback, 'level'];
  if (!isLogLevel(value)) throw new LogLevelError(value, source);
  return value;
}
