/**
 * Structured logging: one JSON line per significant event (pino), one child logger per subsystem
 * so every line says where it came from. Level from SAMSA_LOG_LEVEL (default info; tests use warn).
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(
  options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {},
): Logger {
  const level = options.level ?? process.env.SAMSA_LOG_LEVEL ?? 'info';
  return pino(
    { name: options.name ?? 'samsa', level, base: { pid: process.pid } },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
