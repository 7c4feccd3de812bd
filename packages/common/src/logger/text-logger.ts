/**
 * A logger that writes one readable line per event, for libraries: an application that embeds
 * the client has its own logging and should not find JSON objects on its stderr. A line reads
 *   2026-12-07T21:00:00.000Z WARN [samsa-client] auto-commit failed clientId=consumer-1 group=g1 error="boom"
 * (time, level, name, message, then the child bindings and the call's fields as key=value; values
 * with spaces, quotes or `=` are JSON-quoted, objects are JSON, bigints print their digits).
 * An application that wants JSON passes a pino logger instead.
 */
import { LOG_LEVELS, type LogFields, type Logger, type LogLevel, resolveLogLevel } from './logger.js';

export interface TextLoggerOptions {
  /** Lines below this level are dropped; default warn (a quiet library), not read from the environment. */
  level?: LogLevel;
  /** Shown in brackets on every line; default samsa. */
  name?: string;
  /** Default process.stderr. */
  destination?: { write(line: string): unknown };
  /** The time printed on each line; default Date.now. */
  now?: () => number;
}

type Method = 'debug' | 'info' | 'warn' | 'error';

export function createTextLogger(options: TextLoggerOptions = {}): Logger {
  const level = resolveLogLevel(options.level ?? 'warn', 'warn');
  const threshold = LOG_LEVELS.indexOf(level);
  const sink = {
    name: options.name ?? 'samsa',
    // Looked up at write time, so a test that replaces process.stderr.write sees the lines.
    write: (line: string) => (options.destination ?? process.stderr).write(line),
    now: options.now ?? Date.now,
    enabled: (m: Method) => LOG_LEVELS.indexOf(m) >= threshold,
  };
  return textLogger(sink, {});
}

interface Sink {
  name: string;
  write(line: string): unknown;
  now(): number;
  enabled(m: Method): boolean;
}

function textLogger(sink: Sink, bindings: LogFields): Logger {
  const method =
    (m: Method) =>
    (fieldsOrMsg: LogFields | string, msg?: string): void => {
      if (!sink.enabled(m)) return;
      const [fields, text] = typeof fieldsOrMsg === 'string' ? [undefined, fieldsOrMsg] : [fieldsOrMsg, msg ?? ''];
      sink.write(formatLine(sink, m, text, { ...bindings, ...fields }));
    };
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (more) => textLogger(sink, { ...bindings, ...more }),
  };
}

function formatLine(sink: Sink, m: Method, msg: string, fields: LogFields): string {
  let line = `${new Date(sink.now()).toISOString()} ${m.toUpperCase()} [${sink.name}] ${msg}`;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) line += ` ${key}=${formatValue(value)}`;
  }
  return `${line}\n`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return JSON.stringify(value.message);
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return '"[unserializable]"'; // a cycle: the line is still written, without this field's value
  }
}
