/**
 * The producer's typed errors for transactions and oversized records, each carrying Kafka's code.
 *
 * - Fatal (FatalProducerError and subclasses): the producer can do nothing more but `close()`;
 *   every later call rejects with the same error. A newer producer with the same transactionalId
 *   (ProducerFencedError), a missing ACL (TransactionalIdAuthorizationError), or a broker answer
 *   the client cannot recover from.
 * - Abortable (AbortableTransactionError): the current transaction failed and can only be
 *   aborted; after `abortTransaction()` the producer is usable again. `code` is the failure's
 *   Kafka code (TRANSACTION_ABORTABLE when the cause was not a broker answer, e.g. a timeout).
 *
 * None is retriable: retrying the same call cannot succeed.
 */
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { ClientError } from '../../errors.js';

export class FatalProducerError extends KafkaError {
  override readonly name: string = 'FatalProducerError';
  override readonly retriable = false;
  readonly fatal = true;
}

/** Another producer with the same transactionalId started (InitProducerId bumped the epoch). */
export class ProducerFencedError extends FatalProducerError {
  override readonly name: string = 'ProducerFencedError';
}

export class TransactionalIdAuthorizationError extends FatalProducerError {
  override readonly name: string = 'TransactionalIdAuthorizationError';
}

export class AbortableTransactionError extends KafkaError {
  override readonly name: string = 'AbortableTransactionError';
  override readonly retriable = false;
  readonly fatal = false;
}

/** A record that does not fit in the broker's max.message.bytes even alone in a batch. */
export class RecordTooLargeError extends KafkaError {
  override readonly name: string = 'RecordTooLargeError';
  override readonly retriable = false;
}

/** The codes after which a transactional producer cannot continue (as in the Java client). */
const FATAL: ReadonlySet<number> = new Set([
  ErrorCode.PRODUCER_FENCED,
  ErrorCode.INVALID_PRODUCER_EPOCH,
  ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
  ErrorCode.TRANSACTION_COORDINATOR_FENCED,
  ErrorCode.INVALID_TXN_STATE,
  ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
  ErrorCode.UNSUPPORTED_VERSION,
  ErrorCode.INVALID_TRANSACTION_TIMEOUT,
  ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
]);

export function isFatalCode(code: number): boolean {
  return FATAL.has(code);
}

/** The fatal error for a Kafka code: an old epoch means fenced, as the Java client reports it. */
export function fatalError(code: number, message: string, cause?: unknown): FatalProducerError {
  if (code === ErrorCode.PRODUCER_FENCED || code === ErrorCode.INVALID_PRODUCER_EPOCH) {
    return new ProducerFencedError(
      ErrorCode.PRODUCER_FENCED,
      `${message}: there is a newer producer with the same transactionalId`,
      { cause },
    );
  }
  if (code === ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) {
    return new TransactionalIdAuthorizationError(code, message, { cause });
  }
  return new FatalProducerError(code, message, { cause });
}

/** Wraps any failure inside a transaction as the error that makes it abortable. */
export function abortableError(err: unknown, what: string): AbortableTransactionError {
  if (err instanceof AbortableTransactionError) return err;
  const code = err instanceof KafkaError ? err.code : ErrorCode.TRANSACTION_ABORTABLE;
  const reason = err instanceof Error ? err.message : String(err);
  return new AbortableTransactionError(code, `${what}; the transaction must be aborted: ${reason}`, { cause: err });
}

/** Classifies a failure of a transactional operation: fatal, or else abortable. */
export function transactionError(err: unknown, what: string): FatalProducerError | AbortableTransactionError {
  if (err instanceof FatalProducerError || err instanceof AbortableTransactionError) return err;
  if (err instanceof KafkaError && isFatalCode(err.code)) return fatalError(err.code, `${what}: ${err.message}`, err);
  return abortableError(err, what);
}

/** What the batches still queued fail with when their transaction is aborted. */
export class TransactionAbortedError extends ClientError {
  override readonly name = 'TransactionAbortedError';
  constructor() {
    super('TRANSACTION_ABORTED', 'the record was not sent: its transaction was aborted');
  }
}
