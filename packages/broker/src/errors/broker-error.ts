/**
 * The broker's internal errors: a failure that is not an answer to a client (those are KafkaError)
 * and not the log's (StorageError), e.g. a service used before it started or an invariant of the
 * code that does not hold. A request that meets one is answered UNKNOWN_SERVER_ERROR and the error
 * is logged with its stack (errors/kafka-failure.ts), because it means a bug or a lifecycle fault.
 */
export type BrokerErrorCode =
  /** A component was used before its start() completed. */
  | 'NOT_STARTED'
  /** Something the code relies on does not hold (a definition table with a duplicate, a config read as the wrong type). */
  | 'ILLEGAL_STATE';

export class BrokerError extends Error {
  override readonly name = 'BrokerError';
  constructor(
    readonly code: BrokerErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
