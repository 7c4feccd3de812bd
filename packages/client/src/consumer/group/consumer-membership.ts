/**
 * Group membership with the KIP-848 consumer protocol (group.protocol=consumer): one
 * ConsumerGroupHeartbeat carries the whole state machine. The member makes its own id (KIP-1082),
 * joins with epoch 0, and the broker answers with its epoch and, when it changed, the partitions
 * it should own. Reconciling: partitions no longer assigned are revoked first (the listener runs,
 * auto-commit commits them), then new ones are assigned; the next heartbeat, sent at once, tells
 * the broker what is owned now so it can hand revoked partitions to their new owner.
 *
 * FENCED_MEMBER_EPOCH / UNKNOWN_MEMBER_ID: the partitions are lost (onLost) and the member joins
 * again with epoch 0 and the same id. Leaving sends epoch -1 (-2 for a static member, whose
 * partitions wait for its return).
 *
 * Owner: the Consumer, through GroupManager. One async loop (`run`) owns every state change; the
 * listener callbacks are awaited inside it, so reconciliations never overlap.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@samsa/common';
import { ApiKey, ErrorCode, KafkaError } from '@samsa/protocol';
import { ConnectionError, isRetriable } from '../../errors.js';
import type { Cluster } from '../../metadata/cluster.js';
import { backoffMs } from '../../network/backoff.js';
import type { TopicPartition } from '../subscription-state.js';
import type { GroupRequests } from './group-requests.js';
import type { MembershipConfig, MembershipHost } from './membership.js';
import { WakeableSleep } from './wakeable-sleep.js';

export interface ConsumerMembershipConfig extends MembershipConfig {
  groupRemoteAssignor: string | null;
}

const LEAVE_EPOCH = -1;
const LEAVE_STATIC_EPOCH = -2;
const tpKey = (tp: TopicPartition) => `${tp.topic}\0${tp.partition}`;

export class ConsumerMembership {
  readonly memberId = randomBytes(16).toString('base64url');
  memberEpoch = 0;
  private stopped = false;
  private waitingForPoll = false;
  private readonly pause = new WakeableSleep();
  private loop: Promise<void> | null = null;
  private failures = 0;
  private heartbeatIntervalMs: number;
  /** The consumer protocol tracks partition counts on the broker; nothing to compare here. */
  readonly joinedPartitionCounts = null;

  constructor(
    private readonly config: ConsumerMembershipConfig,
    private readonly requests: GroupRequests,
    private readonly cluster: Cluster,
    private readonly host: MembershipHost,
    private readonly logger: Logger,
  ) {
    this.heartbeatIntervalMs = config.heartbeatIntervalMs;
  }

  get member(): { generationId: number; memberId: string; groupInstanceId: string | null } {
    return { generationId: this.memberEpoch, memberId: this.memberId, groupInstanceId: this.config.groupInstanceId };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** The subscription changed: tell the broker at once. */
  requestRejoin(): void {
    this.wake();
  }

  onPoll(): void {
    if (!this.waitingForPoll) return;
    this.waitingForPoll = false;
    this.wake();
  }

  private wake(): void {
    this.pause.wake();
  }

  private sleep(ms: number): Promise<void> {
    return this.pause.sleep(ms);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.waitingForPoll) {
          await this.sleep(60_000);
          continue;
        }
        if (this.memberEpoch > 0 && this.host.pollOverdue()) {
          await this.leaveForPollTimeout();
          continue;
        }
        const changed = await this.heartbeat();
        this.failures = 0;
        if (this.stopped) return;
        // After a reconciliation the broker must hear at once what is owned now.
        if (!changed) {
          await this.sleep(this.heartbeatIntervalMs);
          if (!this.stopped) await this.host.subscriptionChanged().catch(() => false);
        }
      } catch (err) {
        if (this.stopped) return;
        if (!isRetriable(err) && !(err instanceof ConnectionError)) {
          this.logger.error({ group: this.config.groupId, error: String(err) }, 'consumer group failed');
          this.host.onFatal(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        this.requests.checkCoordinatorError(err);
        this.logger.debug({ group: this.config.groupId, error: String(err) }, 'heartbeat failed; retrying');
        await this.sleep(backoffMs(this.failures++, this.config.retryBackoffMs, this.config.retryBackoffMaxMs));
      }
    }
  }

  /** One heartbeat and the reconciliation it asks for; true when the assignment changed. */
  private async heartbeat(): Promise<boolean> {
    const topics = this.host.subscribedTopics();
    const joining = this.memberEpoch === 0;
    await this.cluster.refresh(topics).catch(() => {});
    const conn = await this.requests.coordinator();
    const res = await conn.request(ApiKey.ConsumerGroupHeartbeat, {
      groupId: this.config.groupId,
      memberId: this.memberId,
      memberEpoch: this.memberEpoch,
      instanceId: this.config.groupInstanceId,
      rackId: null,
      rebalanceTimeoutMs: joining ? this.config.rebalanceTimeoutMs : -1,
      subscribedTopicNames: topics,
      subscribedTopicRegex: null,
      serverAssignor: this.config.groupRemoteAssignor,
      topicPartitions: joining ? [] : this.ownedByTopicId(),
    });
    switch (res.errorCode) {
      case ErrorCode.NONE:
        break;
      case ErrorCode.FENCED_MEMBER_EPOCH:
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.logger.info(
          { group: this.config.groupId, error: new KafkaError(res.errorCode).errorName },
          'group membership lost; rejoining',
        );
        this.memberEpoch = 0;
        await this.host.onLost(this.host.owned());
        return true;
      default:
        throw new KafkaError(res.errorCode, `group ${this.config.groupId}: ${res.errorMessage ?? ''}`);
    }
    this.memberEpoch = res.memberEpoch;
    if (res.heartbeatIntervalMs > 0) this.heartbeatIntervalMs = res.heartbeatIntervalMs;
    if (res.assignment === null) return false;
    return this.reconcile(await this.named(res.assignment.topicPartitions));
  }

  private ownedByTopicId(): Array<{ topicId: string; partitions: number[] }> {
    const byTopic = new Map<string, number[]>();
    for (const tp of this.host.owned()) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    const out: Array<{ topicId: string; partitions: number[] }> = [];
    for (const [topic, partitions] of byTopic) {
      const id = this.cluster.metadata.topics.get(topic)?.topicId;
      if (id !== undefined) out.push({ topicId: id, partitions });
    }
    return out;
  }

  /** Topic ids to names, refreshing metadata once for ids not known yet. */
  private async named(tps: Array<{ topicId: string; partitions: number[] }>): Promise<TopicPartition[]> {
    if (tps.some((t) => !this.cluster.metadata.topicNamesById.has(t.topicId))) {
      await this.cluster.refresh(null).catch(() => {});
    }
    const out: TopicPartition[] = [];
    for (const t of tps) {
      const topic = this.cluster.metadata.topicNamesById.get(t.topicId);
      if (topic !== undefined) for (const partition of t.partitions) out.push({ topic, partition });
    }
    return out;
  }

  /** Revoke what is no longer assigned, then assign what is new. */
  private async reconcile(assigned: TopicPartition[]): Promise<boolean> {
    const owned = this.host.owned();
    const want = new Set(assigned.map(tpKey));
    const have = new Set(owned.map(tpKey));
    const revoked = owned.filter((tp) => !want.has(tpKey(tp)));
    const added = assigned.filter((tp) => !have.has(tpKey(tp)));
    if (revoked.length > 0) await this.host.onRevoked(revoked);
    if (added.length > 0 || revoked.length > 0) {
      this.logger.info(
        { group: this.config.groupId, epoch: this.memberEpoch, assigned: assigned.length },
        'group assignment',
      );
      await this.host.onAssigned(added, assigned);
      return true;
    }
    return false;
  }

  private async leaveForPollTimeout(): Promise<void> {
    this.logger.warn({ group: this.config.groupId }, 'maxPollIntervalMs expired without a read; leaving the group');
    this.waitingForPoll = true;
    await this.host.onRevoked(this.host.owned());
    await this.sendLeave();
    this.memberEpoch = 0;
  }

  private async sendLeave(): Promise<void> {
    if (this.memberEpoch <= 0) return;
    const epoch = this.config.groupInstanceId !== null ? LEAVE_STATIC_EPOCH : LEAVE_EPOCH;
    try {
      const conn = await this.requests.coordinator();
      await conn.request(
        ApiKey.ConsumerGroupHeartbeat,
        {
          groupId: this.config.groupId,
          memberId: this.memberId,
          memberEpoch: epoch,
          instanceId: this.config.groupInstanceId,
          rackId: null,
          rebalanceTimeoutMs: -1,
          subscribedTopicNames: null,
          subscribedTopicRegex: null,
          serverAssignor: null,
          topicPartitions: null,
        },
        { timeoutMs: this.config.requestTimeoutMs },
      );
    } catch (err) {
      this.logger.debug({ error: String(err) }, 'leave group failed');
    }
  }

  async leave(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop?.catch(() => {});
    await this.sendLeave();
    this.memberEpoch = 0;
  }
}
