/**
 * The coordinator's access to __transaction_state through the replica manager: appends one
 * record per state change (synchronously, acks=all semantics on a single node) and reads a
 * partition back from its start at load time.
 */
import { decodeRecordBatches, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import { TRANSACTION_STATE_TOPIC } from './txn-topic.js';

export interface TxnStateLog {
  /** Appends one record; returns Kafka's error code. */
  append(partition: number, key: Buffer, value: Buffer | null, now: number): number;
  /** Every record of the partition from its start, in log order. */
  readAll(partition: number): Iterable<{ key: Buffer; value: Buffer | null }>;
  /** The partition's leader epoch (the coordinator epoch markers carry), -1 if not led here. */
  coordinatorEpoch(partition: number): number;
}

export class ReplicaTxnStateLog implements TxnStateLog {
  constructor(
    private readonly replicas: ReplicaManager,
    private readonly brokerId: number,
  ) {}

  append(partition: number, key: Buffer, value: Buffer | null, now: number): number {
    const batch = encodeRecordBatch({ records: [{ key, value, timestamp: now }] });
    return this.replicas.appendRecords(TRANSACTION_STATE_TOPIC, partition, batch, -1, now).errorCode;
  }

  *readAll(partition: number): Iterable<{ key: Buffer; value: Buffer | null }> {
    const p = this.replicas.getPartition(TRANSACTION_STATE_TOPIC, partition);
    if (!p) return;
    const log = p.log;
    let offset = log.logStartOffset;
    const end = log.logEndOffset;
    while (offset < end) {
      const { records } = log.read(offset, 1 << 20, end, true);
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
