/**
 * The group coordinator: owns every group whose __consumer_offsets partition this broker leads —
 * classic groups, and KIP-848 consumer groups (through ConsumerGroupCoordinator, consumer/) — answers
 * the group APIs for them, and persists their state in that partition. A group id names one kind:
 * a classic join to a consumer group with members is INCONSISTENT_GROUP_PROTOCOL, a consumer
 * heartbeat to a classic group with members GROUP_ID_NOT_FOUND; an empty group of either kind is
 * taken over by the other (offsets stay). Committed offsets live with the classic store's entry
 * of the id whatever the group's kind.
 *
 * Ownership and concurrency: all group state (GroupStore, per-partition load state, timers) is
 * changed only here and in the parts it creates (Membership, Rebalancer, OffsetManager), always on
 * the event loop and never across an await, so a decision and the state it was based on cannot be
 * separated. Appends to the log are synchronous; a classic record is replayed into memory only
 * after its append succeeded (consumer groups restore a snapshot when it fails).
 *
 * Lifecycle: start() loads every led partition (COORDINATOR_LOAD_IN_PROGRESS for its groups while
 * it runs) by replaying its records, then schedules offset expiry; stop() cancels every timer and
 * answers parked joins and syncs with NOT_COORDINATOR.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { type ConsumerGroupConfig, DEFAULT_CONSUMER_GROUP_CONFIG } from './consumer/consumer-config.js';
import { ConsumerGroupCoordinator } from './consumer/consumer-coordinator.js';
import type { ConsumerGroup } from './consumer/consumer-group.js';
import {
  type ConsumerGroupDescription,
  classicView,
  describeConsumerGroup,
} from './consumer/describe-consumer-group.js';
import {
  type ConsumerHeartbeatRequest,
  type ConsumerHeartbeatResult,
  heartbeatError,
} from './consumer/heartbeat-types.js';
import { checkConsumerCommit, checkConsumerFetch, subscribedTopicNames } from './consumer/offset-checks.js';
import { NO_TOPICS, type TopicLookup } from './consumer/subscriptions.js';
import type { GroupCoordinatorConfig } from './coordinator-config.js';
import { type CoordinatorLog, groupAppendError } from './coordinator-log.js';
import { type CoordinatorRecord, decodeCoordinatorRecord } from './coordinator-record.js';
import type { GroupContext } from './group-context.js';
import { partitionForGroup } from './group-partition.js';
import { GroupStore, type ReplayMode } from './group-store.js';
import { type JoinRequest, type MemberIdentity, Membership, type SyncRequest } from './membership.js';
import { type CommitRequest, type FetchedOffset, OffsetManager, type TopicPartitionExists } from './offset-manager.js';
import { Rebalancer } from './rebalance.js';
import { RecordAppender } from './record-appender.js';
import { type JoinResult, joinError, type SyncResult, syncError } from './results.js';
import type { CoordinatorTimer, TimerTask } from './timer.js';

type PartitionState = 'loading' | 'active';

export interface GroupCoordinatorOptions {
  config: GroupCoordinatorConfig;
  log: CoordinatorLog;
  timer: CoordinatorTimer;
  logger: Logger;
  partitionExists: TopicPartitionExists;
  /** The cluster's topics, for consumer (KIP-848) groups' server-side assignment. */
  topics?: TopicLookup;
  /** The consumer protocol's settings (group.consumer.*); Kafka's defaults when absent. */
  consumer?: ConsumerGroupConfig;
}

/** Where a member's offset commit or fetch stands in a consumer group (OffsetCommit/OffsetFetch v9+). */
export interface MemberEpochCheck {
  memberId: string;
  memberEpoch: number;
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: Array<{
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }>;
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: string;
  /** KIP-848's group type: "classic" or "consumer". */
  type: 'classic' | 'consumer';
}

const EMPTY = Buffer.alloc(0);

export class GroupCoordinator {
  readonly groups = new GroupStore();
  private readonly partitions = new Map<number, PartitionState>();
  private readonly ctx: GroupContext;
  private readonly appender: RecordAppender;
  private readonly rebalancer: Rebalancer;
  private readonly membership: Membership;
  private readonly offsets: OffsetManager;
  readonly consumer: ConsumerGroupCoordinator;
  private expiryTask: TimerTask | null = null;
  private stopped = false;

  constructor(private readonly opts: GroupCoordinatorOptions) {
    this.appender = new RecordAppender(
      opts.log,
      () => opts.timer.now(),
      (r, p) => this.replay(r, p, 'live'),
    );
    this.ctx = {
      config: opts.config,
      timer: opts.timer,
      logger: opts.logger,
      groups: this.groups,
      write: (group, records) => this.write(group.partition, records),
      append: (partition, records) => this.write(partition, records),
      writeBatched: (group, records) => this.appender.appendBatched(group.partition, records),
      whenReplicated: (group, then) => opts.log.whenReplicated(group.partition, then),
    };
    this.rebalancer = new Rebalancer(this.ctx);
    this.membership = new Membership(this.ctx, this.rebalancer);
    this.offsets = new OffsetManager(this.ctx, this.rebalancer, opts.partitionExists);
    this.consumer = new ConsumerGroupCoordinator({
      ctx: this.ctx,
      config: opts.consumer ?? DEFAULT_CONSUMER_GROUP_CONFIG,
      topics: opts.topics ?? NO_TOPICS,
      partitionFor: (groupId) => this.partitionFor(groupId),
    });
  }

  private get topics(): TopicLookup {
    return this.opts.topics ?? NO_TOPICS;
  }

  get config(): GroupCoordinatorConfig {
    return this.opts.config;
  }

  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.opts.config.numPartitions);
  }

  /** Loads every partition this broker leads, yielding to the event loop between chunks. */
  async start(): Promise<void> {
    for (let p = 0; p < this.opts.config.numPartitions; p++) {
      if (this.opts.log.isLeader(p)) this.partitions.set(p, 'loading');
    }
    for (const p of [...this.partitions.keys()]) await this.loadPartition(p);
    this.scheduleExpiry();
  }

  /**
   * This broker became leader of a __consumer_offsets partition (cluster mode): load its groups.
   * Requests for them get COORDINATOR_LOAD_IN_PROGRESS until the load finishes.
   */
  async onElection(partition: number): Promise<void> {
    if (this.stopped || this.partitions.has(partition)) return;
    this.partitions.set(partition, 'loading');
    await this.loadPartition(partition);
  }

  /** Leadership of a __consumer_offsets partition moved away: forget its groups (NOT_COORDINATOR). */
  onResignation(partition: number): void {
    if (!this.partitions.delete(partition)) return;
    for (const g of this.groups.inPartition(partition)) {
      // Parked joins and syncs learn at once to look for the new coordinator.
      for (const m of g.members.values()) {
        m.completeJoin(joinError(ErrorCode.NOT_COORDINATOR, m.memberId));
        m.completeSync(syncError(ErrorCode.NOT_COORDINATOR));
      }
      this.groups.remove(g);
    }
    for (const g of this.groups.consumer.inPartition(partition)) this.groups.consumer.remove(g);
    this.opts.logger.info({ partition }, 'unloaded group coordinator partition');
  }

  private async loadPartition(partition: number): Promise<void> {
    const started = this.opts.timer.now();
    let records = 0;
    for (const chunk of this.opts.log.readFrom(partition, this.opts.config.loadBufferSize)) {
      for (const raw of chunk) {
        this.replay(decodeCoordinatorRecord(raw.key, raw.value), partition, 'load');
        records++;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.stopped) return;
    }
    const now = this.opts.timer.now();
    for (const g of this.groups.inPartition(partition)) {
      // Loaded members must heartbeat within a session from now, or they are removed.
      for (const m of g.members.values()) this.rebalancer.touch(g, m);
      if (g.isEmptyOfMembers && g.offsets.isEmpty && g.generationId === 0) this.groups.remove(g);
    }
    for (const g of this.groups.consumer.inPartition(partition)) {
      for (const m of g.members.values()) this.consumer.touch(g, m);
    }
    this.partitions.set(partition, 'active');
    if (records > 0) {
      this.opts.logger.info(
        { partition, records, groups: this.groups.inPartition(partition).length, ms: now - started },
        'loaded group coordinator partition',
      );
    }
  }

  private replay(record: CoordinatorRecord, partition: number, mode: ReplayMode): void {
    this.groups.replay(record, partition, mode, this.opts.timer.now());
  }

  private write(partition: number, records: CoordinatorRecord[]): number {
    return this.appender.appendNow(partition, records);
  }

  private scheduleExpiry(): void {
    if (this.stopped) return;
    this.expiryTask = this.opts.timer.schedule(this.opts.config.offsetsRetentionCheckIntervalMs, () => {
      this.expireOffsets();
      this.scheduleExpiry();
    });
  }

  /** One pass of offset retention over every active group; returns how many offsets expired. */
  expireOffsets(): number {
    const now = this.opts.timer.now();
    let n = 0;
    for (const g of [...this.groups.all()]) {
      // A consumer group with members keeps its offsets (its members may still commit them).
      if ((this.groups.consumer.get(g.groupId)?.members.size ?? 0) > 0) continue;
      if (this.partitions.get(g.partition) === 'active') n += this.offsets.expire(g, now);
    }
    if (n > 0) this.opts.logger.info({ offsets: n }, 'expired committed offsets');
    return n;
  }

  /**
   * Partitions were deleted (their topic was): every group this coordinator serves forgets its
   * offsets for them (Kafka's GroupCoordinator.onPartitionsDeleted). Returns how many went.
   */
  onPartitionsDeleted(partitions: ReadonlyArray<{ topic: string; partition: number }>): number {
    if (partitions.length === 0) return 0;
    const keys = new Set(partitions.map((p) => `${p.topic}\u0000${p.partition}`));
    const deleted = (topic: string, partition: number) => keys.has(`${topic}\u0000${partition}`);
    let n = 0;
    for (const g of [...this.groups.all()]) {
      if (this.partitions.get(g.partition) === 'active') n += this.offsets.removeOffsetsOf(g, deleted);
    }
    if (n > 0) this.opts.logger.info({ offsets: n }, 'removed the committed offsets of deleted partitions');
    return n;
  }

  stop(): void {
    this.appender.flushAll();
    this.stopped = true;
    this.expiryTask?.cancel();
    for (const g of [...this.groups.all()]) {
      for (const m of g.members.values()) {
        m.completeJoin(joinError(ErrorCode.NOT_COORDINATOR, m.memberId));
        m.completeSync(syncError(ErrorCode.NOT_COORDINATOR));
      }
      this.groups.remove(g);
    }
    for (const g of [...this.groups.consumer.all()]) this.groups.consumer.remove(g);
    this.partitions.clear();
  }

  /**
   * Whether this broker can serve the group now: NONE, NOT_COORDINATOR (partition led elsewhere),
   * or COORDINATOR_LOAD_IN_PROGRESS. `allowEmpty`: OffsetCommit/Fetch, DescribeGroups and
   * DeleteGroups accept an empty group id for old clients; the other APIs answer INVALID_GROUP_ID.
   */
  coordinatorError(groupId: string, allowEmpty = false): number {
    if (this.stopped) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (groupId === '' && !allowEmpty) return ErrorCode.INVALID_GROUP_ID;
    const state = this.partitions.get(this.partitionFor(groupId));
    if (state === undefined) return ErrorCode.NOT_COORDINATOR;
    if (state === 'loading') return ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  joinGroup(req: JoinRequest): Promise<JoinResult> {
    const error = this.coordinatorError(req.groupId);
    if (error !== ErrorCode.NONE) return Promise.resolve(joinError(error, req.memberId));
    const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.opts.config;
    if (req.sessionTimeoutMs < minSessionTimeoutMs || req.sessionTimeoutMs > maxSessionTimeoutMs) {
      return Promise.resolve(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, req.memberId));
    }
    const conflict = this.classicJoinConflict(req.groupId);
    if (conflict !== ErrorCode.NONE) return Promise.resolve(joinError(conflict, req.memberId));
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.memberId !== '') return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
      group = this.groups.getOrCreate(req.groupId, this.partitionFor(req.groupId), this.opts.timer.now());
    }
    const g = group;
    return new Promise((resolve) => {
      this.membership.join(g, req, resolve);
      // A group created for a join that failed validation is not kept.
      if (g.isEmptyOfMembers && g.generationId === 0 && g.offsets.isEmpty && g.pendingMembers.size === 0) {
        if (g.is('Empty')) this.groups.remove(g);
      }
    });
  }

  syncGroup(req: SyncRequest): Promise<SyncResult> {
    const error = this.coordinatorError(req.groupId);
    if (error !== ErrorCode.NONE) return Promise.resolve(syncError(error));
    const group = this.groups.get(req.groupId);
    if (!group) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    return new Promise((resolve) => this.membership.sync(group, req, resolve));
  }

  heartbeat(groupId: string, who: MemberIdentity, generationId: number): number {
    const error = this.coordinatorError(groupId);
    if (error !== ErrorCode.NONE) return error;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    return this.membership.heartbeat(group, who, generationId);
  }

  leaveGroup(groupId: string, members: MemberIdentity[]): { errorCode: number; members: number[] } {
    const error = this.coordinatorError(groupId);
    if (error !== ErrorCode.NONE) return { errorCode: error, members: members.map(() => error) };
    const group = this.groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, members: members.map(() => ErrorCode.UNKNOWN_MEMBER_ID) };
    if (group.is('Dead')) {
      const code = ErrorCode.COORDINATOR_NOT_AVAILABLE;
      return { errorCode: code, members: members.map(() => code) };
    }
    return { errorCode: ErrorCode.NONE, members: members.map((m) => this.membership.leave(group, m)) };
  }

  /**
   * `apiVersion`: OffsetCommit's request version — from v9 a consumer group's epoch check answers
   * STALE_MEMBER_EPOCH, before it ILLEGAL_GENERATION (what a classic member understands).
   */
  commitOffsets(req: CommitRequest, apiVersion = 9): Promise<number[]> {
    const error = this.coordinatorError(req.groupId, true);
    if (error !== ErrorCode.NONE) return Promise.resolve(req.offsets.map(() => error));
    const cg = this.groups.consumer.get(req.groupId);
    if (cg && !req.transactional) {
      const code = checkConsumerCommit(cg, req, apiVersion);
      if (code !== ErrorCode.NONE) return Promise.resolve(req.offsets.map(() => code));
      // Validated against the consumer group: written as a commit outside any classic generation.
      req = { ...req, generationId: -1, memberId: '', groupInstanceId: null };
    }
    return this.offsets.commit(this.groups.get(req.groupId), this.partitionFor(req.groupId), req);
  }

  /** TxnOffsetCommit: error codes aligned with req.offsets; the offsets are written only at the commit. */
  validateTxnOffsetCommit(req: CommitRequest): number[] {
    const error = this.coordinatorError(req.groupId);
    if (error !== ErrorCode.NONE) return req.offsets.map(() => error);
    const cg = this.groups.consumer.get(req.groupId);
    if (cg) {
      // A consumer-group member's epoch stands for the generation (ILLEGAL_GENERATION when stale).
      const anonymous = req.generationId < 0 && req.memberId === '';
      const code = anonymous ? ErrorCode.NONE : checkConsumerCommit(cg, req, 0);
      if (code !== ErrorCode.NONE) return req.offsets.map(() => code);
      return this.offsets.validateOnly(undefined, { ...req, generationId: -1, memberId: '', groupInstanceId: null });
    }
    return this.offsets.validateOnly(this.groups.get(req.groupId), req);
  }

  /** The offsets of a committed transaction become visible (written as ordinary commits). */
  commitTransactionalOffsets(groupId: string, offsets: CommitRequest['offsets']): Promise<number[]> {
    const req: CommitRequest = {
      groupId,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      offsets,
      transactional: true,
    };
    return this.commitOffsets(req);
  }

  fetchOffsets(
    groupId: string,
    topics: Array<{ name: string; partitions: number[] }> | null,
    member: MemberEpochCheck | null = null,
  ): { errorCode: number; topics: Array<{ name: string; partitions: FetchedOffset[] }> } {
    const error = this.coordinatorError(groupId, true);
    if (error !== ErrorCode.NONE) return { errorCode: error, topics: [] };
    // OffsetFetch v9+ from a consumer-group member (epoch >= 0): the member must be current.
    if (member !== null) {
      const code = checkConsumerFetch(this.groups.consumer.get(groupId), member.memberId, member.memberEpoch);
      if (code !== ErrorCode.NONE) return { errorCode: code, topics: [] };
    }
    return { errorCode: ErrorCode.NONE, topics: this.offsets.fetch(this.groups.get(groupId), topics) };
  }

  deleteOffsets(
    groupId: string,
    topics: Array<{ name: string; partitions: number[] }>,
  ): ReturnType<OffsetManager['delete']> {
    const error = this.coordinatorError(groupId);
    if (error !== ErrorCode.NONE) return { errorCode: error, results: [] };
    const cg = this.groups.consumer.get(groupId);
    if (cg && cg.members.size > 0) return this.deleteConsumerGroupOffsets(cg, topics);
    return this.offsets.delete(this.groups.get(groupId), topics);
  }

  /** OffsetDelete on a consumer group with members: its subscribed topics are refused, as Kafka. */
  private deleteConsumerGroupOffsets(
    cg: ConsumerGroup,
    topics: Array<{ name: string; partitions: number[] }>,
  ): ReturnType<OffsetManager['delete']> {
    const subscribed = subscribedTopicNames(cg, this.topics);
    const free = topics.filter((t) => !subscribed.has(t.name));
    const shell = this.groups.get(cg.groupId);
    const deleted =
      shell && free.length > 0 ? this.offsets.delete(shell, free) : { errorCode: ErrorCode.NONE, results: [] };
    if (deleted.errorCode !== ErrorCode.NONE) return deleted;
    const byName = new Map(deleted.results.map((r) => [r.name, r]));
    const results = topics.map(
      (t) =>
        byName.get(t.name) ?? {
          name: t.name,
          partitions: t.partitions.map((partition) => ({
            partition,
            errorCode: subscribed.has(t.name) ? ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC : ErrorCode.NONE,
          })),
        },
    );
    return { errorCode: ErrorCode.NONE, results };
  }

  /** Kafka's group summary: metadata and assignments only while Stable; unknown groups are Dead. */
  describeGroup(groupId: string): GroupDescription {
    const error = this.coordinatorError(groupId, true);
    const base = { groupId, protocolType: '', protocol: '', members: [] };
    if (error !== ErrorCode.NONE) return { ...base, errorCode: error, state: 'Dead' };
    const cg = this.groups.consumer.get(groupId);
    if (cg) return describeAsClassic(describeConsumerGroup(cg, this.topics, this.defaultAssignor));
    const g = this.groups.get(groupId);
    if (!g) return { ...base, errorCode: ErrorCode.NONE, state: 'Dead' };
    const stable = g.is('Stable');
    const protocol = stable ? (g.protocolName ?? '') : '';
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      state: g.state,
      protocolType: g.protocolType ?? '',
      protocol,
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(protocol) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  /** Groups of active partitions; `states` filters case-insensitively (ListGroups v4+). */
  listGroups(states: string[]): { errorCode: number; groups: GroupListing[] } {
    const loading = [...this.partitions.values()].includes('loading');
    const wanted = new Set(states.map((s) => s.toLowerCase()));
    const groups: GroupListing[] = [];
    for (const g of this.groups.consumer.all()) {
      if (this.partitions.get(g.partition) !== 'active') continue;
      if (wanted.size > 0 && !wanted.has(g.state.toLowerCase())) continue;
      groups.push({ groupId: g.groupId, protocolType: CONSUMER, state: g.state, type: 'consumer' });
    }
    for (const g of this.groups.all()) {
      if (this.partitions.get(g.partition) !== 'active' || this.groups.consumer.get(g.groupId)) continue;
      if (wanted.size > 0 && !wanted.has(g.state.toLowerCase())) continue;
      groups.push({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state, type: 'classic' });
    }
    return { errorCode: loading ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE, groups };
  }

  /** DeleteGroups: only empty groups; their offsets and metadata are tombstoned. */
  deleteGroup(groupId: string): number {
    const error = this.coordinatorError(groupId, true);
    if (error !== ErrorCode.NONE) return error;
    const cg = this.groups.consumer.get(groupId);
    if (cg) {
      if (cg.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
      const code = this.dropEmptyConsumerGroup(cg);
      if (code !== ErrorCode.NONE || !this.groups.get(groupId)) return code;
    }
    const g = this.groups.get(groupId);
    if (!g || g.is('Dead')) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!g.is('Empty')) return ErrorCode.NON_EMPTY_GROUP;
    const records: CoordinatorRecord[] = [...g.offsets.entries()].map(({ topic, partition }) => ({
      kind: 'offset',
      key: { group: groupId, topic, partition },
      value: null,
    }));
    records.push({ kind: 'group', group: groupId, value: null });
    return groupAppendError(this.write(g.partition, records));
  }

  /**
   * A classic member may not join a consumer group with members (INCONSISTENT_GROUP_PROTOCOL, as
   * Kafka without online migration); an empty consumer group is dropped so the classic group takes
   * the id (its offsets stay).
   */
  private classicJoinConflict(groupId: string): number {
    const cg = this.groups.consumer.get(groupId);
    if (!cg) return ErrorCode.NONE;
    if (cg.members.size > 0) return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    return this.dropEmptyConsumerGroup(cg);
  }

  private dropEmptyConsumerGroup(cg: ConsumerGroup): number {
    const code = this.write(cg.partition, [
      { kind: 'consumer', record: { type: 6, group: cg.groupId, value: null } },
      { kind: 'consumer', record: { type: 3, group: cg.groupId, value: null } },
    ]);
    if (code === ErrorCode.NONE) this.groups.consumer.remove(cg);
    return groupAppendError(code);
  }

  /** ConsumerGroupHeartbeat (KIP-848). */
  consumerGroupHeartbeat(req: ConsumerHeartbeatRequest): ConsumerHeartbeatResult {
    if (!this.consumer.config.enabled) {
      return heartbeatError(
        ErrorCode.UNSUPPORTED_VERSION,
        'The consumer rebalance protocol is not enabled (group.coordinator.rebalance.protocols).',
      );
    }
    if (req.groupId === '') return heartbeatError(ErrorCode.INVALID_REQUEST, "GroupId can't be empty.");
    const error = this.coordinatorError(req.groupId);
    if (error !== ErrorCode.NONE) return heartbeatError(error);
    const r = this.consumer.heartbeat(req);
    return r.errorCode === ErrorCode.NONE ? r : { ...r, errorCode: groupAppendErrorOrSelf(r.errorCode) };
  }

  /** ConsumerGroupDescribe: GROUP_ID_NOT_FOUND for unknown groups and for classic ones, as Kafka. */
  describeConsumerGroup(groupId: string): {
    errorCode: number;
    errorMessage: string | null;
    group: ConsumerGroupDescription | null;
  } {
    const error = this.coordinatorError(groupId);
    if (error !== ErrorCode.NONE) return { errorCode: error, errorMessage: null, group: null };
    const cg = this.groups.consumer.get(groupId);
    if (!cg) {
      const message = this.groups.get(groupId)
        ? `Group ${groupId} is not a consumer group.`
        : `Group ${groupId} not found.`;
      return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: message, group: null };
    }
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      group: describeConsumerGroup(cg, this.topics, this.defaultAssignor),
    };
  }

  private get defaultAssignor(): string {
    return this.consumer.config.assignors[0] ?? 'uniform';
  }
}

const CONSUMER = 'consumer';

/** DescribeGroups' view of a consumer group, as Kafka's ConsumerGroup.asDescribedGroup. */
function describeAsClassic(d: ConsumerGroupDescription): GroupDescription {
  return {
    errorCode: ErrorCode.NONE,
    groupId: d.groupId,
    state: d.groupState,
    protocolType: CONSUMER,
    protocol: d.assignorName,
    members: d.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.instanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      ...classicView(m),
    })),
  };
}

/** Append failures map as for classic groups; the coordinator's own codes pass through. */
function groupAppendErrorOrSelf(code: number): number {
  const mapped = groupAppendError(code);
  return mapped === ErrorCode.UNKNOWN_SERVER_ERROR ? code : mapped;
}
