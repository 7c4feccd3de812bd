/**
 * Transactional offset commits in __consumer_offsets, as Kafka writes them: TxnOffsetCommit appends
 * the offsets as one transactional batch of ordinary offset-commit records under the producer's id
 * and epoch, and the transaction's marker in that partition closes them. The group coordinator's
 * loader skips transactional batches; these records exist so that offsets staged by a transaction
 * survive a coordinator restart (`readOpen` finds them again through the partition's producer
 * state), and the coordinator writes them as ordinary commits when the transaction commits.
 */
import { decodeRecordBatches, ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import { decodeCoordinatorRecord } from '../group/coordinator-record.js';
import { OFFSETS_TOPIC } from '../group/group-partition.js';
import { encodeOffsetCommitKey, encodeOffsetCommitValue } from '../group/offset-commit-record.js';
import type { OffsetCommitEntry } from '../group/offset-manager.js';

export interface StagedGroupOffsets {
  groupId: string;
  offsets: OffsetCommitEntry[];
}

export interface TxnOffsetLog {
  /**
   * Appends the offsets as one transactional batch; returns Kafka's error code (INVALID_PRODUCER_EPOCH,
   * as Kafka's log answers, if the partition has seen a newer epoch of the producer, e.g. the abort
   * marker of its fencing).
   */
  append(partition: number, producerId: number, producerEpoch: number, staged: StagedGroupOffsets, now: number): number;
  /** The offsets of the producer's open transaction in the partition (after a restart). */
  readOpen(partition: number, producerId: number): StagedGroupOffsets[];
}

export class ReplicaTxnOffsetLog implements TxnOffsetLog {
  constructor(private readonly replicas: ReplicaManager) {}

  append(
    partition: number,
    producerId: number,
    producerEpoch: number,
    staged: StagedGroupOffsets,
    now: number,
  ): number {
    const known = this.replicas.getPartition(OFFSETS_TOPIC, partition)?.log.producerState.get(producerId);
    if (known && known.producerEpoch > producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    const batch = encodeRecordBatch({
      producerId: BigInt(producerId),
      producerEpoch,
      baseSequence: -1,
      isTransactional: true,
      records: staged.offsets.map((o) => ({
        key: encodeOffsetCommitKey({ group: staged.groupId, topic: o.topic, partition: o.partition }),
        value: encodeOffsetCommitValue({
          offset: o.offset,
          leaderEpoch: o.leaderEpoch,
          metadata: o.metadata ?? '',
          commitTimestamp: now,
          expireTimestamp: -1,
        }),
        timestamp: now,
      })),
    });
    return this.replicas.appendRecords({
      topic: OFFSETS_TOPIC,
      partition,
      records: batch,
      acks: -1,
      now,
      origin: 'coordinator',
    }).errorCode;
  }

  readOpen(partition: number, producerId: number): StagedGroupOffsets[] {
    const log = this.replicas.getPartition(OFFSETS_TOPIC, partition)?.log;
    const first = log?.producerState.get(producerId)?.currentTxnFirstOffset ?? -1;
    if (!log || first < 0) return [];
    const byGroup = new Map<string, Map<string, OffsetCommitEntry>>();
    const end = log.logEndOffset;
    for (let offset = first; offset < end; ) {
      const { records } = log.read({ startOffset: offset, maxBytes: 1 << 20, limit: end, minOneBatch: true });
      const batches = decodeRecordBatches(records);
      if (batches.length === 0) break;
      for (const b of batches) {
        offset = Number(b.baseOffset) + b.lastOffsetDelta + 1;
        if (b.isControl || !b.isTransactional || b.producerId !== BigInt(producerId)) continue;
        for (const r of b.records) {
          if (r.key === null) continue;
          const rec = decodeCoordinatorRecord(Buffer.from(r.key), r.value === null ? null : Buffer.from(r.value));
          if (rec.kind !== 'offset' || rec.value === null) continue;
          const entries = byGroup.get(rec.key.group) ?? new Map<string, OffsetCommitEntry>();
          byGroup.set(rec.key.group, entries);
          entries.set(`${rec.key.topic}\0${rec.key.partition}`, {
            topic: rec.key.topic,
            partition: rec.key.partition,
            offset: rec.value.offset,
            leaderEpoch: rec.value.leaderEpoch,
            metadata: rec.value.metadata,
            commitTimestamp: -1,
          });
        }
      }
    }
    return [...byGroup].map(([groupId, entries]) => ({ groupId, offsets: [...entries.values()] }));
  }
}
