/**
 * Committed offsets: OffsetCommit, OffsetFetch, OffsetDelete and retention. A commit is validated
 * against the group's generation as Kafka does, written to the group's __consumer_offsets
 * partition, and applied to memory by replaying what was written; fetches are served from memory.
 */
import { ErrorCode } from '@samsa/protocol';
import { offsetAppendError } from './coordinator-log.js';
import type { CoordinatorRecord } from './coordinator-record.js';
import type { ClassicGroup } from './group.js';
import type { GroupContext } from './group-context.js';
import type { CommittedOffset } from './group-offsets.js';
import type { Rebalancer } from './rebalance.js';

export interface OffsetCommitEntry {
  topic: string;
  partition: number;
  offset: bigint;
  leaderEpoch: number;
  metadata: string | null;
  /** -1: now (only OffsetCommit v1 lets clients set it). */
  commitTimestamp: number;
}

export interface CommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  offsets: OffsetCommitEntry[];
  /**
   * Offsets of a committed transaction (TxnOffsetCommit, checked when it arrived): written without
   * checking the member and generation again, which may have moved on since.
   */
  transactional?: boolean;
}

export interface FetchedOffset {
  partition: number;
  offset: bigint;
  leaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export type TopicPartitionExists = (topic: string, partition: number) => boolean;

export class OffsetManager {
  constructor(
    private readonly ctx: GroupContext,
    private readonly rebalancer: Rebalancer,
    private readonly partitionExists: TopicPartitionExists,
  ) {}

  /** Error codes aligned with req.offsets. `group` is undefined when the group does not exist yet. */
  async commit(group: ClassicGroup | undefined, partition: number, req: CommitRequest): Promise<number[]> {
    const all = (code: number) => req.offsets.map(() => code);
    // A commit outside any generation ("simple" or manual assignment) creates an empty group.
    if (!group && req.generationId >= 0 && !req.transactional) return all(ErrorCode.ILLEGAL_GENERATION);
    const g = group ?? this.ctx.groups.getOrCreate(req.groupId, partition, this.ctx.timer.now());
    const error = req.transactional
      ? g.is('Dead')
        ? ErrorCode.COORDINATOR_NOT_AVAILABLE
        : ErrorCode.NONE
      : this.validate(g, req);
    if (error !== ErrorCode.NONE) return all(error);
    // Validated now; the member's session counts from the commit, not from its append.
    const member = g.get(req.memberId);
    if (member && req.generationId >= 0 && !req.transactional) this.rebalancer.touch(g, member);
    const now = this.ctx.timer.now();
    const results = req.offsets.map((o) => this.entryError(o));
    const records: CoordinatorRecord[] = [];
    req.offsets.forEach((o, i) => {
      if (results[i] !== ErrorCode.NONE) return;
      records.push({
        kind: 'offset',
        key: { group: req.groupId, topic: o.topic, partition: o.partition },
        value: {
          offset: o.offset,
          leaderEpoch: o.leaderEpoch,
          metadata: o.metadata ?? '',
          commitTimestamp: o.commitTimestamp >= 0 ? o.commitTimestamp : now,
          expireTimestamp: -1,
        },
      });
    });
    if (records.length > 0) {
      const code = offsetAppendError(await this.ctx.writeBatched(g, records));
      if (code !== ErrorCode.NONE) return results.map((r) => (r === ErrorCode.NONE ? code : r));
    }
    return results;
  }

  /** TxnOffsetCommit's check, at the time it arrives: the same rules as OffsetCommit, nothing written. */
  validateOnly(group: ClassicGroup | undefined, req: CommitRequest): number[] {
    const all = (code: number) => req.offsets.map(() => code);
    if (!group) return all(req.generationId >= 0 ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.NONE);
    // Kafka checks the member only when the producer names one (TxnOffsetCommit v3+ with group metadata).
    const anonymous = req.generationId < 0 && req.memberId === '' && req.groupInstanceId === null;
    const error = anonymous
      ? group.is('Dead')
        ? ErrorCode.COORDINATOR_NOT_AVAILABLE
        : ErrorCode.NONE
      : this.validate(group, req);
    if (error !== ErrorCode.NONE) return all(error);
    return req.offsets.map((o) => this.entryError(o));
  }

  private validate(g: ClassicGroup, req: CommitRequest): number {
    if (g.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (req.groupInstanceId !== null) {
      const owner = g.staticMemberId(req.groupInstanceId);
      if (owner !== undefined && owner !== req.memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    if (req.generationId < 0 && g.is('Empty')) return ErrorCode.NONE;
    if (req.generationId >= 0 && g.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
    if (!g.has(req.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (req.generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
    return ErrorCode.NONE;
  }

  private entryError(o: OffsetCommitEntry): number {
    if (!this.partitionExists(o.topic, o.partition)) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (o.metadata !== null && o.metadata.length > this.ctx.config.offsetMetadataMaxBytes) {
      return ErrorCode.OFFSET_METADATA_TOO_LARGE;
    }
    return ErrorCode.NONE;
  }

  /** The group's offsets for the asked partitions (-1 where none), or all of them when `topics` is null. */
  fetch(
    group: ClassicGroup | undefined,
    topics: Array<{ name: string; partitions: number[] }> | null,
  ): Array<{ name: string; partitions: FetchedOffset[] }> {
    const entry = (partition: number, c: CommittedOffset | undefined): FetchedOffset =>
      c
        ? { partition, offset: c.offset, leaderEpoch: c.leaderEpoch, metadata: c.metadata, errorCode: 0 }
        : { partition, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: 0 };
    if (topics === null) {
      if (!group) return [];
      return group.offsets
        .topics()
        .sort()
        .map((name) => ({ name, partitions: group.offsets.partitionsOf(name).map(([p, c]) => entry(p, c)) }));
    }
    return topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => entry(p, group?.offsets.get(t.name, p))),
    }));
  }

  /** OffsetDelete: only offsets of topics the group does not consume (or any, for an empty group). */
  delete(
    group: ClassicGroup | undefined,
    topics: Array<{ name: string; partitions: number[] }>,
  ): {
    errorCode: number;
    results: Array<{ name: string; partitions: Array<{ partition: number; errorCode: number }> }>;
  } {
    if (!group || group.is('Dead')) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, results: [] };
    if (!group.is('Empty') && group.subscribedTopics() === null) {
      return { errorCode: ErrorCode.NON_EMPTY_GROUP, results: [] };
    }
    const records: CoordinatorRecord[] = [];
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((partition) => {
        if (!this.partitionExists(t.name, partition))
          return { partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
        if (!group.is('Empty') && group.isSubscribedTo(t.name)) {
          return { partition, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC };
        }
        if (group.offsets.get(t.name, partition)) {
          records.push({ kind: 'offset', key: { group: group.groupId, topic: t.name, partition }, value: null });
        }
        return { partition, errorCode: ErrorCode.NONE };
      }),
    }));
    if (records.length > 0) {
      const code = offsetAppendError(this.ctx.write(group, records));
      if (code !== ErrorCode.NONE) return { errorCode: code, results: [] };
    }
    return { errorCode: ErrorCode.NONE, results };
  }

  /**
   * The offsets of deleted partitions go (tombstones), as Kafka's coordinator drops them when the
   * metadata says the partitions were deleted: a topic re-created with the same name starts from
   * auto.offset.reset, not from offsets into logs that no longer exist. An empty group left without
   * offsets is removed too. Returns how many offsets were removed.
   */
  removeOffsetsOf(group: ClassicGroup, deleted: (topic: string, partition: number) => boolean): number {
    const records: CoordinatorRecord[] = [];
    for (const { topic, partition } of group.offsets.entries()) {
      if (deleted(topic, partition)) {
        records.push({ kind: 'offset', key: { group: group.groupId, topic, partition }, value: null });
      }
    }
    if (records.length === 0) return 0;
    const removed = records.length;
    const remaining = [...group.offsets.entries()].length - removed;
    if (group.is('Empty') && remaining === 0) records.push({ kind: 'group', group: group.groupId, value: null });
    const code = this.ctx.write(group, records);
    if (code !== ErrorCode.NONE) {
      this.ctx.logger.warn({ group: group.groupId, code }, 'could not remove the offsets of deleted partitions');
      return 0;
    }
    return removed;
  }

  /**
   * offsets.retention.minutes (Kafka 2.1+, KIP-211): an empty group's offsets expire that long after
   * it became empty; a simple group's (no protocol) that long after each commit; a Stable consumer
   * group's only for topics it no longer subscribes to. A group left with neither members nor
   * offsets is removed (tombstone).
   */
  expire(group: ClassicGroup, now: number): number {
    const retention = this.ctx.config.offsetsRetentionMs;
    let base: ((c: CommittedOffset) => number) | null = null;
    let consider: (topic: string) => boolean = () => true;
    if (group.protocolType === null) base = (c) => c.commitTimestamp;
    else if (group.is('Empty')) base = () => group.currentStateTimestamp;
    else if (group.is('Stable') && group.subscribedTopics() !== null) {
      const subscribed = group.subscribedTopics() as Set<string>;
      base = (c) => c.commitTimestamp;
      consider = (t) => !subscribed.has(t);
    }
    const records: CoordinatorRecord[] = [];
    if (base !== null) {
      for (const { topic, partition, value } of group.offsets.entries()) {
        if (consider(topic) && base(value) + retention <= now) {
          records.push({ kind: 'offset', key: { group: group.groupId, topic, partition }, value: null });
        }
      }
    }
    const expired = records.length;
    const remaining = [...group.offsets.entries()].length - expired;
    if (group.is('Empty') && remaining === 0) {
      records.push({ kind: 'group', group: group.groupId, value: null });
    }
    if (records.length > 0) {
      const code = this.ctx.write(group, records);
      if (code !== ErrorCode.NONE) {
        this.ctx.logger.warn({ group: group.groupId, code }, 'could not write expired offsets');
        return 0;
      }
    }
    return expired;
  }
}
