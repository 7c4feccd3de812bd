/**
 * The controller's work once elected (Kafka's ZooKeeper-era KafkaController): it reads brokers,
 * topics and partition states from ZooKeeper, decides leaders and ISRs, writes every decision with
 * a fenced, version-checked multi (`ZkController.fencedWrite`), and only then tells the brokers
 * with LeaderAndIsr, UpdateMetadata and StopReplica.
 *
 * Every input — election, broker membership, new topics and partitions, deletions, AlterPartition
 * and ControlledShutdown requests — is an event on one queue, processed alone, so the state below
 * has one writer. A controller that lost its epoch fails its next write and stops; brokers ignore
 * its requests because their epoch is older.
 */
import { ErrorCode } from '@samsa/protocol';
import type { Logger } from '../logger.js';
import type { ZkClient, ZkOp, ZkWatchEvent } from '../zk/zk-client.js';
import { ZkError } from '../zk/zk-client.js';
import {
  BrokerIdsZNode,
  BrokerIdZNode,
  type BrokerInfo,
  ControllerZNode,
  DeleteTopicZNode,
  type LeaderAndIsr,
  PartitionStateZNode,
  TopicConfigZNode,
  TopicZNode,
} from '../zk/znodes.js';
import type { PartitionInfo } from './control-requests.js';
import {
  type ControlContext,
  leaderAndIsrRequest,
  stopReplicaRequest,
  updateMetadataRequest,
} from './control-requests.js';
import type { ZkController } from './controller.js';
import { ControllerChannel } from './controller-channel.js';
import { CrashDetector, type ProbeTarget } from './crash-detector.js';
import { electPartitionLeader } from './election.js';
import { EventQueue } from './event-queue.js';
import {
  type ControllerPartition,
  type ControllerTopic,
  NO_LEADER,
  type PartitionRef,
  refKey,
  withoutReplicas,
} from './partition-state.js';
import {
  completion,
  imbalancedBrokers,
  isReassigning,
  originalReplicas,
  preferredLeader,
  type ReplicaAssignment,
  startReassignment,
  targetProblem,
  targetReplicas,
} from './reassignment.js';

export interface AlterPartitionItem {
  topic: string;
  partition: number;
  leaderEpoch: number;
  newIsr: number[];
  partitionEpoch: number;
}

export interface AlterPartitionResult {
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
}

export interface ClusterControllerOptions {
  interBrokerListener: string;
  requestTimeoutMs: number;
  /** The broker default of unclean.leader.election.enable. */
  uncleanDefault: boolean;
  /** The topic override of unclean.leader.election.enable, if any. */
  topicUnclean(topic: string): boolean | undefined;
  /** auto.leader.rebalance.enable, leader.imbalance.per.broker.percentage, leader.imbalance.check.interval.seconds */
  autoLeaderRebalance?: { percentage: number; intervalMs: number };
}

export interface ReassignmentItem {
  topic: string;
  partition: number;
  /** null cancels the partition's reassignment. */
  target: number[] | null;
}

export interface ElectionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface OngoingReassignment {
  topic: string;
  partition: number;
  replicas: number[];
  adding: number[];
  removing: number[];
}

/** ElectLeaders' election types. */
export const PREFERRED_ELECTION = 0;
export const UNCLEAN_ELECTION = 1;

type Event =
  | { type: 'Elected' }
  | { type: 'Resigned' }
  | { type: 'BrokerChange' }
  | { type: 'TopicChange' }
  | { type: 'TopicDeletion' }
  | { type: 'PartitionModification'; topic: string }
  | {
      type: 'AlterPartition';
      brokerId: number;
      brokerEpoch: bigint;
      items: AlterPartitionItem[];
      reply(r: AlterPartitionResult[] | number): void;
    }
  | { type: 'ControlledShutdown'; brokerId: number; brokerEpoch: bigint; reply(r: PartitionRef[] | number): void }
  | { type: 'AlterReassignments'; items: ReassignmentItem[]; reply(r: ElectionResult[] | number): void }
  | { type: 'ListReassignments'; filter: PartitionRef[] | null; reply(r: OngoingReassignment[] | number): void }
  | {
      type: 'ElectLeaders';
      electionType: number;
      partitions: PartitionRef[] | null;
      reply(r: ElectionResult[] | number): void;
    }
  | { type: 'AutoRebalance' }
  | { type: 'BrokerRefused'; id: number; epoch: bigint }
  | { type: 'ControllerRefused'; id: number; epoch: bigint };

/** Ops per ZooKeeper multi: far under jute.maxbuffer (1 MiB) with Kafka-sized state znodes. */
const OPS_PER_MULTI = 500;

export class ClusterController {
  private readonly queue: EventQueue<Event>;
  private active = false;
  private channel: ControllerChannel | null = null;
  private live = new Map<number, BrokerInfo>();
  private brokerEpochs = new Map<number, bigint>();
  private readonly shuttingDown = new Set<number>();
  private rebalanceTimer: NodeJS.Timeout | null = null;
  private readonly crashes = new CrashDetector(
    () => this.probeTargets(),
    (t) => this.queue.put({ type: 'BrokerRefused', id: t.id, epoch: t.epoch }),
  );
  /** Every other broker watches the controller's port the same way, so a crashed controller is replaced fast too. */
  private readonly controllerCrash = new CrashDetector(
    () => this.controllerTarget(),
    (t) => this.queue.put({ type: 'ControllerRefused', id: t.id, epoch: t.epoch }),
  );
  private controllerProbe: ProbeTarget | null = null;
  private fetchingControllerProbe = false;
  private readonly topics = new Map<string, ControllerTopic>();
  private readonly states = new Map<string, ControllerPartition>();
  private readonly onWatch = (e: ZkWatchEvent) => {
    if (!this.active) return;
    if (e.path === '/brokers/topics') this.queue.put({ type: 'TopicChange' });
    else if (e.path === DeleteTopicZNode.parent) this.queue.put({ type: 'TopicDeletion' });
    else if (e.type === 'dataChanged' && /^\/brokers\/topics\/[^/]+$/.test(e.path))
      this.queue.put({ type: 'PartitionModification', topic: e.path.slice('/brokers/topics/'.length) });
  };

  constructor(
    private readonly zk: ZkClient,
    private readonly election: ZkController,
    private readonly options: ClusterControllerOptions,
    private readonly log: Logger,
  ) {
    this.queue = new EventQueue(
      (e) => this.process(e),
      (e, err) => {
        this.log.error({ err: String((err as Error)?.stack ?? err), event: e.type }, 'controller event failed');
        if (err instanceof ZkError && err.code === 'BAD_VERSION') this.queue.put({ type: 'Resigned' });
      },
    );
    election.on('elected', () => this.queue.put({ type: 'Elected' }));
    election.on('resigned', () => this.queue.put({ type: 'Resigned' }));
    election.on('brokersChanged', () => this.queue.put({ type: 'BrokerChange' }));
    zk.on('watch', this.onWatch);
    this.controllerCrash.start();
  }

  get isActive(): boolean {
    return this.active;
  }

  settled(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    this.controllerCrash.stop();
    this.zk.off('watch', this.onWatch);
    await this.queue.close();
    this.deactivate();
  }

  /** AlterPartition from a leader: resolves with per-item results, or a top-level error code. */
  alterPartition(
    brokerId: number,
    brokerEpoch: bigint,
    items: AlterPartitionItem[],
  ): Promise<AlterPartitionResult[] | number> {
    if (!this.active) return Promise.resolve(ErrorCode.NOT_CONTROLLER);
    return new Promise((reply) => this.queue.put({ type: 'AlterPartition', brokerId, brokerEpoch, items, reply }));
  }

  /** AlterPartitionReassignments: per-item results, or a top-level error code. */
  alterReassignments(items: ReassignmentItem[]): Promise<ElectionResult[] | number> {
    return this.ask((reply) => ({ type: 'AlterReassignments', items, reply }));
  }

  listReassignments(filter: PartitionRef[] | null): Promise<OngoingReassignment[] | number> {
    return this.ask((reply) => ({ type: 'ListReassignments', filter, reply }));
  }

  /** ElectLeaders: per-partition results (null partitions: every partition), or a top-level error code. */
  electLeaders(electionType: number, partitions: PartitionRef[] | null): Promise<ElectionResult[] | number> {
    return this.ask((reply) => ({ type: 'ElectLeaders', electionType, partitions, reply }));
  }

  private ask<R>(event: (reply: (r: R | number) => void) => Event): Promise<R | number> {
    if (!this.active) return Promise.resolve(ErrorCode.NOT_CONTROLLER);
    return new Promise((reply) => this.queue.put(event(reply)));
  }

  /** ControlledShutdown: resolves with the partitions the broker still leads, or an error code. */
  controlledShutdown(brokerId: number, brokerEpoch: bigint): Promise<PartitionRef[] | number> {
    if (!this.active) return Promise.resolve(ErrorCode.NOT_CONTROLLER);
    return new Promise((reply) => this.queue.put({ type: 'ControlledShutdown', brokerId, brokerEpoch, reply }));
  }

  private async process(e: Event): Promise<void> {
    if (e.type === 'Elected') return this.onElected();
    if (e.type === 'Resigned') return this.deactivate();
    if (e.type === 'ControllerRefused') return this.onControllerRefused(e.id, e.epoch);
    if (!this.active) {
      if ('reply' in e) e.reply(ErrorCode.NOT_CONTROLLER);
      return;
    }
    switch (e.type) {
      case 'BrokerChange':
        return this.onBrokerChange();
      case 'TopicChange':
        return this.onTopicChange();
      case 'TopicDeletion':
        return this.onTopicDeletion();
      case 'PartitionModification':
        return this.onPartitionModification(e.topic);
      case 'AlterPartition':
        return e.reply(await this.onAlterPartition(e.brokerId, e.brokerEpoch, e.items));
      case 'ControlledShutdown':
        return e.reply(await this.onControlledShutdown(e.brokerId, e.brokerEpoch));
      case 'AlterReassignments':
        return e.reply(await this.onAlterReassignments(e.items));
      case 'ListReassignments':
        return e.reply(this.ongoingReassignments(e.filter));
      case 'ElectLeaders':
        return e.reply(await this.onElectLeaders(e.electionType, e.partitions));
      case 'AutoRebalance':
        return this.onAutoRebalance();
      case 'BrokerRefused':
        return this.onBrokerRefused(e.id, e.epoch);
    }
  }

  private get ctx(): ControlContext {
    return {
      controllerId: this.election.brokerId,
      controllerEpoch: this.election.controllerEpoch,
      listener: this.options.interBrokerListener,
    };
  }

  private deactivate(): void {
    this.crashes.stop();
    if (this.rebalanceTimer) clearInterval(this.rebalanceTimer);
    this.rebalanceTimer = null;
    if (!this.active) return;
    this.active = false;
    this.channel?.close();
    this.channel = null;
    this.live.clear();
    this.brokerEpochs.clear();
    this.topics.clear();
    this.states.clear();
    this.shuttingDown.clear();
  }

  // ---- failover -----------------------------------------------------------------------------

  private async onElected(): Promise<void> {
    if (!this.election.isActive) return;
    this.deactivate();
    this.active = true;
    this.channel = new ControllerChannel(this.election.brokerId, this.options.requestTimeoutMs, this.log);
    await this.readBrokers();
    for (const name of await this.zk.children('/brokers/topics', { watch: true })) await this.readTopic(name);
    await this.zk.children(DeleteTopicZNode.parent, { watch: true });
    const started = Date.now();
    // Brokers that died while there was no controller (the previous one among them, maybe) are
    // still in ISRs: take them out first, as a BrokerChange would have.
    const dead = new Set<number>();
    for (const s of this.states.values()) for (const r of s.isr) if (!this.live.has(r)) dead.add(r);
    const changed = [...(await this.withoutBrokers(dead)), ...(await this.initializeAndElect([...this.allRefs()]))];
    this.log.info(
      {
        epoch: this.election.controllerEpoch,
        brokers: [...this.live.keys()],
        topics: this.topics.size,
        partitions: this.states.size,
        elected: changed.length,
        ms: Date.now() - started,
      },
      'controller failover complete',
    );
    // A new controller tells every broker everything: what the old one sent may never have arrived.
    this.sendUpdateMetadata([...this.live.keys()], this.infos([...this.allRefs()]));
    for (const id of this.live.keys()) this.sendLeaderAndIsr(id, this.infos(this.refsReplicatedBy(id)));
    await this.onTopicDeletion();
    // Reassignments a previous controller started go on from what the topic znodes say.
    await this.maybeCompleteReassignments([...this.allRefs()]);
    this.crashes.start();
    const auto = this.options.autoLeaderRebalance;
    if (auto) {
      this.rebalanceTimer = setInterval(() => this.queue.put({ type: 'AutoRebalance' }), auto.intervalMs);
      this.rebalanceTimer.unref();
    }
  }

  private async readBrokers(): Promise<{ added: number[]; removed: number[] }> {
    const ids = (await this.zk.children(BrokerIdsZNode.path, { watch: true })).map(Number);
    const next = new Map<number, BrokerInfo>();
    const epochs = new Map<number, bigint>();
    for (const id of ids) {
      try {
        const { data, stat } = await this.zk.get(BrokerIdZNode.path(id));
        next.set(id, BrokerIdZNode.decode(id, data));
        epochs.set(id, stat.czxid);
      } catch (err) {
        if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      }
    }
    const added: number[] = [];
    const removed: number[] = [];
    for (const id of this.live.keys()) {
      // A broker that restarted between two reads has a new epoch: it is both gone and new.
      if (!next.has(id) || epochs.get(id) !== this.brokerEpochs.get(id)) removed.push(id);
    }
    for (const id of next.keys()) if (!this.live.has(id) || removed.includes(id)) added.push(id);
    this.live = next;
    this.brokerEpochs = epochs;
    const channel = this.channel as ControllerChannel;
    for (const id of removed) channel.removeBroker(id);
    for (const [id, info] of next) {
      const e = info.endpoints.find((x) => x.listener === this.options.interBrokerListener) ?? info.endpoints[0];
      if (e) channel.addBroker({ nodeId: id, host: e.host, port: e.port });
    }
    return { added, removed };
  }

  private async readTopic(name: string): Promise<string[]> {
    let a: ReturnType<typeof TopicZNode.decode>;
    try {
      a = TopicZNode.decode(name, (await this.zk.get(TopicZNode.path(name), { watch: true })).data);
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NO_NODE') return [];
      throw err;
    }
    const known = this.topics.get(name);
    const fresh: string[] = [];
    this.topics.set(name, {
      topicId: a.topicId ?? '',
      assignment: a.partitions,
      adding: a.addingReplicas,
      removing: a.removingReplicas,
    });
    for (const p of a.partitions.keys()) {
      const key = refKey(name, p);
      if (known?.assignment.has(p) && this.states.has(key)) continue;
      fresh.push(key);
      try {
        const { data, stat } = await this.zk.get(PartitionStateZNode.path(name, p));
        this.states.set(key, { ...PartitionStateZNode.decode(name, p, data), zkVersion: stat.version });
      } catch (err) {
        if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      }
    }
    return fresh;
  }

  // ---- membership ---------------------------------------------------------------------------

  private async onBrokerChange(): Promise<void> {
    const { added, removed } = await this.readBrokers();
    if (added.length === 0 && removed.length === 0) return;
    for (const id of removed) this.shuttingDown.delete(id);
    this.log.info({ added, removed, live: [...this.live.keys()] }, 'brokers changed');
    const gone = new Set(removed.filter((id) => !this.live.has(id)));
    const changed = new Set(await this.withoutBrokers(gone));
    for (const key of await this.initializeAndElect([...this.allRefs()])) changed.add(key);
    const live = [...this.live.keys()];
    // Everyone learns the new broker list; newcomers learn every partition.
    this.sendUpdateMetadata(
      live.filter((id) => !added.includes(id)),
      this.infos([...changed]),
    );
    this.sendUpdateMetadata(added, this.infos([...this.allRefs()]));
    for (const id of live) {
      const refs = added.includes(id)
        ? this.refsReplicatedBy(id)
        : [...changed].filter((k) => this.replicasOf(this.refOf(k)).includes(id));
      if (refs.length > 0) this.sendLeaderAndIsr(id, this.infos(refs));
    }
    await this.maybeCompleteReassignments([...this.allRefs()]);
  }

  /**
   * Takes brokers that are gone out of every ISR, electing new leaders where they led (Kafka's
   * OfflineReplica transition). Returns the keys whose state changed.
   */
  private async withoutBrokers(gone: ReadonlySet<number>): Promise<string[]> {
    if (gone.size === 0) return [];
    const moves: Array<[string, LeaderAndIsr]> = [];
    for (const [key, s] of this.states) {
      const ref = this.refOf(key);
      if (gone.has(s.leader)) {
        const pick = this.electLeader(
          ref,
          this.replicasOf(ref),
          s.isr.filter((r) => !gone.has(r)),
        );
        moves.push([key, withoutReplicas(s, gone, pick ?? NO_LEADER, this.ctx.controllerEpoch)]);
        if (pick !== null && !s.isr.includes(pick)) this.logUnclean(ref, pick);
      } else if (s.isr.some((r) => gone.has(r)) && s.isr.length > 1) {
        moves.push([key, withoutReplicas(s, gone, s.leader, this.ctx.controllerEpoch)]);
      }
    }
    await this.writeStates(moves);
    return moves.map(([k]) => k);
  }

  /**
   * Brings up partitions without a state znode (new topics and partitions) and elects leaders for
   * partitions without a live one. Returns the keys whose state changed.
   */
  private async initializeAndElect(keys: string[]): Promise<string[]> {
    const creates: Array<[string, LeaderAndIsr]> = [];
    const moves: Array<[string, LeaderAndIsr]> = [];
    for (const key of keys) {
      const ref = this.refOf(key);
      const replicas = this.replicasOf(ref);
      const s = this.states.get(key);
      if (!s) {
        const liveReplicas = replicas.filter((r) => this.live.has(r));
        const leader = liveReplicas.find((r) => !this.shuttingDown.has(r));
        if (leader === undefined) continue; // stays new until a replica is alive
        creates.push([key, { leader, leaderEpoch: 0, isr: liveReplicas, controllerEpoch: this.ctx.controllerEpoch }]);
      } else if (s.leader === NO_LEADER || !this.live.has(s.leader)) {
        const pick = this.electLeader(ref, replicas, s.isr);
        if (pick === null) {
          if (s.leader !== NO_LEADER) {
            moves.push([key, withoutReplicas(s, new Set([s.leader]), NO_LEADER, this.ctx.controllerEpoch)]);
          }
          continue;
        }
        if (!s.isr.includes(pick)) this.logUnclean(ref, pick);
        const isr = s.isr.includes(pick) ? s.isr.filter((r) => this.live.has(r)) : [pick];
        moves.push([
          key,
          { leader: pick, leaderEpoch: s.leaderEpoch + 1, isr, controllerEpoch: this.ctx.controllerEpoch },
        ]);
      }
    }
    await this.createStates(creates);
    await this.writeStates(moves);
    return [...creates, ...moves].map(([k]) => k);
  }

  private electLeader(ref: PartitionRef, replicas: number[], isr: number[]): number | null {
    const candidates = new Set([...this.live.keys()].filter((id) => !this.shuttingDown.has(id)));
    const unclean = this.options.topicUnclean(ref.topic) ?? this.options.uncleanDefault;
    return electPartitionLeader(replicas, isr, candidates, unclean)?.leader ?? null;
  }

  private logUnclean(ref: PartitionRef, leader: number): void {
    this.log.warn(
      { topic: ref.topic, partition: ref.partition, leader },
      'unclean leader election: an out-of-sync replica leads; records acknowledged by the old ISR may be lost',
    );
  }

  // ---- topics -------------------------------------------------------------------------------

  private async onTopicChange(): Promise<void> {
    const names = await this.zk.children('/brokers/topics', { watch: true });
    const fresh: string[] = [];
    for (const name of names) if (!this.topics.has(name)) fresh.push(...(await this.readTopic(name)));
    await this.bringUp(fresh);
  }

  private async onPartitionModification(topic: string): Promise<void> {
    if (!this.topics.has(topic)) return;
    await this.bringUp(await this.readTopic(topic));
  }

  private async bringUp(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const changed = await this.initializeAndElect(keys);
    const infos = this.infos(changed, true);
    this.sendUpdateMetadata([...this.live.keys()], infos);
    for (const id of this.live.keys()) {
      const mine = infos.filter((p) => p.replicas.includes(id));
      if (mine.length > 0) this.sendLeaderAndIsr(id, mine);
    }
  }

  private async onTopicDeletion(): Promise<void> {
    const names = await this.zk.children(DeleteTopicZNode.parent, { watch: true });
    for (const name of names) {
      const t = this.topics.get(name);
      const ops: ZkOp[] = [];
      if (t) {
        const parts = [...t.assignment.keys()];
        const refs = parts.map((partition) => ({ topic: name, partition, leaderEpoch: -2 }));
        for (const id of this.live.keys()) {
          const mine = refs.filter((r) => this.replicasOf(r).includes(id));
          const epoch = this.brokerEpochs.get(id) ?? -1n;
          if (mine.length > 0) this.post(id, (c) => c.send(id, 5, stopReplicaRequest(this.ctx, epoch, mine, true)));
        }
        const deleted = parts.map((partition) => ({ topic: name, topicId: t.topicId, partition }));
        for (const id of this.live.keys()) {
          const epoch = this.brokerEpochs.get(id) ?? -1n;
          this.post(id, (c) => c.send(id, 6, updateMetadataRequest(this.ctx, epoch, [], deleted, this.live)));
        }
        ops.push(...(await this.subtreeDeletes(TopicZNode.path(name))));
        if (await this.zk.exists(TopicConfigZNode.path(name)))
          ops.push({ op: 'delete', path: TopicConfigZNode.path(name), version: -1 });
        for (const p of parts) this.states.delete(refKey(name, p));
        this.topics.delete(name);
      }
      ops.push({ op: 'delete', path: DeleteTopicZNode.path(name), version: -1 });
      await this.election.fencedWrite(ops);
      this.log.info({ topic: name }, 'topic deleted');
    }
  }

  /** Delete ops for a znode and everything under it, children first. */
  private async subtreeDeletes(path: string): Promise<ZkOp[]> {
    const ops: ZkOp[] = [];
    let children: string[] = [];
    try {
      children = await this.zk.children(path);
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NO_NODE') return [];
      throw err;
    }
    for (const c of children) ops.push(...(await this.subtreeDeletes(`${path}/${c}`)));
    ops.push({ op: 'delete', path, version: -1 });
    return ops;
  }

  // ---- requests from brokers ----------------------------------------------------------------

  private async onAlterPartition(
    brokerId: number,
    brokerEpoch: bigint,
    items: AlterPartitionItem[],
  ): Promise<AlterPartitionResult[] | number> {
    const known = this.brokerEpochs.get(brokerId);
    if (known === undefined || (brokerEpoch !== -1n && brokerEpoch !== known)) return ErrorCode.STALE_BROKER_EPOCH;
    const results: AlterPartitionResult[] = [];
    const writes: Array<[string, LeaderAndIsr]> = [];
    const fail = (errorCode: number): AlterPartitionResult => ({
      errorCode,
      leaderId: -1,
      leaderEpoch: -1,
      isr: [],
      partitionEpoch: -1,
    });
    for (const it of items) {
      const key = refKey(it.topic, it.partition);
      const s = this.states.get(key);
      if (!s) results.push(fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
      else if (s.leader !== brokerId) results.push(fail(ErrorCode.NOT_LEADER_OR_FOLLOWER));
      else if (it.leaderEpoch !== s.leaderEpoch) results.push(fail(ErrorCode.FENCED_LEADER_EPOCH));
      else if (it.partitionEpoch !== s.zkVersion) results.push(fail(ErrorCode.INVALID_UPDATE_VERSION));
      else if (
        !it.newIsr.includes(brokerId) ||
        it.newIsr.some(
          (r) => !this.live.has(r) || !this.replicasOf({ topic: it.topic, partition: it.partition }).includes(r),
        )
      )
        results.push(fail(ErrorCode.INELIGIBLE_REPLICA));
      else {
        writes.push([
          key,
          { leader: s.leader, leaderEpoch: s.leaderEpoch, isr: it.newIsr, controllerEpoch: this.ctx.controllerEpoch },
        ]);
        results.push(fail(ErrorCode.NONE)); // filled in after the write
      }
    }
    await this.writeStates(writes);
    for (let i = 0; i < items.length; i++) {
      const r = results[i] as AlterPartitionResult;
      if (r.errorCode !== ErrorCode.NONE) continue;
      const it = items[i] as AlterPartitionItem;
      const s = this.states.get(refKey(it.topic, it.partition)) as ControllerPartition;
      results[i] = {
        errorCode: ErrorCode.NONE,
        leaderId: s.leader,
        leaderEpoch: s.leaderEpoch,
        isr: s.isr,
        partitionEpoch: s.zkVersion,
      };
    }
    await this.maybeCompleteReassignments(writes.map(([k]) => k));
    if (writes.length > 0) {
      this.log.info(
        { broker: brokerId, changes: writes.map(([k, s]) => ({ partition: k.replace('\u0000', '-'), isr: s.isr })) },
        'ISR changed',
      );
      this.sendUpdateMetadata([...this.live.keys()], this.infos(writes.map(([k]) => k)));
    }
    return results;
  }

  private async onControlledShutdown(brokerId: number, brokerEpoch: bigint): Promise<PartitionRef[] | number> {
    const known = this.brokerEpochs.get(brokerId);
    if (known === undefined) return ErrorCode.BROKER_NOT_AVAILABLE;
    if (brokerEpoch !== -1n && brokerEpoch !== known) return ErrorCode.STALE_BROKER_EPOCH;
    this.shuttingDown.add(brokerId);
    const gone = new Set([brokerId]);
    const moves: Array<[string, LeaderAndIsr]> = [];
    const remaining: PartitionRef[] = [];
    for (const [key, s] of this.states) {
      const ref = this.refOf(key);
      const replicas = this.replicasOf(ref);
      if (replicas.length < 2) {
        if (s.leader === brokerId) remaining.push(ref);
        continue;
      }
      if (s.leader === brokerId) {
        const next = replicas.find(
          (r) => r !== brokerId && s.isr.includes(r) && this.live.has(r) && !this.shuttingDown.has(r),
        );
        if (next === undefined) remaining.push(ref);
        else moves.push([key, withoutReplicas(s, gone, next, this.ctx.controllerEpoch)]);
      } else if (s.isr.includes(brokerId) && s.isr.length > 1) {
        moves.push([key, withoutReplicas(s, gone, s.leader, this.ctx.controllerEpoch)]);
      }
    }
    await this.writeStates(moves);
    const keys = moves.map(([k]) => k);
    this.sendUpdateMetadata([...this.live.keys()], this.infos(keys));
    for (const id of this.live.keys()) {
      const refs = keys.filter((k) => this.replicasOf(this.refOf(k)).includes(id));
      if (refs.length > 0) this.sendLeaderAndIsr(id, this.infos(refs));
    }
    this.log.info({ broker: brokerId, moved: moves.length, remaining: remaining.length }, 'controlled shutdown');
    return remaining;
  }

  private probeTargets(): ProbeTarget[] {
    if (!this.active) return [];
    const out: ProbeTarget[] = [];
    for (const [id, info] of this.live) {
      if (id === this.election.brokerId) continue;
      const e = info.endpoints.find((x) => x.listener === this.options.interBrokerListener) ?? info.endpoints[0];
      const epoch = this.brokerEpochs.get(id);
      if (e && epoch !== undefined) out.push({ id, epoch, host: e.host, port: e.port });
    }
    return out;
  }

  /** The active controller's inter-broker endpoint, read from its registration when it changes. */
  private controllerTarget(): ProbeTarget[] {
    const id = this.election.activeControllerId;
    if (this.active || id === null || id === this.election.brokerId) return [];
    if (this.controllerProbe?.id === id) return [this.controllerProbe];
    if (!this.fetchingControllerProbe) {
      this.fetchingControllerProbe = true;
      this.zk
        .get(BrokerIdZNode.path(id))
        .then(({ data, stat }) => {
          const info = BrokerIdZNode.decode(id, data);
          const e = info.endpoints.find((x) => x.listener === this.options.interBrokerListener) ?? info.endpoints[0];
          if (e) this.controllerProbe = { id, epoch: stat.czxid, host: e.host, port: e.port };
        })
        .catch(() => {})
        .finally(() => {
          this.fetchingControllerProbe = false;
        });
    }
    return [];
  }

  /**
   * The controller's port refuses connections: that process is gone. Removing its /controller
   * (and its registration) starts the next election now rather than at its session expiry; the
   * checks make sure it is still that incarnation's.
   */
  private async onControllerRefused(id: number, epoch: bigint): Promise<void> {
    const reg = await this.zk.exists(BrokerIdZNode.path(id));
    const ctl = await this.zk.exists(ControllerZNode.path);
    if (!reg || reg.czxid !== epoch || !ctl) return;
    const current = ControllerZNode.decode((await this.zk.get(ControllerZNode.path)).data).brokerId;
    if (current !== id) return;
    try {
      await this.zk.multi([
        { op: 'delete', path: ControllerZNode.path, version: ctl.version },
        { op: 'delete', path: BrokerIdZNode.path(id), version: reg.version },
      ]);
    } catch (err) {
      if (err instanceof ZkError && (err.code === 'NO_NODE' || err.code === 'BAD_VERSION')) return;
      throw err;
    }
    this.controllerProbe = null;
    this.log.warn(
      { controller: id },
      'the controller refuses connections: its process is gone; starting a new election',
    );
  }

  /**
   * A broker's port refuses connections: its process is gone. Its registration is removed (only
   * that incarnation's: the czxid must still be the epoch we probed), and the BrokerChange that
   * follows moves its leaderships, as its session expiry would have later.
   */
  private async onBrokerRefused(id: number, epoch: bigint): Promise<void> {
    if (this.brokerEpochs.get(id) !== epoch) return;
    const path = BrokerIdZNode.path(id);
    const stat = await this.zk.exists(path);
    if (!stat || stat.czxid !== epoch) return;
    try {
      await this.zk.delete(path, stat.version);
    } catch (err) {
      if (!(err instanceof ZkError && (err.code === 'NO_NODE' || err.code === 'BAD_VERSION'))) throw err;
      return;
    }
    this.log.warn({ broker: id }, 'broker refuses connections: its process is gone; removed its registration');
  }

  // ---- reassignment and leader election ----------------------------------------------------

  private assignmentOf(ref: PartitionRef): ReplicaAssignment {
    const t = this.topics.get(ref.topic);
    return {
      replicas: t?.assignment.get(ref.partition) ?? [],
      adding: t?.adding.get(ref.partition) ?? [],
      removing: t?.removing.get(ref.partition) ?? [],
    };
  }

  private async onAlterReassignments(items: ReassignmentItem[]): Promise<ElectionResult[]> {
    const known = new Set(this.live.keys());
    const results: ElectionResult[] = [];
    for (const it of items) {
      const result = (errorCode: number, errorMessage: string | null = null) =>
        results.push({ topic: it.topic, partition: it.partition, errorCode, errorMessage });
      const key = refKey(it.topic, it.partition);
      const current = this.assignmentOf(it);
      const state = this.states.get(key);
      if (current.replicas.length === 0 || !state) {
        result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        continue;
      }
      let next: ReplicaAssignment;
      if (it.target === null) {
        if (!isReassigning(current)) {
          result(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
          continue;
        }
        next = { replicas: originalReplicas(current), adding: [], removing: [] };
      } else {
        const problem = targetProblem(it.target, known);
        if (problem) {
          result(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
          continue;
        }
        next = startReassignment(current, it.target);
      }
      await this.changeAssignment(key, current, next);
      result(ErrorCode.NONE);
    }
    await this.maybeCompleteReassignments(items.map((it) => refKey(it.topic, it.partition)));
    return results;
  }

  /**
   * Writes a partition's new replica set (with a new leader epoch, so followers and the leader see
   * a LeaderAndIsr they must apply), tells the replicas, and stops the ones no longer listed.
   */
  private async changeAssignment(key: string, before: ReplicaAssignment, next: ReplicaAssignment): Promise<void> {
    const ref = this.refOf(key);
    const t = this.topics.get(ref.topic) as ControllerTopic;
    const s = this.states.get(key) as ControllerPartition;
    const live = new Set(this.live.keys());
    let leader = s.leader;
    let isr = s.isr.filter((r) => next.replicas.includes(r));
    if (!next.replicas.includes(leader) || !isr.includes(leader)) {
      leader = next.replicas.find((r) => live.has(r) && isr.includes(r)) ?? NO_LEADER;
    }
    if (isr.length === 0) isr = [leader];
    const state: LeaderAndIsr = {
      leader,
      leaderEpoch: s.leaderEpoch + 1,
      isr,
      controllerEpoch: this.ctx.controllerEpoch,
    };
    const assignment = new Map(t.assignment).set(ref.partition, next.replicas);
    const adding = new Map(t.adding);
    const removing = new Map(t.removing);
    if (next.adding.length > 0) adding.set(ref.partition, next.adding);
    else adding.delete(ref.partition);
    if (next.removing.length > 0) removing.set(ref.partition, next.removing);
    else removing.delete(ref.partition);
    const { stat } = await this.zk.get(TopicZNode.path(ref.topic));
    await this.election.fencedWrite([
      {
        op: 'set',
        path: TopicZNode.path(ref.topic),
        data: TopicZNode.encode({
          topicId: t.topicId || null,
          partitions: assignment,
          addingReplicas: adding,
          removingReplicas: removing,
        }),
        version: stat.version,
      },
      {
        op: 'set',
        path: PartitionStateZNode.path(ref.topic, ref.partition),
        data: PartitionStateZNode.encode(state),
        version: s.zkVersion,
      },
    ]);
    this.topics.set(ref.topic, { ...t, assignment, adding, removing });
    this.states.set(key, { ...state, zkVersion: s.zkVersion + 1 });
    const info = this.infos([key]);
    for (const id of next.replicas) if (this.live.has(id)) this.sendLeaderAndIsr(id, info);
    const dropped = before.replicas.filter((r) => !next.replicas.includes(r));
    for (const id of dropped) {
      const epoch = this.brokerEpochs.get(id) ?? -1n;
      const stop = [{ topic: ref.topic, partition: ref.partition, leaderEpoch: -2 }];
      if (this.live.has(id)) this.post(id, (c) => c.send(id, 5, stopReplicaRequest(this.ctx, epoch, stop, true)));
    }
    this.sendUpdateMetadata([...this.live.keys()], info);
    this.log.info(
      {
        partition: `${ref.topic}-${ref.partition}`,
        replicas: next.replicas,
        adding: next.adding,
        removing: next.removing,
        leader,
      },
      isReassigning(next) ? 'reassignment started' : 'replicas changed',
    );
  }

  /** Cuts over every listed partition whose target replicas have all joined the ISR. */
  private async maybeCompleteReassignments(keys: string[]): Promise<void> {
    const live = new Set(this.live.keys());
    for (const key of keys) {
      const ref = this.refOf(key);
      const a = this.assignmentOf(ref);
      const s = this.states.get(key);
      if (!s || !isReassigning(a)) continue;
      const done = completion(a, s.leader, s.isr, live);
      if (!done) continue;
      await this.changeAssignment(key, a, { replicas: targetReplicas(a), adding: [], removing: [] });
    }
  }

  private ongoingReassignments(filter: PartitionRef[] | null): OngoingReassignment[] {
    const wanted = filter ? new Set(filter.map((r) => refKey(r.topic, r.partition))) : null;
    const out: OngoingReassignment[] = [];
    for (const key of this.allRefs()) {
      if (wanted && !wanted.has(key)) continue;
      const ref = this.refOf(key);
      const a = this.assignmentOf(ref);
      if (isReassigning(a)) out.push({ ...ref, replicas: a.replicas, adding: a.adding, removing: a.removing });
    }
    return out;
  }

  private async onElectLeaders(electionType: number, partitions: PartitionRef[] | null): Promise<ElectionResult[]> {
    const refs = partitions ?? [...this.allRefs()].map((k) => this.refOf(k));
    const live = new Set([...this.live.keys()].filter((id) => !this.shuttingDown.has(id)));
    const results: ElectionResult[] = [];
    const moves: Array<[string, LeaderAndIsr]> = [];
    for (const ref of refs) {
      const key = refKey(ref.topic, ref.partition);
      const s = this.states.get(key);
      const result = (errorCode: number, errorMessage: string | null = null) =>
        results.push({ ...ref, errorCode, errorMessage });
      if (!s) {
        result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        continue;
      }
      const replicas = this.replicasOf(ref);
      if (electionType === PREFERRED_ELECTION) {
        const d = preferredLeader(replicas, s.leader, s.isr, live);
        if (d === 'not-needed') result(ErrorCode.ELECTION_NOT_NEEDED);
        else if (d === 'not-available')
          result(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, `preferred replica ${replicas[0]} is not alive and in sync`);
        else {
          moves.push([
            key,
            { ...s, leader: d.elect, leaderEpoch: s.leaderEpoch + 1, controllerEpoch: this.ctx.controllerEpoch },
          ]);
          result(ErrorCode.NONE);
        }
      } else if (electionType === UNCLEAN_ELECTION) {
        if (s.leader !== NO_LEADER && live.has(s.leader)) {
          result(ErrorCode.ELECTION_NOT_NEEDED);
          continue;
        }
        const pick = electPartitionLeader(replicas, s.isr, live, true);
        if (!pick) result(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE);
        else {
          if (pick.unclean) this.logUnclean(ref, pick.leader);
          const isr = pick.unclean ? [pick.leader] : s.isr.filter((r) => live.has(r));
          moves.push([
            key,
            { leader: pick.leader, leaderEpoch: s.leaderEpoch + 1, isr, controllerEpoch: this.ctx.controllerEpoch },
          ]);
          result(ErrorCode.NONE);
        }
      } else result(ErrorCode.INVALID_REQUEST, `unknown election type ${electionType}`);
    }
    await this.applyMoves(moves);
    return results;
  }

  /** Writes leadership moves, then tells the replicas and everyone's metadata. */
  private async applyMoves(moves: Array<[string, LeaderAndIsr]>): Promise<void> {
    if (moves.length === 0) return;
    await this.writeStates(moves);
    const keys = moves.map(([k]) => k);
    this.sendUpdateMetadata([...this.live.keys()], this.infos(keys));
    for (const id of this.live.keys()) {
      const refs = keys.filter((k) => this.replicasOf(this.refOf(k)).includes(id));
      if (refs.length > 0) this.sendLeaderAndIsr(id, this.infos(refs));
    }
  }

  /** auto.leader.rebalance.enable: preferred elections for brokers leading too few of their partitions. */
  private async onAutoRebalance(): Promise<void> {
    const auto = this.options.autoLeaderRebalance;
    if (!auto) return;
    const views = [...this.states].map(([key, s]) => ({
      key,
      replicas: this.replicasOf(this.refOf(key)),
      leader: s.leader,
    }));
    const brokers = imbalancedBrokers(views, auto.percentage);
    if (brokers.size === 0) return;
    const refs = views
      .filter((v) => v.replicas[0] !== undefined && brokers.has(v.replicas[0]) && v.leader !== v.replicas[0])
      .map((v) => this.refOf(v.key));
    const results = await this.onElectLeaders(PREFERRED_ELECTION, refs);
    const moved = results.filter((r) => r.errorCode === ErrorCode.NONE).length;
    if (moved > 0) this.log.info({ brokers: [...brokers], moved }, 'auto leader rebalance');
  }

  // ---- ZooKeeper writes ---------------------------------------------------------------------

  private async createStates(creates: Array<[string, LeaderAndIsr]>): Promise<void> {
    for (let i = 0; i < creates.length; i += OPS_PER_MULTI) {
      const chunk = creates.slice(i, i + OPS_PER_MULTI);
      for (const [key] of chunk) {
        const { topic, partition } = this.refOf(key);
        await this.zk.mkdirp(`/brokers/topics/${topic}/partitions/${partition}`);
      }
      await this.election.fencedWrite(
        chunk.map(([key, s]) => {
          const { topic, partition } = this.refOf(key);
          return {
            op: 'create',
            path: PartitionStateZNode.path(topic, partition),
            data: PartitionStateZNode.encode(s),
          };
        }),
      );
      for (const [key, s] of chunk) this.states.set(key, { ...s, zkVersion: 0 });
    }
  }

  private async writeStates(moves: Array<[string, LeaderAndIsr]>): Promise<void> {
    for (let i = 0; i < moves.length; i += OPS_PER_MULTI) {
      const chunk = moves.slice(i, i + OPS_PER_MULTI);
      await this.election.fencedWrite(
        chunk.map(([key, s]) => {
          const { topic, partition } = this.refOf(key);
          const current = this.states.get(key) as ControllerPartition;
          return {
            op: 'set',
            path: PartitionStateZNode.path(topic, partition),
            data: PartitionStateZNode.encode(s),
            version: current.zkVersion,
          };
        }),
      );
      for (const [key, s] of chunk) {
        const current = this.states.get(key) as ControllerPartition;
        this.states.set(key, { ...s, zkVersion: current.zkVersion + 1 });
      }
    }
  }

  // ---- sending ------------------------------------------------------------------------------

  private post(id: number, send: (c: ControllerChannel) => Promise<unknown>): void {
    const c = this.channel;
    if (!c || !c.has(id)) return;
    send(c).then(
      (r) => {
        const code = (r as { errorCode?: number }).errorCode ?? 0;
        if (code !== 0) this.log.warn({ broker: id, errorCode: code }, 'control request refused');
      },
      () => {},
    );
  }

  private sendLeaderAndIsr(id: number, partitions: PartitionInfo[]): void {
    if (partitions.length === 0) return;
    const epoch = this.brokerEpochs.get(id) ?? -1n;
    this.post(id, (c) => c.send(id, 4, leaderAndIsrRequest(this.ctx, epoch, partitions, this.live)));
  }

  private sendUpdateMetadata(ids: number[], partitions: PartitionInfo[]): void {
    for (const id of ids) {
      const epoch = this.brokerEpochs.get(id) ?? -1n;
      this.post(id, (c) => c.send(id, 6, updateMetadataRequest(this.ctx, epoch, partitions, [], this.live)));
    }
  }

  // ---- views --------------------------------------------------------------------------------

  private *allRefs(): Iterable<string> {
    for (const [topic, t] of this.topics) for (const p of t.assignment.keys()) yield refKey(topic, p);
  }

  private refsReplicatedBy(id: number): string[] {
    return [...this.allRefs()].filter((k) => this.states.has(k) && this.replicasOf(this.refOf(k)).includes(id));
  }

  private refOf(key: string): PartitionRef {
    const i = key.lastIndexOf('\u0000');
    return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
  }

  private replicasOf(ref: PartitionRef): number[] {
    return this.topics.get(ref.topic)?.assignment.get(ref.partition) ?? [];
  }

  private infos(keys: string[], isNew = false): PartitionInfo[] {
    const out: PartitionInfo[] = [];
    for (const key of keys) {
      const state = this.states.get(key);
      if (!state) continue;
      const ref = this.refOf(key);
      out.push({
        topic: ref.topic,
        topicId: this.topics.get(ref.topic)?.topicId ?? '',
        partition: ref.partition,
        replicas: this.replicasOf(ref),
        state,
        isNew,
      });
    }
    return out;
  }
}
