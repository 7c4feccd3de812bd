/**
 * A distributed worker's membership in its Connect group (Kafka's WorkerGroupMember and
 * WorkerCoordinator, eager protocol): find the coordinator → release everything → JoinGroup with
 * protocol type "connect" → the leader computes the assignment → SyncGroup → run what was
 * assigned → heartbeat until a rebalance, a rejoin request or stop. Owner: the distributed
 * herder. One loop owns every state change; others only call requestRejoin().
 */
import type { Admin } from '@samsa/client';
import { KafkaError } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { ApiKey, ErrorCode } from '@samsa/protocol';
import {
  CONNECT_PROTOCOL_TYPE,
  type ConnectAssignment,
  decodeAssignment,
  decodeMetadata,
  encodeAssignment,
  encodeMetadata,
  type WorkerMetadata,
} from './connect-protocol.js';

export interface WorkerGroupHost {
  metadata(): WorkerMetadata;
  /** Leader only: each member's assignment, from every member's metadata. */
  assign(
    leaderId: string,
    members: ReadonlyArray<{ memberId: string; metadata: WorkerMetadata }>,
  ): Promise<Map<string, ConnectAssignment>>;
  /** Eager protocol: stop everything before joining again. */
  revokeAll(): Promise<void>;
  assigned(a: ConnectAssignment, generation: number, memberId: string): Promise<void>;
}

export interface WorkerGroupOptions {
  admin: Admin;
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  host: WorkerGroupHost;
  logger: Logger;
}

export class WorkerGroup {
  memberId = '';
  generation = -1;
  /** True from the moment a rebalance is known until the new assignment is applied. */
  rebalancing = true;
  private coordinatorId = -1;
  private rejoin = true;
  private stopped = false;
  private holding = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly o: WorkerGroupOptions) {}

  start(): void {
    this.loop = this.run();
  }

  requestRejoin(): void {
    this.rejoin = true;
    this.rebalancing = true;
    this.wakeUp?.();
  }

  private async coordinator() {
    const cluster = this.o.admin.cluster;
    if (this.coordinatorId < 0) {
      const conn = await cluster.anyConnection();
      const versions = await conn.apiVersions();
      const res = await conn.request(ApiKey.FindCoordinator, {
        key: this.o.groupId,
        keyType: 0,
        coordinatorKeys: [this.o.groupId],
      });
      const c =
        versions.version(ApiKey.FindCoordinator) >= 4
          ? res.coordinators[0]
          : {
              nodeId: res.nodeId,
              host: res.host,
              port: res.port,
              errorCode: res.errorCode,
              errorMessage: res.errorMessage,
            };
      if (!c) throw new KafkaError(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      if (c.errorCode !== 0) throw new KafkaError(c.errorCode, c.errorMessage || 'FindCoordinator failed');
      cluster.pool.setBrokers([{ nodeId: c.nodeId, host: c.host, port: c.port }]);
      this.coordinatorId = c.nodeId;
    }
    return cluster.connection(this.coordinatorId);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.rejoin) await this.joinAndSync();
        else await this.heartbeat();
      } catch (err) {
        if (this.stopped) return;
        this.coordinatorId = -1;
        this.o.logger.warn({ err, group: this.o.groupId }, 'group membership failed; retrying');
        await this.sleep(500);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        this.wakeUp = null;
        resolve();
      };
    });
  }

  private async joinAndSync(): Promise<void> {
    this.rebalancing = true;
    if (this.holding) {
      await this.o.host.revokeAll();
      this.holding = false;
    }
    const conn = await this.coordinator();
    const timeoutMs = this.o.rebalanceTimeoutMs + 5000;
    const join = await conn.request(
      ApiKey.JoinGroup,
      {
        groupId: this.o.groupId,
        sessionTimeoutMs: this.o.sessionTimeoutMs,
        rebalanceTimeoutMs: this.o.rebalanceTimeoutMs,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: CONNECT_PROTOCOL_TYPE,
        protocols: [{ name: 'default', metadata: encodeMetadata(this.o.host.metadata()) }],
        reason: null,
      },
      { timeoutMs },
    );
    if (join.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
      this.memberId = join.memberId;
      return;
    }
    if (join.errorCode !== 0) return this.onError(join.errorCode);
    this.memberId = join.memberId;
    this.generation = join.generationId;
    let assignments: Array<{ memberId: string; assignment: Buffer }> = [];
    if (join.leader === join.memberId) {
      const members = join.members.map((m: { memberId: string; metadata: Buffer }) => ({
        memberId: m.memberId,
        metadata: decodeMetadata(Buffer.from(m.metadata)),
      }));
      const computed = await this.o.host.assign(join.memberId, members);
      assignments = [...computed].map(([memberId, a]) => ({ memberId, assignment: encodeAssignment(a) }));
    }
    const sync = await conn.request(
      ApiKey.SyncGroup,
      {
        groupId: this.o.groupId,
        generationId: this.generation,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: CONNECT_PROTOCOL_TYPE,
        protocolName: 'default',
        assignments,
      },
      { timeoutMs },
    );
    if (sync.errorCode !== 0) return this.onError(sync.errorCode);
    this.rejoin = false;
    const a = decodeAssignment(Buffer.from(sync.assignment));
    this.holding = true;
    await this.o.host.assigned(a, this.generation, this.memberId);
    if (!this.rejoin) this.rebalancing = false;
  }

  private async heartbeat(): Promise<void> {
    await this.sleep(this.o.heartbeatIntervalMs);
    if (this.stopped || this.rejoin) return;
    const conn = await this.coordinator();
    const res = await conn.request(ApiKey.Heartbeat, {
      groupId: this.o.groupId,
      generationId: this.generation,
      memberId: this.memberId,
      groupInstanceId: null,
    });
    if (res.errorCode !== 0) await this.onError(res.errorCode);
  }

  private async onError(code: number): Promise<void> {
    switch (code) {
      case ErrorCode.REBALANCE_IN_PROGRESS:
        this.requestRejoin();
        return;
      case ErrorCode.UNKNOWN_MEMBER_ID:
      case ErrorCode.ILLEGAL_GENERATION:
        this.memberId = '';
        this.generation = -1;
        this.requestRejoin();
        return;
      case ErrorCode.NOT_COORDINATOR:
      case ErrorCode.COORDINATOR_NOT_AVAILABLE:
      case ErrorCode.COORDINATOR_LOAD_IN_PROGRESS:
        this.coordinatorId = -1;
        this.requestRejoin();
        await this.sleep(200);
        return;
      default:
        throw new KafkaError(code);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
    if (this.memberId && this.coordinatorId >= 0) {
      try {
        const conn = this.o.admin.cluster.connection(this.coordinatorId);
        await conn.request(ApiKey.LeaveGroup, {
          groupId: this.o.groupId,
          memberId: this.memberId,
          members: [{ memberId: this.memberId, groupInstanceId: null, reason: 'the worker is stopping' }],
        });
      } catch (err) {
        this.o.logger.debug({ err }, 'leave group failed');
      }
    }
  }
}
