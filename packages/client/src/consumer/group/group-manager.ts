/**
 * Everything a consumer with a groupId does beyond reading: the subscription (names or a RegExp),
 * membership (through Membership), positions from committed offsets, commits (explicit, and
 * automatic every autoCommitIntervalMs of what the application has finished processing), the
 * rebalance listener, and leaving the group on close. Membership is the classic protocol's, or the
 * KIP-848 consumer protocol's (ConsumerMembership) with groupProtocol 'consumer'.
 *
 * Owner: the Consumer, which hands it a narrow view of its state (ConsumerView). Assignment
 * changes happen only inside Membership's loop (onAssigned/onRevoked/onLost).
 */
import type { Logger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import type { ResolvedCommonConfig } from '../../config.js';
import { clientConfigNumber, clientConfigValue } from '../../config-defs.js';
import { isRetriable } from '../../errors.js';
import type { Cluster } from '../../metadata/cluster.js';
import { withRetries } from '../../retry.js';
import type { PartitionState, TopicPartition } from '../subscription-state.js';
import type { ConsumerConfig } from '../types.js';
import { ConsumerMembership } from './consumer-membership.js';
import { type CommitEntry, GroupRequests } from './group-requests.js';
import { Membership, type MembershipConfig, type MembershipHost } from './membership.js';

export interface RebalanceListener {
  onPartitionsAssigned?(partitions: TopicPartition[]): void | Promise<void>;
  onPartitionsRevoked?(partitions: TopicPartition[]): void | Promise<void>;
  /** Partitions taken away without a chance to commit (session lost); defaults to onPartitionsRevoked. */
  onPartitionsLost?(partitions: TopicPartition[]): void | Promise<void>;
}

/** What the group manager may see and do of the consumer. */
export interface ConsumerView {
  states(): PartitionState[];
  /** The offset of the last record the application finished with, per partition (commit adds 1). */
  processed: Map<PartitionState, bigint>;
  /** Replaces the assignment; new partitions get no position (the manager sets them). */
  setAssignment(tps: TopicPartition[]): void;
  /** Gives a partition without a committed offset its reset strategy. */
  resetPosition(state: PartitionState): void;
  seekState(state: PartitionState, offset: bigint): void;
  notify(): void;
  /** Whether the application is waiting for records right now. */
  reading(): boolean;
}

export interface GroupConfig extends MembershipConfig {
  groupProtocol: 'classic' | 'consumer';
  groupRemoteAssignor: string | null;
  enableAutoCommit: boolean;
  autoCommitIntervalMs: number;
  defaultApiTimeoutMs: number;
  metadataMaxAgeMs: number;
}

const key = (tp: TopicPartition) => `${tp.topic}\0${tp.partition}`;
const REBALANCE_ERRORS: ReadonlySet<number> = new Set([
  ErrorCode.REBALANCE_IN_PROGRESS,
  ErrorCode.ILLEGAL_GENERATION,
  ErrorCode.UNKNOWN_MEMBER_ID,
  ErrorCode.FENCED_MEMBER_EPOCH,
]);

export class GroupManager implements MembershipHost {
  readonly requests: GroupRequests;
  private membership: Membership | ConsumerMembership | null = null;
  private topics: string[] = [];
  private pattern: RegExp | null = null;
  private patternCheckedAt = 0;
  private listener: RebalanceListener = {};
  private autoCommitTimer: NodeJS.Timeout | null = null;
  private readonly lastCommitted = new Map<string, bigint>();
  fatal: Error | null = null;
  private lastPollAt = Date.now();

  constructor(
    private readonly config: GroupConfig,
    private readonly cluster: Cluster,
    private readonly consumer: ConsumerView,
    private readonly logger: Logger,
  ) {
    this.requests = new GroupRequests(cluster, config.groupId);
    if (config.enableAutoCommit) {
      this.autoCommitTimer = setInterval(() => {
        this.commitProcessed().catch((err) =>
          this.logger.warn({ group: config.groupId, error: String(err) }, 'auto-commit failed'),
        );
      }, config.autoCommitIntervalMs);
      this.autoCommitTimer.unref();
    }
  }

  /** Generation and member id for a transactional offset commit (-1 and '' before joining). */
  get member(): { groupId: string; generationId: number; memberId: string; groupInstanceId: string | null } {
    const m = this.membership?.member ?? {
      generationId: -1,
      memberId: '',
      groupInstanceId: this.config.groupInstanceId,
    };
    return { groupId: this.config.groupId, ...m };
  }

  get subscribed(): boolean {
    return this.membership !== null;
  }

  async subscribe(topics: string[] | RegExp, listener: RebalanceListener): Promise<void> {
    this.listener = listener;
    this.lastPollAt = Date.now();
    if (topics instanceof RegExp) {
      this.pattern = topics;
      this.topics = await this.matchingTopics();
    } else {
      this.pattern = null;
      this.topics = [...new Set(topics)].sort();
    }
    this.cluster.track(this.topics);
    if (!this.membership) {
      this.membership =
        this.config.groupProtocol === 'consumer'
          ? new ConsumerMembership(this.config, this.requests, this.cluster, this, this.logger)
          : new Membership(this.config, this.requests, this.cluster, this, this.logger);
      this.membership.start();
    } else {
      this.membership.requestRejoin();
    }
  }

  private async matchingTopics(): Promise<string[]> {
    const m = await this.cluster.refresh(null);
    this.patternCheckedAt = Date.now();
    const pattern = this.pattern as RegExp;
    return [...m.topics.values()]
      .filter((t) => !t.isInternal && pattern.test(t.name))
      .map((t) => t.name)
      .sort();
  }

  // ---- MembershipHost

  subscribedTopics(): string[] {
    return this.topics;
  }

  owned(): TopicPartition[] {
    return this.consumer.states().map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  async onAssigned(added: TopicPartition[], all: TopicPartition[]): Promise<void> {
    this.consumer.setAssignment(all);
    const addedKeys = new Set(added.map(key));
    await this.initPositions(this.consumer.states().filter((s) => addedKeys.has(key(s))));
    await this.listener.onPartitionsAssigned?.(added);
  }

  async onRevoked(revoked: TopicPartition[]): Promise<void> {
    if (this.config.enableAutoCommit) {
      await this.commitProcessed(revoked).catch((err) =>
        this.logger.warn({ error: String(err) }, 'commit before revocation failed'),
      );
    }
    await this.listener.onPartitionsRevoked?.(revoked);
    this.remove(revoked);
  }

  async onLost(lost: TopicPartition[]): Promise<void> {
    if (lost.length === 0) return;
    await (this.listener.onPartitionsLost ?? this.listener.onPartitionsRevoked)?.call(this.listener, lost);
    this.remove(lost);
  }

  private remove(tps: TopicPartition[]): void {
    const gone = new Set(tps.map(key));
    this.consumer.setAssignment(this.owned().filter((tp) => !gone.has(key(tp))));
  }

  pollOverdue(): boolean {
    // A reader waiting for data is polling, however long it waits.
    return !this.consumer.reading() && Date.now() - this.lastPollAt > this.config.rebalanceTimeoutMs;
  }

  /** The application asked for records (poll, next record or batch). */
  onPoll(): void {
    this.lastPollAt = Date.now();
    this.membership?.onPoll();
  }

  onFatal(err: Error): void {
    this.fatal = err;
    this.consumer.notify();
  }

  async subscriptionChanged(): Promise<boolean> {
    if (this.pattern && Date.now() - this.patternCheckedAt >= this.config.metadataMaxAgeMs) {
      const next = await this.matchingTopics();
      if (next.join('\0') !== this.topics.join('\0')) {
        this.topics = next;
        this.cluster.track(next);
        return true;
      }
    }
    const counts = this.membership?.joinedPartitionCounts;
    const m = this.cluster.metadata;
    return this.topics.some((t) => m.topics.has(t) && m.partitionCount(t) !== (counts?.get(t) ?? -1));
  }

  // ---- positions and commits

  /** Positions for newly assigned partitions: the committed offset, else the reset strategy. */
  async initPositions(states: PartitionState[]): Promise<void> {
    if (states.length === 0) return;
    const epochs = states.map((s) => s.epoch);
    let committed: Map<string, bigint | null>;
    try {
      committed = await this.retry(() => this.requests.fetchCommitted(states));
    } catch (err) {
      this.logger.warn({ error: String(err) }, 'fetching committed offsets failed; using autoOffsetReset');
      committed = new Map();
    }
    states.forEach((s, i) => {
      if (s.epoch !== epochs[i] || s.position !== null) return;
      const offset = committed.get(key(s));
      if (offset !== undefined && offset !== null) this.consumer.seekState(s, offset);
      else this.consumer.resetPosition(s);
    });
  }

  /** Commits the given offsets, or what the application has processed (only what changed). */
  async commit(offsets?: CommitEntry[]): Promise<void> {
    if (offsets) return this.commitEntries(offsets);
    return this.commitProcessed();
  }

  private commitProcessed(only?: TopicPartition[]): Promise<void> {
    const filter = only ? new Set(only.map(key)) : null;
    const entries: CommitEntry[] = [];
    for (const [s, last] of this.consumer.processed) {
      const offset = last + 1n;
      const k = key(s);
      if (filter && !filter.has(k)) continue;
      if (this.lastCommitted.get(k) === offset) continue;
      entries.push({ topic: s.topic, partition: s.partition, offset });
    }
    return this.commitEntries(entries);
  }

  private async commitEntries(entries: CommitEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const member = () => this.membership?.member ?? { generationId: -1, memberId: '', groupInstanceId: null };
    try {
      // KIP-848: a commit racing an epoch bump is retried with the new epoch, as Java's client does.
      const stale = (err: unknown) => err instanceof KafkaError && err.code === ErrorCode.STALE_MEMBER_EPOCH;
      await this.retry(() => this.requests.commit(entries, member()), stale);
    } catch (err) {
      if (err instanceof KafkaError && REBALANCE_ERRORS.has(err.code)) {
        this.membership?.requestRejoin();
        throw new KafkaError(
          err.code,
          `commit failed: the group rebalanced (${err.errorName}); records may be redelivered`,
        );
      }
      throw err;
    }
    for (const e of entries) this.lastCommitted.set(key(e), e.offset);
  }

  async committed(tps: TopicPartition[]): Promise<Array<TopicPartition & { offset: bigint | null }>> {
    const m = await this.retry(() => this.requests.fetchCommitted(tps));
    return tps.map((tp) => ({ ...tp, offset: m.get(key(tp)) ?? null }));
  }

  private retry<T>(fn: () => Promise<T>, alsoRetriable: (err: unknown) => boolean = () => false): Promise<T> {
    return withRetries(fn, {
      deadline: Date.now() + this.config.defaultApiTimeoutMs,
      retryBackoffMs: this.config.retryBackoffMs,
      retryBackoffMaxMs: this.config.retryBackoffMaxMs,
      retriable: (err) => {
        this.requests.checkCoordinatorError(err);
        return isRetriable(err) || alsoRetriable(err);
      },
    });
  }

  /** Commits processed records (auto-commit), revokes through the listener, leaves the group. */
  async close(): Promise<void> {
    if (this.autoCommitTimer) clearInterval(this.autoCommitTimer);
    this.autoCommitTimer = null;
    if (this.config.enableAutoCommit) {
      await this.commitProcessed().catch((err) => this.logger.warn({ error: String(err) }, 'final commit failed'));
    }
    if (this.membership) {
      const owned = this.owned();
      if (owned.length > 0) await Promise.resolve(this.listener.onPartitionsRevoked?.(owned)).catch(() => {});
      await this.membership.leave();
    }
  }

  unsubscribe(): Promise<void> {
    if (!this.membership) return Promise.resolve();
    const m = this.membership;
    this.membership = null;
    return (async () => {
      await this.onRevoked(this.owned()).catch(() => {});
      await m.leave();
      this.consumer.setAssignment([]);
    })();
  }
}

/** The group settings of a consumer config, with the Java client's defaults. */
export function groupConfig(
  config: ConsumerConfig<unknown, unknown>,
  common: ResolvedCommonConfig,
  defaultApiTimeoutMs: number,
): GroupConfig {
  return {
    groupId: config.groupId as string,
    groupInstanceId: config.groupInstanceId ?? null,
    sessionTimeoutMs: clientConfigNumber('session.timeout.ms', config.sessionTimeoutMs),
    rebalanceTimeoutMs: clientConfigNumber('max.poll.interval.ms', config.maxPollIntervalMs),
    heartbeatIntervalMs: clientConfigNumber('heartbeat.interval.ms', config.heartbeatIntervalMs),
    requestTimeoutMs: common.requestTimeoutMs,
    retryBackoffMs: common.retryBackoffMs,
    retryBackoffMaxMs: common.retryBackoffMaxMs,
    assignors: config.partitionAssignmentStrategy ?? ['range', 'cooperative-sticky'],
    groupProtocol: clientConfigValue('group.protocol', config.groupProtocol) as 'classic' | 'consumer',
    groupRemoteAssignor: config.groupRemoteAssignor ?? null,
    enableAutoCommit: config.enableAutoCommit ?? true,
    autoCommitIntervalMs: clientConfigNumber('auto.commit.interval.ms', config.autoCommitIntervalMs),
    defaultApiTimeoutMs,
    metadataMaxAgeMs: common.metadataMaxAgeMs,
  };
}
