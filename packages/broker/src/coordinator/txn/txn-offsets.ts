/**
 * The transaction coordinator's view of the group coordinator (a small interface, so neither owns
 * the other): TxnOffsetCommit is checked when it arrives, and its offsets are staged here until
 * the transaction ends — written as ordinary commits on commit, dropped on abort. They are also
 * appended to __consumer_offsets as transactional records (TxnOffsetLog), from which a restarted
 * coordinator stages them again.
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

/** Offsets staged per transactional id and group; a later commit of a partition replaces an earlier one. */
export class StagedTxnOffsets {
  private readonly byTxn = new Map<string, Map<string, Map<string, OffsetCommitEntry>>>();

  stage(transactionalId: string, groupId: string, offsets: OffsetCommitEntry[]): void {
    let groups = this.byTxn.get(transactionalId);
    if (!groups) {
      groups = new Map();
      this.byTxn.set(transactionalId, groups);
    }
    let entries = groups.get(groupId);
    if (!entries) {
      entries = new Map();
      groups.set(groupId, entries);
    }
    for (const o of offsets) entries.set(`${o.topic}\0${o.partition}`, o);
  }

  /** What the transaction staged, by group. */
  peek(transactionalId: string): Array<{ groupId: string; offsets: OffsetCommitEntry[] }> {
    const groups = this.byTxn.get(transactionalId);
    if (!groups) return [];
    return [...groups].map(([groupId, entries]) => ({ groupId, offsets: [...entries.values()] }));
  }

  /** Removes and returns what the transaction staged, by group. */
  take(transactionalId: string): Array<{ groupId: string; offsets: OffsetCommitEntry[] }> {
    const groups = this.byTxn.get(transactionalId);
    this.byTxn.delete(transactionalId);
    if (!groups) return [];
    return [...groups].map(([groupId, entries]) => ({ groupId, offsets: [...entries.values()] }));
  }
}
