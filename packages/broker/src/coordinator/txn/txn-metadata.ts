/**
 * A transactional id's state (Kafka's TransactionMetadata), as the transaction coordinator keeps it
 * and writes it to __transaction_state. Values are plain data: a change is a new value written to
 * the log and then replayed, never an in-place edit.
 */

/** Kafka's TransactionState ids, as stored in the log's status byte. */
export enum TxnState {
  Empty = 0,
  Ongoing = 1,
  PrepareCommit = 2,
  PrepareAbort = 3,
  CompleteCommit = 4,
  CompleteAbort = 5,
  Dead = 6,
  PrepareEpochFence = 7,
}

export const TXN_STATE_NAMES: Record<TxnState, string> = {
  [TxnState.Empty]: 'Empty',
  [TxnState.Ongoing]: 'Ongoing',
  [TxnState.PrepareCommit]: 'PrepareCommit',
  [TxnState.PrepareAbort]: 'PrepareAbort',
  [TxnState.CompleteCommit]: 'CompleteCommit',
  [TxnState.CompleteAbort]: 'CompleteAbort',
  [TxnState.Dead]: 'Dead',
  [TxnState.PrepareEpochFence]: 'PrepareEpochFence',
};

export interface TxnPartition {
  topic: string;
  partition: number;
}

export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  txnTimeoutMs: number;
  state: TxnState;
  /** Partitions in the transaction (empty outside Ongoing / Prepare*). */
  partitions: TxnPartition[];
  txnStartTimestamp: number;
  txnLastUpdateTimestamp: number;
}

/** Epochs are int16; Kafka starts a new producer id rather than pass Short.MAX_VALUE - 1. */
export const MAX_PRODUCER_EPOCH = 32766;

export function hasPartition(m: TxnMetadata, topic: string, partition: number): boolean {
  return m.partitions.some((p) => p.topic === topic && p.partition === partition);
}

export function isComplete(state: TxnState): boolean {
  return state === TxnState.Empty || state === TxnState.CompleteCommit || state === TxnState.CompleteAbort;
}
