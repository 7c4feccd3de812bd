/**
 * Where the coordinator's records go and come back from: the partitions of __consumer_offsets.
 * The interface lets unit tests keep the log in memory; the broker's implementation appends
 * through the ReplicaManager (so a commit is acknowledged by the same rule as a produce with
 * acks=all) and reads the partition's log directly when loading.
 */
import {
  type CompressionType,
  decodeRecordBatches,
  ErrorCode,
  encodeRecordBatch,
  type RecordInput,
} from '@samsa/protocol';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import type { RawRecord } from './coordinator-record.js';
import { OFFSETS_TOPIC } from './group-partition.js';

export interface CoordinatorLog {
  /** Appends the records as one batch; returns Kafka's error code (NONE once the append is durable). */
  append(partition: number, records: RawRecord[], now: number): number;
  /** The partition's records from its start, in chunks of about `maxBytes`; absent partition: none. */
  readFrom(partition: number, maxBytes: number): Iterable<RawRecord[]>;
  /** Whether this broker leads the partition (and so coordinates its groups). */
  isLeader(partition: number): boolean;
  /**
   * Calls `then` with NONE once everything appended to the partition so far is in the ISR — at
   * once, synchronously, when it already is (always on a single node) — or with the append error
   * (REQUEST_TIMED_OUT, NOT_LEADER_OR_FOLLOWER) when that cannot happen.
   */
  whenReplicated(partition: number, then: (code: number) => void): void;
}

export class ReplicaCoordinatorLog implements CoordinatorLog {
  constructor(
    private readonly replicas: ReplicaManager,
    private readonly brokerId: number,
    private readonly compression: () => CompressionType,
    /** offsets.commit.timeout.ms, which Kafka's coordinator also waits for group metadata. */
    private readonly replicationTimeoutMs = 5000,
  ) {}

  append(partition: number, records: RawRecord[], now: number): number {
    const inputs: RecordInput[] = records.map((r) => ({ key: r.key, value: r.value, timestamp: now }));
    const batch = encodeRecordBatch({ records: inputs, compression: this.compression() });
    return this.replicas.appendRecords({ topic: OFFSETS_TOPIC, partition, records: batch, acks: -1, now }).errorCode;
  }

  *readFrom(partition: number, maxBytes: number): Iterable<RawRecord[]> {
    const p = this.replicas.getPartition(OFFSETS_TOPIC, partition);
    if (!p) return;
    const log = p.log;
    let offset = log.logStartOffset;
    const end = log.logEndOffset;
    while (offset < end) {
      const { records } = log.read({ startOffset: offset, maxBytes, limit: end, minOneBatch: true });
      if (records.length === 0) break;
      const chunk: RawRecord[] = [];
      let next = offset;
      for (const batch of decodeRecordBatches(records)) {
        next = Number(batch.baseOffset) + batch.lastOffsetDelta + 1;
        // Control batches (transaction markers) and transactional offset commits are not ours yet.
        if (batch.isControl || batch.isTransactional) continue;
        for (const r of batch.records) {
          if (r.key === null || Number(r.offset) < offset) continue;
          chunk.push({ key: Buffer.from(r.key), value: r.value === null ? null : Buffer.from(r.value) });
        }
      }
      if (next <= offset) break;
      offset = next;
      yield chunk;
    }
  }

  isLeader(partition: number): boolean {
    return this.replicas.getPartition(OFFSETS_TOPIC, partition)?.isLeader(this.brokerId) ?? false;
  }

  whenReplicated(partition: number, then: (code: number) => void): void {
    const p = this.replicas.getPartition(OFFSETS_TOPIC, partition);
    if (!p || !p.isLeader(this.brokerId)) {
      then(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    } else if (p.log.highWatermark >= p.log.logEndOffset) {
      then(ErrorCode.NONE);
    } else {
      void this.replicas
        .awaitLogEndReplicated(OFFSETS_TOPIC, partition, this.replicationTimeoutMs)
        .then((ok) =>
          then(
            ok
              ? ErrorCode.NONE
              : this.isLeader(partition)
                ? ErrorCode.REQUEST_TIMED_OUT
                : ErrorCode.NOT_LEADER_OR_FOLLOWER,
          ),
        );
    }
  }
}

/** Kafka's mapping of an append failure to what a group operation reports (GroupMetadataManager). */
export function groupAppendError(code: number): number {
  switch (code) {
    case ErrorCode.NONE:
      return ErrorCode.NONE;
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    default:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
  }
}

/** The same for offset commits, where an oversized batch means the commit itself is too large. */
export function offsetAppendError(code: number): number {
  switch (code) {
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
    case ErrorCode.INVALID_FETCH_SIZE:
      return ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
    default:
      return groupAppendError(code);
  }
}
