/**
 * One member of a classic group, owned by its ClassicGroup. Besides what is persisted (ids, client,
 * timeouts, protocols, assignment) it holds the member's parked JoinGroup or SyncGroup response and
 * its session deadline. A member is "awaiting join" between its JoinGroup and the rebalance's
 * completion, and "awaiting sync" between the join response and its SyncGroup's answer.
 */
import type { JoinResult, SyncResult } from './results.js';
import type { TimerTask } from './timer.js';

export interface Protocol {
  name: string;
  metadata: Buffer;
}

export interface MemberInit {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  assignment?: Buffer;
}

const EMPTY = Buffer.alloc(0);

export class ClassicMember {
  memberId: string;
  readonly groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  readonly protocolType: string;
  protocols: Protocol[];
  assignment: Buffer;
  awaitingJoin: ((r: JoinResult) => void) | null = null;
  awaitingSync: ((r: SyncResult) => void) | null = null;
  /** Joined during the current rebalance for the first time (Kafka's isNew): expires sooner. */
  isNew = false;
  /** When the session ends unless a heartbeat (or join/sync) arrives; checked by the session timer. */
  heartbeatDeadline = 0;
  sessionTask: TimerTask | null = null;
  /** When sessionTask fires. */
  sessionDue = 0;

  constructor(init: MemberInit) {
    this.memberId = init.memberId;
    this.groupInstanceId = init.groupInstanceId;
    this.clientId = init.clientId;
    this.clientHost = init.clientHost;
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs;
    this.sessionTimeoutMs = init.sessionTimeoutMs;
    this.protocolType = init.protocolType;
    this.protocols = init.protocols;
    this.assignment = init.assignment ?? EMPTY;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== null;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== null;
  }

  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  supports(name: string): boolean {
    return this.protocols.some((p) => p.name === name);
  }

  /** The member's most preferred protocol among the candidates (its list is in preference order). */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }

  /** Same protocols, same order, same metadata: a rejoin that changes nothing. */
  matches(protocols: Protocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => {
      const mine = this.protocols[i];
      return mine !== undefined && mine.name === p.name && mine.metadata.equals(p.metadata);
    });
  }

  completeJoin(result: JoinResult): boolean {
    const cb = this.awaitingJoin;
    if (!cb) return false;
    this.awaitingJoin = null;
    this.isNew = false;
    cb(result);
    return true;
  }

  completeSync(result: SyncResult): boolean {
    const cb = this.awaitingSync;
    if (!cb) return false;
    this.awaitingSync = null;
    cb(result);
    return true;
  }
}
