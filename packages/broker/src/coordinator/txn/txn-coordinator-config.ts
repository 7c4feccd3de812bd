import type { BrokerConfig } from '../../config/index.js';

export interface TxnCoordinatorConfig {
  /** Partitions of __transaction_state (the existing topic's count wins over the setting). */
  numPartitions: number;
  /** transaction.max.timeout.ms */
  maxTimeoutMs: number;
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms */
  abortCheckIntervalMs: number;
  /** transactional.id.expiration.ms */
  idExpirationMs: number;
  /** transaction.remove.expired.transaction.cleanup.interval.ms */
  idExpirationCheckIntervalMs: number;
}

export function txnCoordinatorConfig(c: BrokerConfig): TxnCoordinatorConfig {
  return {
    numPartitions: c.transactionStateLogNumPartitions,
    maxTimeoutMs: c.transactionMaxTimeoutMs,
    abortCheckIntervalMs: c.transactionAbortTimedOutTransactionCleanupIntervalMs,
    idExpirationMs: c.transactionalIdExpirationMs,
    idExpirationCheckIntervalMs: c.transactionRemoveExpiredTransactionCleanupIntervalMs,
  };
}
