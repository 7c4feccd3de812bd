/**
 * Connect's typed errors, by Kafka's exception names: ConnectError (ConnectException) for anything
 * a connector or the runtime reports, DataError (DataException) for values that do not match a
 * schema or bytes a converter cannot read, RetriableError (RetriableException) for failures worth
 * retrying (the runtime retries them under errors.retry.timeout).
 */
export type ConnectErrorCode = 'CONNECT' | 'DATA' | 'RETRIABLE' | 'CONFIG' | 'NOT_FOUND' | 'ILLEGAL_STATE';

export class ConnectError extends Error {
  readonly code: ConnectErrorCode;
  constructor(message: string, options: { code?: ConnectErrorCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectError';
    this.code = options.code ?? 'CONNECT';
  }
}

/** Kafka's DataException: a value that does not fit its schema, or bytes that do not convert. */
export class DataError extends ConnectError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'DATA' });
    this.name = 'DataError';
  }
}

/** Kafka's RetriableException: the operation may succeed if tried again. */
export class RetriableError extends ConnectError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: 'RETRIABLE' });
    this.name = 'RetriableError';
  }
}
