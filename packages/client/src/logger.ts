/**
 * The client's logging hook. Pass any object with these four methods (pino, console, a test
 * recorder); the default prints warnings and errors to stderr and drops the rest.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function print(level: string, msg: string, fields?: Record<string, unknown>): void {
  process.stderr.write(`[samsa-client] ${level} ${msg}${fields ? ` ${JSON.stringify(fields, bigintJson)}` : ''}\n`);
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export const defaultLogger: Logger = {
  debug() {},
  info() {},
  warn: (msg, fields) => print('WARN', msg, fields),
  error: (msg, fields) => print('ERROR', msg, fields),
};

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
