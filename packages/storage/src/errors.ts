import type { ErrorName } from '@samsa/protocol';

/** Compile-time check that every storage error code is one of Kafka's error names. */
type KafkaErrorName<T extends ErrorName> = T;

/**
 * The failures the log reports, each named after the Kafka error code the broker answers with, so the
 * broker maps them by name with no table of its own.
 */
export type StorageErrorCode = KafkaErrorName<
  | 'CORRUPT_MESSAGE'
  | 'MESSAGE_TOO_LARGE'
  | 'RECORD_LIST_TOO_LARGE'
  | 'INVALID_TIMESTAMP'
  | 'OFFSET_OUT_OF_RANGE'
  | 'INVALID_RECORD'
  | 'UNSUPPORTED_FOR_MESSAGE_FORMAT'
  | 'KAFKA_STORAGE_ERROR'
  | 'INVALID_REQUEST'
  | 'INVALID_TOPIC_EXCEPTION'
  | 'UNKNOWN_SERVER_ERROR'
  | 'OUT_OF_ORDER_SEQUENCE_NUMBER'
  | 'INVALID_PRODUCER_EPOCH'
  | 'INVALID_TXN_STATE'
  | 'TRANSACTION_COORDINATOR_FENCED'
>;

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Wraps an unexpected I/O failure as KAFKA_STORAGE_ERROR, keeping the cause. */
export function storageFailure(what: string, cause: unknown): StorageError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StorageError('KAFKA_STORAGE_ERROR', `${what}: ${reason}`, { cause });
}
