/**
 * OffsetFetch's require_stable (KIP-447): a partition whose group has offsets waiting in an open
 * transaction answers UNSTABLE_OFFSET_COMMIT instead of the committed offset, so a consumer taking
 * the partition over does not start from an offset the transaction is about to replace.
 *
 * Pending offsets are found in the log rather than kept in memory: the open transactions of the
 * group's __consumer_offsets partition (its producer state) are read back from their first offset,
 * as the commit marker will read them. That costs a read per asking consumer while a transaction is
 * open in the partition, which only happens when a consumer is assigned partitions.
 */
import { ErrorCode } from '@samsa/protocol';
import type { ReplicaManager } from '../../replica/replica-manager.js';
import { OFFSETS_TOPIC } from '../group/group-partition.js';
import type { FetchedOffset } from '../group/offset-manager.js';
import { ReplicaTxnOffsetLog } from './txn-offset-log.js';

/** `topic\0partition` of every offset of `groupId` that an open transaction holds in `partition`. */
export function pendingTxnOffsets(replicas: ReplicaManager, partition: number, groupId: string): Set<string> {
  const pending = new Set<string>();
  const log = replicas.getPartition(OFFSETS_TOPIC, partition)?.log;
  if (!log) return pending;
  const offsets = new ReplicaTxnOffsetLog(replicas);
  for (const producer of log.producerState.all()) {
    if (producer.currentTxnFirstOffset < 0) continue;
    for (const staged of offsets.readOpen(partition, producer.producerId)) {
      if (staged.groupId !== groupId) continue;
      for (const o of staged.offsets) pending.add(`${o.topic}\0${o.partition}`);
    }
  }
  return pending;
}

/** The fetched offsets with UNSTABLE_OFFSET_COMMIT (and no offset) where a transaction is pending. */
export function markUnstable(
  topics: Array<{ name: string; partitions: FetchedOffset[] }>,
  pending: Set<string>,
): Array<{ name: string; partitions: FetchedOffset[] }> {
  if (pending.size === 0) return topics;
  return topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) =>
      pending.has(`${t.name}\0${p.partition}`)
        ? {
            partition: p.partition,
            offset: -1n,
            leaderEpoch: -1,
            metadata: '',
            errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT,
          }
        : p,
    ),
  }));
}
