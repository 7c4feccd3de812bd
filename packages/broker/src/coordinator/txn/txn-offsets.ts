/**
 * The transactional side's view of the group coordinator (a small interface, so neither owns the
 * other). TxnOffsetCommit is checked when it arrives and its offsets are appended to
 * __consumer_offsets as transactional records (TxnOffsetLog); the commit marker for that partition
 * publishes them as ordinary commits (TxnMarkerAppender), an abort marker leaves them unread. As
 * in Kafka, this happens at the group's coordinator, whichever broker coordinates the transaction.
 */
import type { OffsetCommitEntry } from '../group/offset-manager.js';

export interface TxnOffsetGroups {
  /** The __consumer_offsets partition of the group (AddOffsetsToTxn adds it to the transaction). */
  partitionFor(groupId: string): number;
  /** Error codes aligned with `offsets`, nothing written. */
  validate(req: {
    groupId: string;
    generationId: number;
    memberId: string;
    groupInstanceId: string | null;
    offsets: OffsetCommitEntry[];
  }): number[];
  /** Writes the offsets of a committed transaction. */
  commit(groupId: string, offsets: OffsetCommitEntry[]): Promise<number[]>;
}
