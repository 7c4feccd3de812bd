/**
 * The one mapping from whatever a request's processing threw to the Kafka error code (and message)
 * its response carries. Handlers, the replica manager and the request dispatcher all call it; no
 * other code turns an exception into a code. Request-version adjustments of the code (an older
 * client that cannot decode a newer code) are a separate, later step: version-error-codes.ts.
 *
 * - KafkaError: its code and message — an answer raised on purpose.
 * - StorageError: the Kafka error its code names (the log names its failures after Kafka's codes).
 * - ConfigError, the broker's or the storage's: INVALID_CONFIG with its message.
 * - ProtocolError (bytes in the request that do not decode): UNSUPPORTED_VERSION for its own code,
 *   CORRUPT_MESSAGE for record data, INVALID_REQUEST otherwise.
 * - An operating-system file error (errno code and syscall, from node:fs or the memory fs):
 *   KAFKA_STORAGE_ERROR, as Kafka turns an IOException into a KafkaStorageException.
 * - Anything else (BrokerError, a TypeError, a thrown string): UNKNOWN_SERVER_ERROR with no
 *   message, since Kafka never sends the text of an unexpected exception to the client.
 *
 * Server-side faults (UNKNOWN_SERVER_ERROR, KAFKA_STORAGE_ERROR) are logged here at error level
 * with the stack, and only here: callers map an error once and pass the code on, never rethrow it.
 */

import { isConfigError, type Logger } from '@samsa/common';
import { ErrorCode, type ErrorName, errorInfo, isKafkaError, ProtocolError } from '@samsa/protocol';
import { StorageError } from '@samsa/storage';

export interface KafkaFailure {
  readonly code: number;
  /** For the response's error_message; null sends Kafka's default text for the code. */
  readonly message: string | null;
}

/** `where` (api, partition, ...) is added to the log line of a server-side fault. */
export function toKafkaFailure(err: unknown, logger: Logger, where: Record<string, unknown> = {}): KafkaFailure {
  const { code, message } = classify(err);
  if (code === ErrorCode.UNKNOWN_SERVER_ERROR || code === ErrorCode.KAFKA_STORAGE_ERROR) {
    logger.error({ ...where, err: err instanceof Error ? err : String(err) }, 'request processing failed');
  }
  // As Kafka's ApiError.fromThrowable: a message only when it says more than the code's default
  // text, which clients fall back to for null.
  return { code, message: message === errorInfo(code).message ? null : message };
}

/** The code alone, for callers that carry no message. */
export function kafkaCodeOf(err: unknown, logger: Logger, where?: Record<string, unknown>): number {
  return toKafkaFailure(err, logger, where).code;
}

function classify(err: unknown): KafkaFailure {
  if (isKafkaError(err)) return { code: err.code, message: err.message };
  if (err instanceof StorageError) return { code: ErrorCode[err.code satisfies ErrorName], message: err.message };
  if (isConfigError(err)) return { code: ErrorCode.INVALID_CONFIG, message: err.message };
  if (err instanceof ProtocolError) return { code: protocolErrorCode(err), message: err.message };
  if (isFileSystemError(err)) return { code: ErrorCode.KAFKA_STORAGE_ERROR, message: err.message };
  return { code: ErrorCode.UNKNOWN_SERVER_ERROR, message: null };
}

function protocolErrorCode(err: ProtocolError): number {
  switch (err.code) {
    case 'UNSUPPORTED_VERSION':
      return ErrorCode.UNSUPPORTED_VERSION;
    case 'CORRUPT_RECORD':
    case 'UNSUPPORTED_COMPRESSION':
      return ErrorCode.CORRUPT_MESSAGE;
    default:
      return ErrorCode.INVALID_REQUEST;
  }
}

/** Errno codes that come from sockets; everything else with an errno and a syscall is a file error. */
const NETWORK_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const NETWORK_SYSCALLS = new Set(['connect', 'bind', 'listen', 'accept', 'getaddrinfo', 'getnameinfo']);

function isFileSystemError(err: unknown): err is Error & { code: string; syscall: string } {
  if (!(err instanceof Error)) return false;
  const { code, syscall } = err as { code?: unknown; syscall?: unknown };
  return (
    typeof code === 'string' &&
    /^E[A-Z]+$/.test(code) &&
    typeof syscall === 'string' &&
    !NETWORK_ERRNOS.has(code) &&
    !NETWORK_SYSCALLS.has(syscall)
  );
}
