/**
 * Elects the registry leader through a Kafka consumer group (Confluent's KafkaGroupLeaderElector):
 * every registry joins the group `schema-registry` with protocol type "sr" and its identity as
 * metadata; the group's leader runs `electLeader` and SyncGroup hands every member the identity of
 * the registry leader. A member then heartbeats until the group rebalances (a registry joined, left
 * or stopped heartbeating), and joins again. While a rebalance is under way the leader is unknown,
 * so writes wait (`awaitLeader`) rather than going to a registry that may no longer lead.
 *
 * Owner: the SchemaRegistry. One async loop (`run`) owns every field; close() stops it and leaves
 * the group so the others elect a new leader at once instead of after the session timeout.
 */
import type { Admin } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { ApiKey, ErrorCode, KafkaError } from '@samsa/protocol';
import {
  decodeAssignment,
  electLeader,
  encodeIdentity,
  identityUrl,
  type RegistryIdentity,
  SR_PROTOCOL_TYPE,
  SR_SUBPROTOCOL,
} from './sr-protocol.js';

export interface LeaderElectorOptions {
  admin: Admin;
  groupId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  logger: Logger;
  /** Called on every change of leader (null: unknown during a rebalance). */
  onLeaderChange?: (leader: RegistryIdentity | null, isSelf: boolean) => void;
}

export class LeaderElector {
  private memberId = '';
  private generationId = -1;
  private coordinatorId = -1;
  private current: RegistryIdentity | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private readonly wakers = new Set<() => void>();
  private readonly abort = new AbortController();
  /** Set by start(): the bound port is known only once the HTTP server listens. */
  private identity: RegistryIdentity | null = null;

  constructor(private readonly opts: LeaderElectorOptions) {}

  get leader(): RegistryIdentity | null {
    return this.current;
  }

  get isLeader(): boolean {
    return this.current !== null && this.identity !== null && identityUrl(this.current) === identityUrl(this.identity);
  }

  start(identity: RegistryIdentity): void {
    this.identity = identity;
    this.loop ??= this.run();
  }

  /** The leader, waiting up to `timeoutMs` for an election under way; null if none by then. */
  async awaitLeader(timeoutMs: number): Promise<RegistryIdentity | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.current === null && !this.stopped && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(200, Math.max(0, deadline - Date.now())));
        function done() {
          clearTimeout(t);
          resolve();
        }
        this.wakers.add(done);
      });
    }
    return this.current;
  }

  private setLeader(leader: RegistryIdentity | null): void {
    const before = this.current === null ? null : identityUrl(this.current);
    this.current = leader;
    for (const w of this.wakers) w();
    this.wakers.clear();
    if ((leader === null ? null : identityUrl(leader)) === before) return;
    if (leader !== null)
      this.opts.logger.info({ leader: identityUrl(leader), self: this.isLeader }, 'registry leader elected');
    this.opts.onLeaderChange?.(leader, this.isLeader);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.joinAndSync();
        if (this.generationId >= 0) await this.heartbeatUntilRebalance();
      } catch (err) {
        if (this.stopped) break;
        if (err instanceof KafkaError && err.code === ErrorCode.UNKNOWN_MEMBER_ID) this.memberId = '';
        this.coordinatorId = -1;
        this.generationId = -1;
        this.setLeader(null);
        this.opts.logger.debug({ err }, 'registry group membership failed; retrying');
        await this.sleep(500);
      }
    }
  }

  private async coordinator() {
    const cluster = this.opts.admin.cluster;
    if (this.coordinatorId < 0) {
      const conn = await cluster.anyConnection(this.abort.signal);
      const res = await conn.request(ApiKey.FindCoordinator, {
        key: this.opts.groupId,
        keyType: 0,
        coordinatorKeys: [this.opts.groupId],
      });
      const c = res.coordinators[0] ?? { nodeId: res.nodeId, host: res.host, port: res.port, errorCode: res.errorCode };
      if (c.errorCode !== 0) throw new KafkaError(c.errorCode, `FindCoordinator for group ${this.opts.groupId}`);
      cluster.pool.setBrokers([{ nodeId: c.nodeId, host: c.host, port: c.port }]);
      this.coordinatorId = c.nodeId;
    }
    return cluster.connection(this.coordinatorId);
  }

  private async joinAndSync(): Promise<void> {
    const conn = await this.coordinator();
    const rebalanceTimeoutMs = this.opts.sessionTimeoutMs;
    const join = await conn.request(
      ApiKey.JoinGroup,
      {
        groupId: this.opts.groupId,
        sessionTimeoutMs: this.opts.sessionTimeoutMs,
        rebalanceTimeoutMs,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: SR_PROTOCOL_TYPE,
        protocols: [{ name: SR_SUBPROTOCOL, metadata: encodeIdentity(this.identity as RegistryIdentity) }],
        reason: null,
      },
      { timeoutMs: rebalanceTimeoutMs + 5000, signal: this.abort.signal },
    );
    if (join.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
      this.memberId = join.memberId;
      return;
    }
    if (join.errorCode !== 0) throw new KafkaError(join.errorCode, `JoinGroup ${this.opts.groupId}`);
    this.memberId = join.memberId;
    this.generationId = join.generationId;
    const assignments =
      join.leader === join.memberId
        ? [...electLeader(join.members)].map(([memberId, assignment]) => ({ memberId, assignment }))
        : [];
    const sync = await conn.request(
      ApiKey.SyncGroup,
      {
        groupId: this.opts.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: SR_PROTOCOL_TYPE,
        protocolName: SR_SUBPROTOCOL,
        assignments,
      },
      { timeoutMs: rebalanceTimeoutMs + 5000, signal: this.abort.signal },
    );
    if (sync.errorCode !== 0) {
      this.generationId = -1;
      if (sync.errorCode === ErrorCode.REBALANCE_IN_PROGRESS) return;
      throw new KafkaError(sync.errorCode, `SyncGroup ${this.opts.groupId}`);
    }
    const assignment = decodeAssignment(sync.assignment);
    if (assignment?.error === 1) this.opts.logger.error('two registries advertise the same URL; set host.name');
    this.setLeader(assignment?.leader ?? null);
  }

  private async heartbeatUntilRebalance(): Promise<void> {
    while (!this.stopped) {
      await this.sleep(this.opts.heartbeatIntervalMs);
      if (this.stopped) return;
      const res = await (await this.coordinator()).request(
        ApiKey.Heartbeat,
        {
          groupId: this.opts.groupId,
          generationId: this.generationId,
          memberId: this.memberId,
          groupInstanceId: null,
        },
        { signal: this.abort.signal },
      );
      if (res.errorCode === ErrorCode.REBALANCE_IN_PROGRESS) return; // rejoin; the leader may stay the same
      if (res.errorCode !== 0) throw new KafkaError(res.errorCode, `Heartbeat ${this.opts.groupId}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    for (const w of this.wakers) w();
    await this.loop?.catch(() => {});
    if (this.memberId !== '' && this.coordinatorId >= 0) {
      const conn = this.opts.admin.cluster.connection(this.coordinatorId);
      await conn
        .request(ApiKey.LeaveGroup, {
          groupId: this.opts.groupId,
          memberId: this.memberId,
          members: [{ memberId: this.memberId, groupInstanceId: null, reason: 'registry closing' }],
        })
        .catch(() => {});
    }
  }
}
