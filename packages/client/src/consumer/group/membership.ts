/**
 * Group membership for a subscribed consumer (the classic protocol: JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup), Java's ConsumerCoordinator in one loop:
 *
 *   find coordinator → [eager: revoke everything] → JoinGroup (retrying MEMBER_ID_REQUIRED) →
 *   leader runs the assignor → SyncGroup → apply the assignment (cooperative: revoke only what
 *   moved, then rejoin so it can be handed over) → heartbeat every heartbeatIntervalMs until a
 *   rebalance, a subscription change or close.
 *
 * The rebalance protocol is cooperative only when every configured assignor supports it (as in
 * Java, so the default [range, cooperative-sticky] stays eager until range is dropped).
 *
 * Owner: the Consumer. One async loop (`run`) owns every state change; other callers only set
 * `rejoinNeeded` and `wake()` it. Listener callbacks are awaited inside the loop, so two rebalance
 * steps never overlap.
 */
import type { Logger } from '@samsa/common';
import { ApiKey, CONSUMER_PROTOCOL_TYPE, ErrorCode, KafkaError } from '@samsa/protocol';
import { ClientError, ConnectionError, isRetriable } from '../../errors.js';
import type { Cluster } from '../../metadata/cluster.js';
import { backoffMs } from '../../network/backoff.js';
import type { TopicPartition } from '../subscription-state.js';
import { ASSIGNORS, type Assignor, type MemberSubscription } from './assignors.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from './consumer-protocol.js';
import type { GroupRequests } from './group-requests.js';
import { WakeableSleep } from './wakeable-sleep.js';

export interface MembershipConfig {
  groupId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  assignors: string[];
}

export interface MembershipHost {
  subscribedTopics(): string[];
  owned(): TopicPartition[];
  onAssigned(added: TopicPartition[], all: TopicPartition[]): Promise<void>;
  onRevoked(revoked: TopicPartition[]): Promise<void>;
  onLost(lost: TopicPartition[]): Promise<void>;
  onFatal(err: Error): void;
  /** The application has not read for maxPollIntervalMs. */
  pollOverdue(): boolean;
  /** Called between heartbeats: true when the subscription or partition counts changed. */
  subscriptionChanged(): Promise<boolean>;
}

const tpKey = (tp: TopicPartition) => `${tp.topic}\0${tp.partition}`;

export class Membership {
  memberId = '';
  generationId = -1;
  private rejoinNeeded = true;
  /** Left after a poll timeout; waits for the application's next read. */
  private waitingForPoll = false;
  private stopped = false;
  private readonly pause = new WakeableSleep();
  private loop: Promise<void> | null = null;
  private readonly assignors: Assignor[];
  readonly cooperative: boolean;
  private failures = 0;
  /** Partition counts of the subscribed topics at the last join, for the leader's change check. */
  joinedPartitionCounts = new Map<string, number>();

  constructor(
    private readonly config: MembershipConfig,
    private readonly requests: GroupRequests,
    private readonly cluster: Cluster,
    private readonly host: MembershipHost,
    private readonly logger: Logger,
  ) {
    this.assignors = config.assignors.map((name) => {
      const a = ASSIGNORS[name];
      if (!a) throw new ClientError('INVALID_CONFIG', `unknown partition assignment strategy ${name}`);
      return a;
    });
    if (this.assignors.length === 0) throw new ClientError('INVALID_CONFIG', 'partitionAssignmentStrategy is empty');
    this.cooperative = this.assignors.every((a) => a.cooperative);
  }

  start(): void {
    this.loop ??= this.run();
  }

  requestRejoin(): void {
    this.rejoinNeeded = true;
    this.wake();
  }

  private wake(): void {
    this.pause.wake();
  }

  private sleep(ms: number): Promise<void> {
    return this.pause.sleep(ms);
  }

  get member(): { generationId: number; memberId: string; groupInstanceId: string | null } {
    return { generationId: this.generationId, memberId: this.memberId, groupInstanceId: this.config.groupInstanceId };
  }

  private async run(): Promise<void> {
    let nextHeartbeat = 0;
    while (!this.stopped) {
      try {
        if (this.waitingForPoll) {
          await this.sleep(60_000);
          continue;
        }
        if (this.memberId !== '' && this.host.pollOverdue()) {
          await this.leaveForPollTimeout();
          continue;
        }
        if (this.rejoinNeeded) {
          await this.joinAndSync();
          nextHeartbeat = Date.now() + this.config.heartbeatIntervalMs;
          this.failures = 0;
          continue;
        }
        const wait = nextHeartbeat - Date.now();
        if (wait > 0) {
          await this.sleep(wait);
          continue;
        }
        nextHeartbeat = Date.now() + this.config.heartbeatIntervalMs;
        await this.heartbeat();
        if (!this.rejoinNeeded && (await this.host.subscriptionChanged())) this.rejoinNeeded = true;
        this.failures = 0;
      } catch (err) {
        if (this.stopped) return;
        if (!isRetriable(err) && !(err instanceof ConnectionError)) {
          this.logger.error({ group: this.config.groupId, error: String(err) }, 'consumer group failed');
          this.host.onFatal(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        this.requests.checkCoordinatorError(err);
        this.logger.debug({ group: this.config.groupId, error: String(err) }, 'group request failed; retrying');
        await this.sleep(backoffMs(this.failures++, this.config.retryBackoffMs, this.config.retryBackoffMaxMs));
      }
    }
  }

  private async heartbeat(): Promise<void> {
    const conn = await this.requests.coordinator();
    const res = await conn.request(ApiKey.Heartbeat, {
      groupId: this.config.groupId,
      generationId: this.generationId,
      memberId: this.memberId,
      groupInstanceId: this.config.groupInstanceId,
    });
    await this.onMemberError(res.errorCode);
  }

  /** Handles the membership errors every group response can carry; throws the rest. */
  private async onMemberError(code: number): Promise<void> {
    switch (code) {
      case ErrorCode.NONE:
        return;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        this.rejoinNeeded = true;
        return;
      case ErrorCode.UNKNOWN_MEMBER_ID:
      case ErrorCode.ILLEGAL_GENERATION:
        this.logger.info(
          {
            group: this.config.groupId,
            error: new KafkaError(code).errorName,
          },
          'group membership lost',
        );
        if (code === ErrorCode.UNKNOWN_MEMBER_ID) this.memberId = '';
        this.generationId = -1;
        await this.host.onLost(this.host.owned());
        this.rejoinNeeded = true;
        return;
      default:
        throw new KafkaError(code, `group ${this.config.groupId}`);
    }
  }

  private async joinAndSync(): Promise<void> {
    if (!this.cooperative || this.generationId < 0) {
      const owned = this.host.owned();
      if (owned.length > 0) {
        if (this.generationId < 0 && this.cooperative) await this.host.onLost(owned);
        else await this.host.onRevoked(owned);
      }
    }
    const topics = this.host.subscribedTopics();
    await this.cluster.refresh(topics).catch(() => {});
    this.joinedPartitionCounts = new Map(topics.map((t) => [t, this.cluster.metadata.partitionCount(t)]));
    const conn = await this.requests.coordinator();
    const owned = this.host.owned();
    const join = await conn.request(
      ApiKey.JoinGroup,
      {
        groupId: this.config.groupId,
        sessionTimeoutMs: this.config.sessionTimeoutMs,
        rebalanceTimeoutMs: this.config.rebalanceTimeoutMs,
        memberId: this.memberId,
        groupInstanceId: this.config.groupInstanceId,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocols: this.assignors.map((a) => ({
          name: a.name,
          metadata: encodeSubscription(topics, owned, this.generationId, null),
        })),
        reason: null,
      },
      { timeoutMs: Math.max(this.config.requestTimeoutMs, this.config.rebalanceTimeoutMs + 5000) },
    );
    if (join.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
      this.memberId = join.memberId;
      return; // rejoinNeeded is still true: the loop joins again with the id
    }
    if (join.errorCode !== 0) {
      await this.onMemberError(join.errorCode);
      return;
    }
    this.memberId = join.memberId;
    this.generationId = join.generationId;
    const assignments =
      join.leader === join.memberId && !join.skipAssignment
        ? await this.assign(join.protocolName ?? '', join.members)
        : [];
    const sync = await (await this.requests.coordinator()).request(
      ApiKey.SyncGroup,
      {
        groupId: this.config.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        groupInstanceId: this.config.groupInstanceId,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocolName: join.protocolName,
        assignments,
      },
      { timeoutMs: Math.max(this.config.requestTimeoutMs, this.config.rebalanceTimeoutMs + 5000) },
    );
    if (sync.errorCode !== 0) {
      await this.onMemberError(sync.errorCode);
      this.rejoinNeeded = true;
      return;
    }
    this.rejoinNeeded = false;
    await this.apply(decodeAssignment(sync.assignment));
  }

  private async apply(assigned: TopicPartition[]): Promise<void> {
    const owned = this.host.owned();
    const newKeys = new Set(assigned.map(tpKey));
    const ownedKeys = new Set(owned.map(tpKey));
    const revoked = owned.filter((tp) => !newKeys.has(tpKey(tp)));
    const added = assigned.filter((tp) => !ownedKeys.has(tpKey(tp)));
    if (revoked.length > 0) {
      await this.host.onRevoked(revoked);
      // Cooperative: the revoked partitions can go to their new owner only after this member
      // rejoins without them.
      if (this.cooperative) this.rejoinNeeded = true;
    }
    this.logger.info(
      {
        group: this.config.groupId,
        generation: this.generationId,
        assigned: assigned.length,
      },
      'group assignment',
    );
    await this.host.onAssigned(added, assigned);
  }

  private async assign(
    protocol: string,
    members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>,
  ) {
    const assignor = this.assignors.find((a) => a.name === protocol);
    if (!assignor)
      throw new ClientError('ILLEGAL_STATE', `the group chose assignor ${protocol}, which this member does not have`);
    const subscriptions: MemberSubscription[] = members.map((m) => {
      try {
        return { memberId: m.memberId, groupInstanceId: m.groupInstanceId, ...decodeSubscription(m.metadata) };
      } catch {
        return {
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          topics: [],
          ownedPartitions: [],
          generationId: -1,
        };
      }
    });
    const topics = [...new Set(subscriptions.flatMap((s) => s.topics))];
    const metadata = await this.cluster.refresh(topics);
    const counts = new Map(topics.map((t) => [t, metadata.partitionCount(t)]));
    const result = assignor.assign(subscriptions, counts);
    return members.map((m) => ({ memberId: m.memberId, assignment: encodeAssignment(result.get(m.memberId) ?? []) }));
  }

  /**
   * maxPollIntervalMs passed without the application asking for records: as the Java client does,
   * give the partitions up (revoke, then LeaveGroup unless static) so the group can move on, and
   * rejoin when the application reads again.
   */
  private async leaveForPollTimeout(): Promise<void> {
    this.logger.warn(
      {
        group: this.config.groupId,
      },
      'maxPollIntervalMs expired without a read; leaving the group until the next read',
    );
    // Set first: a read arriving while this leaves must still bring the member back.
    this.waitingForPoll = true;
    await this.host.onRevoked(this.host.owned());
    await this.sendLeaveGroup('consumer poll timeout has expired');
    this.generationId = -1;
    if (this.config.groupInstanceId === null) this.memberId = '';
    this.rejoinNeeded = true;
  }

  /** The application read again: rejoin if a poll timeout made this member leave. */
  onPoll(): void {
    if (!this.waitingForPoll) return;
    this.waitingForPoll = false;
    this.wake();
  }

  private async sendLeaveGroup(reason: string): Promise<void> {
    if (this.memberId === '' || this.config.groupInstanceId !== null) return;
    try {
      const conn = await this.requests.coordinator();
      await conn.request(
        ApiKey.LeaveGroup,
        {
          groupId: this.config.groupId,
          memberId: this.memberId,
          members: [{ memberId: this.memberId, groupInstanceId: null, reason }],
        },
        { timeoutMs: this.config.requestTimeoutMs },
      );
    } catch (err) {
      this.logger.debug({ error: String(err) }, 'leave group failed');
    }
  }

  /** Stops the loop; leaves the group unless static (a static member's seat waits for its return). */
  async leave(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop?.catch(() => {});
    await this.sendLeaveGroup('the consumer is closing');
    this.memberId = '';
    this.generationId = -1;
  }
}
