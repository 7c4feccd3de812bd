export { asLogger } from './as-logger.js';
export {
  isLogLevel,
  LOG_LEVELS,
  type LogFields,
  type LogFn,
  type Logger,
  type LogLevel,
  LogLevelError,
  type LogMethods,
  resolveLogLevel,
} from './logger.js';
export { type CreateLoggerOptions, createLogger } from './pino-logger.js';
export { silentLogger } from './silent-logger.js';
export { createTextLogger, type TextLoggerOptions } from './text-logger.js';
