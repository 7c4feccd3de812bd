/**
 * The coordinator's access to __transaction_state through the replica manager: appends one
 * record per state change (synchronously, so the log keeps the order of the decisions), waits for
 * the ISR before the coordinator acts on a change (Kafka appends with acks=-1), and reads a
 * partition back from its start at load time.
 */
import { decodeRecordBatches, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import { TRANSACTION_STATE_TOPIC } from './txn-topic.js';

export interface TxnStateLog {
  /** Appends one record; returns Kafka's error code. */
  append(partition: number, key: Buffer, value: Buffer | null, now: number): number;
  /**
   * Resolves NONE once everything appended to the partition so far is in the ISR (at once on a
   * single node), else NOT_COORDINATOR (leadership lost) or COORDINATOR_NOT_AVAILABLE (timed out).
   */
  awaitDurable(partition: number): Promise<number>;
  /** Every record of the partition from its start, in log order. */
  readAll(partition: number): Iterable<{ key: Buffer; value: Buffer | null }>;
  /** The partition's leader epoch (the coordinator epoch markers carry), -1 if not led here. */
  coordinatorEpoch(partition: number): number;
}

export class ReplicaTxnStateLog implements TxnStateLog {
  constructor(
    private readonly replicas: ReplicaManager,
    private readonly brokerId: number,
    private readonly replicationTimeoutMs: number,
  ) {}

  append(partition: number, key: Buffer, value: Buffer | null, now: number): number {
    const batch = encodeRecordBatch({ records: [{ key, value, timestamp: now }] });
    return this.replicas.appendRecords({ topic: TRANSACTION_STATE_TOPIC, partition, records: batch, acks: -1, now })
      .errorCode;
  }

  async awaitDurable(partition: number): Promise<number> {
    const ok = await this.replicas.awaitLogEndReplicated(TRANSACTION_STATE_TOPIC, partition, this.replicationTimeoutMs);
    if (ok) return ErrorCode.NONE;
    return this.coordinatorEpoch(partition) < 0 ? ErrorCode.NOT_COORDINATOR : ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }

  *readAll(partition: number): Iterable<{ key: Buffer; value: Buffer | null }> {
    const p = this.replicas.getPartition(TRANSACTION_STATE_TOPIC, partition);
    if (!p) return;
    const log = p.log;
    let offset = log.logStartOffset;
    const end = log.logEndOffset;
    while (offset < end) {
      const { records } = log.read({ startOffset: offset, maxBytes: 1 << 20, limit: end, minOneBatch: true });
      if (records.length === 0) break;
      let next = offset;
      for (const batch of decodeRecordBatches(records)) {
        next = Number(batch.baseOffset) + batch.lastOffsetDelta + 1;
        if (batch.isControl) continue;
        for (const r of batch.records) {
          if (r.key === null || Number(r.offset) < offset) continue;
          yield { key: Buffer.from(r.key), value: r.value === null ? null : Buffer.from(r.value) };
        }
      }
      if (next <= offset) break;
      offset = next;
    }
  }

  coordinatorEpoch(partition: number): number {
    const p = this.replicas.getPartition(TRANSACTION_STATE_TOPIC, partition);
    return p?.isLeader(this.brokerId) ? p.leaderEpoch : -1;
  }
}

/** Kafka's mapping of a transaction log append failure to what the client is told. */
export function txnAppendError(code: number): number {
  switch (code) {
    case ErrorCode.NONE:
      return ErrorCode.NONE;
    case ErrorCode.PRODUCER_FENCED:
    case ErrorCode.INVALID_PRODUCER_EPOCH:
      return ErrorCode.PRODUCER_FENCED;
    case ErrorCode.NOT_COORDINATOR:
    case ErrorCode.COORDINATOR_NOT_AVAILABLE:
      return code;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    default:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
  }
}
