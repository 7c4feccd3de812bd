import { type ErrorName, errorInfo } from './error-codes.js';

/**
 * A Kafka error code raised as an exception: what a broker handler throws to answer with that code,
 * and what a client throws when a response carries one. Unlike ProtocolError (bytes that could not be
 * decoded), this is a well-formed answer that happens to say no.
 */
export class KafkaError extends Error {
  override readonly name: string = 'KafkaError';
  readonly code: number;
  /** Kafka's name for the code, or 'UNKNOWN' when this table does not know it (the number is kept). */
  readonly errorName: ErrorName | 'UNKNOWN';
  readonly retriable: boolean;

  /**
   * `message` replaces Kafka's default text for the code; null counts as absent because responses
   * carry a nullable error message and Kafka's clients fall back to the default the same way.
   */
  constructor(code: number, message?: string | null, options?: ErrorOptions) {
    const info = errorInfo(code);
    super(message ?? info.message, options);
    this.code = code;
    this.errorName = info.name;
    this.retriable = info.retriable;
  }

  static fromCode(code: number, message?: string | null): KafkaError {
    return new KafkaError(code, message);
  }
}

/** Throws the KafkaError for `code` unless it is NONE, so response checks read as one line. */
export function throwIfError(code: number, message?: string | null): void {
  if (code !== 0) throw new KafkaError(code, message);
}

export function isKafkaError(e: unknown): e is KafkaError {
  return e instanceof KafkaError;
}
