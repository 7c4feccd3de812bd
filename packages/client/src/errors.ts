/**
 * Errors the client raises. Anything a broker answered with is a `KafkaError` from the protocol
 * package (Kafka's code, name and `retriable`); everything the client detects itself is a
 * `ClientError` with a `code` from the fixed union below and the same `retriable` flag, so callers
 * can write one check: `if (err.retriable) ...`.
 */
import { ErrorCode, KafkaError } from '@samsa/protocol';

export { ErrorCode, KafkaError };

export type ClientErrorCode =
  | 'CONNECTION_FAILED'
  | 'CONNECTION_CLOSED'
  | 'REQUEST_TIMEOUT'
  | 'ABORTED'
  | 'UNSUPPORTED_VERSION'
  | 'CLIENT_CLOSED'
  | 'BUFFER_EXHAUSTED'
  | 'DELIVERY_TIMEOUT'
  | 'METADATA_TIMEOUT'
  | 'NO_BROKERS'
  | 'INVALID_CONFIG'
  | 'INVALID_RECORD'
  | 'ILLEGAL_STATE'
  | 'TRANSACTION_ABORTED'
  /** The TLS handshake failed: an untrusted or misnamed certificate, or the broker refused ours. */
  | 'SSL_AUTHENTICATION_FAILED'
  /** The SASL exchange failed on the client's side (e.g. the broker's SCRAM signature is wrong). */
  | 'SASL_AUTHENTICATION_FAILED';

const RETRIABLE: ReadonlySet<ClientErrorCode> = new Set([
  'CONNECTION_FAILED',
  'CONNECTION_CLOSED',
  'REQUEST_TIMEOUT',
  'NO_BROKERS',
  'METADATA_TIMEOUT',
]);

export class ClientError extends Error {
  override readonly name: string = 'ClientError';
  readonly code: ClientErrorCode;
  readonly retriable: boolean;

  constructor(code: ClientErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.retriable = RETRIABLE.has(code);
  }
}

/** The socket could not be opened or broke; requests on it may or may not have been processed. */
export class ConnectionError extends ClientError {
  override readonly name = 'ConnectionError';
}

export class RequestTimeoutError extends ClientError {
  override readonly name = 'RequestTimeoutError';
  constructor(message: string) {
    super('REQUEST_TIMEOUT', message);
  }
}

export class AbortedError extends ClientError {
  override readonly name = 'AbortedError';
  constructor(reason?: unknown) {
    super('ABORTED', 'the operation was aborted', { cause: reason });
  }
}

export class UnsupportedVersionError extends ClientError {
  override readonly name = 'UnsupportedVersionError';
  constructor(message: string) {
    super('UNSUPPORTED_VERSION', message);
  }
}

/** True for errors worth retrying: retriable Kafka codes and the client's own transient failures. */
export function isRetriable(err: unknown): boolean {
  return (err instanceof KafkaError || err instanceof ClientError) && err.retriable;
}

/** Codes after which the client's metadata is probably stale (Java's InvalidMetadataException). */
const STALE_METADATA: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.KAFKA_STORAGE_ERROR,
  ErrorCode.UNKNOWN_TOPIC_ID,
  ErrorCode.INCONSISTENT_TOPIC_ID,
  ErrorCode.BROKER_NOT_AVAILABLE,
  ErrorCode.REPLICA_NOT_AVAILABLE,
]);

export function invalidatesMetadata(err: unknown): boolean {
  if (err instanceof KafkaError) return STALE_METADATA.has(err.code);
  return err instanceof ConnectionError;
}

const AUTHENTICATION_CODES: ReadonlySet<number> = new Set([
  ErrorCode.SASL_AUTHENTICATION_FAILED,
  ErrorCode.UNSUPPORTED_SASL_MECHANISM,
  ErrorCode.ILLEGAL_SASL_STATE,
]);

/** A SASL failure: fatal for the call (Java's AuthenticationException), never retried elsewhere. */
export function isAuthenticationError(err: unknown): boolean {
  if (err instanceof ClientError)
    return err.code === 'SASL_AUTHENTICATION_FAILED' || err.code === 'SSL_AUTHENTICATION_FAILED';
  return err instanceof KafkaError && AUTHENTICATION_CODES.has(err.code);
}
