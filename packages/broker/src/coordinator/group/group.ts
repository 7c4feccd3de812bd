/**
 * A classic consumer group: its state, generation, chosen protocol, leader, members and committed
 * offsets. Owned by the GroupCoordinator; mutated only by its rebalance, membership and replay
 * code on the event loop, never across an await.
 *
 * The broker never reads assignor data: it picks the protocol every member supports by vote
 * (Kafka's selectProtocol) and hands the leader the members' metadata for it.
 */
import { CONSUMER_PROTOCOL_TYPE } from '@samsa/protocol';
import { BrokerError } from '../../errors/broker-error.js';
import { subscribedTopics } from './consumer-protocol.js';
import type { GroupMetadataValue } from './group-metadata-record.js';
import { GroupOffsets } from './group-offsets.js';
import { assertTransition, type GroupState } from './group-state.js';
import type { ClassicMember, Protocol } from './member.js';
import type { TimerTask } from './timer.js';

export class ClassicGroup {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** When the group entered its current state (persisted; the base of offset expiry when Empty). */
  currentStateTimestamp: number;
  readonly members = new Map<string, ClassicMember>();
  /** group.instance.id → member id of the static member holding it. */
  readonly staticMembers = new Map<string, string>();
  /** Dynamic member ids handed out with MEMBER_ID_REQUIRED whose JoinGroup has not come back yet. */
  readonly pendingMembers = new Map<string, TimerTask>();
  /** Members of this generation that have not sent SyncGroup yet. */
  readonly pendingSync = new Set<string>();
  /** A member joined while the initial rebalance delay was running (extends the delay). */
  newMemberAdded = false;
  readonly offsets = new GroupOffsets();
  joinTask: TimerTask | null = null;
  /** The running join phase is the initial delay of a new group (it waits its whole delay). */
  joinIsInitial = false;
  syncTask: TimerTask | null = null;

  constructor(
    readonly groupId: string,
    readonly partition: number,
    now: number,
  ) {
    this.currentStateTimestamp = now;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(to: GroupState, now: number): void {
    assertTransition(this.groupId, this.state, to);
    this.state = to;
    this.currentStateTimestamp = now;
  }

  get size(): number {
    return this.members.size;
  }

  get isEmptyOfMembers(): boolean {
    return this.members.size === 0;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  get(memberId: string): ClassicMember | undefined {
    return this.members.get(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  staticMemberId(instanceId: string): string | undefined {
    return this.staticMembers.get(instanceId);
  }

  add(member: ClassicMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
  }

  remove(memberId: string): ClassicMember | undefined {
    const m = this.members.get(memberId);
    if (!m) return undefined;
    this.members.delete(memberId);
    this.pendingSync.delete(memberId);
    if (m.groupInstanceId !== null && this.staticMembers.get(m.groupInstanceId) === memberId) {
      this.staticMembers.delete(m.groupInstanceId);
    }
    m.sessionTask?.cancel();
    m.sessionTask = null;
    if (this.leaderId === memberId) {
      // Kafka prefers a member already waiting in the join so the rebalance need not wait.
      const next = [...this.members.values()].find((x) => x.isAwaitingJoin) ?? this.members.values().next().value;
      this.leaderId = next?.memberId ?? null;
    }
    return m;
  }

  /** A static member restarted with a new member id: it keeps its place and its assignment. */
  replaceStaticMember(instanceId: string, oldId: string, newId: string): ClassicMember {
    const m = this.members.get(oldId);
    if (!m) throw new BrokerError('ILLEGAL_STATE', `no member ${oldId}`);
    this.members.delete(oldId);
    m.memberId = newId;
    this.members.set(newId, m);
    this.staticMembers.set(instanceId, newId);
    if (this.leaderId === oldId) this.leaderId = newId;
    if (this.pendingSync.delete(oldId)) this.pendingSync.add(newId);
    return m;
  }

  /** Empty groups accept any non-empty protocol type; others only theirs with a protocol in common. */
  supportsProtocols(protocolType: string, protocols: Protocol[]): boolean {
    if (protocolType === '' || protocols.length === 0) return false;
    if (this.members.size === 0) return true;
    if (protocolType !== this.protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.has(p.name));
  }

  /** Protocols every member supports. */
  candidateProtocols(): Set<string> {
    const all = [...this.members.values()];
    const first = all[0];
    if (!first) return new Set();
    return new Set(first.protocols.map((p) => p.name).filter((n) => all.every((m) => m.supports(n))));
  }

  /** Each member votes for its preferred candidate; the most votes wins, ties go to the first named. */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const v = m.vote(candidates);
      if (v !== undefined) votes.set(v, (votes.get(v) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestVotes = -1;
    for (const [name, n] of votes) {
      if (n > bestVotes) {
        best = name;
        bestVotes = n;
      }
    }
    if (best === undefined)
      throw new BrokerError('ILLEGAL_STATE', `group ${this.groupId} has no protocol all members support`);
    return best;
  }

  allMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (!m.isAwaitingJoin) return false;
    return true;
  }

  maxRebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  /** Next generation: Empty if nobody is left, else CompletingRebalance with a protocol chosen. */
  initNextGeneration(now: number): void {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.pendingSync.clear();
      for (const id of this.members.keys()) this.pendingSync.add(id);
      this.transitionTo('CompletingRebalance', now);
    } else {
      this.protocolName = null;
      this.transitionTo('Empty', now);
    }
  }

  /**
   * Topics the members subscribe to, for a "consumer" group; null means "cannot tell" (another
   * protocol type), which callers treat as subscribed to everything.
   */
  subscribedTopics(): Set<string> | null {
    if (this.members.size === 0) return new Set();
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE || this.protocolName === null) return null;
    const all = new Set<string>();
    for (const m of this.members.values()) {
      const topics = subscribedTopics(m.metadataFor(this.protocolName));
      if (topics === null) return null;
      for (const t of topics) all.add(t);
    }
    return all;
  }

  isSubscribedTo(topic: string): boolean {
    const topics = this.subscribedTopics();
    return topics === null || topics.has(topic);
  }

  /** The group as its metadata record stores it. */
  toRecord(): GroupMetadataValue {
    return {
      protocolType: this.protocolType ?? '',
      generation: this.generationId,
      protocol: this.protocolName,
      leader: this.leaderId,
      currentStateTimestamp: this.currentStateTimestamp,
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeout: m.rebalanceTimeoutMs,
        sessionTimeout: m.sessionTimeoutMs,
        subscription: this.protocolName === null ? Buffer.alloc(0) : m.metadataFor(this.protocolName),
        assignment: m.assignment,
      })),
    };
  }

  cancelTimers(): void {
    this.joinTask?.cancel();
    this.joinTask = null;
    this.syncTask?.cancel();
    this.syncTask = null;
    for (const t of this.pendingMembers.values()) t.cancel();
    this.pendingMembers.clear();
    for (const m of this.members.values()) {
      m.sessionTask?.cancel();
      m.sessionTask = null;
    }
  }
}
