import type { Logger } from './logger.js';

/** A logger that drops everything, and so do its children: for tests and for tools with their own output. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
});
