/**
 * The controller's state and its ways to change the world: reading brokers and topics from
 * ZooKeeper, fenced writes of partition states, and the control requests to brokers.
 */
import type { Logger } from '@samsa/common';
import { type ZkClient, ZkError } from '../zk/zk-client.js';
import {
  BrokerIdsZNode,
  BrokerIdZNode,
  type BrokerInfo,
  type LeaderAndIsr,
  PartitionStateZNode,
  TopicZNode,
} from '../zk/znodes.js';
import {
  type ControlContext,
  leaderAndIsrRequest,
  type PartitionInfo,
  updateMetadataRequest,
} from './control-requests.js';
import type { ControllerChannel } from './controller-channel.js';
import type { ProbeTarget } from './crash-detector.js';
import { electPartitionLeader } from './election-rules.js';
import {
  type ControllerPartition,
  type ControllerTopic,
  NO_LEADER,
  type PartitionRef,
  refKey,
  withoutReplicas,
} from './partition-state.js';
import type { ZkController } from './zk-controller.js';

/** Ops per ZooKeeper multi: far under jute.maxbuffer (1 MiB) with Kafka-sized state znodes. */
export const OPS_PER_MULTI = 500;

export interface ClusterControllerOptions {
  interBrokerListener: string;
  /** control.plane.listener.name: the controller's requests to brokers go there when set. */
  controlPlaneListener?: string | null;
  requestTimeoutMs: number;
  /** The broker default of unclean.leader.election.enable. */
  uncleanDefault: boolean;
  /** The topic override of unclean.leader.election.enable, if any. */
  topicUnclean(topic: string): boolean | undefined;
  /** auto.leader.rebalance.enable, leader.imbalance.per.broker.percentage, leader.imbalance.check.interval.seconds */
  autoLeaderRebalance?: { percentage: number; intervalMs: number };
}

/**
 * What the active controller knows and the writes and sends every decision goes through. Only the
 * controller's event queue touches it, one event at a time.
 */
export class ControllerState {
  active = false;
  channel: ControllerChannel | null = null;
  live = new Map<number, BrokerInfo>();
  brokerEpochs = new Map<number, bigint>();
  readonly shuttingDown = new Set<number>();
  readonly topics = new Map<string, ControllerTopic>();
  readonly states = new Map<string, ControllerPartition>();
  /** The active controller's endpoint, probed by the other brokers (crash-handling.ts). */
  controllerProbe: ProbeTarget | null = null;
  fetchingControllerProbe = false;

  constructor(
    readonly zk: ZkClient,
    readonly election: ZkController,
    readonly options: ClusterControllerOptions,
    readonly log: Logger,
  ) {}

  /** Forgets everything (resignation): a new term starts from ZooKeeper. */
  reset(): void {
    this.active = false;
    this.channel?.close();
    this.channel = null;
    this.live.clear();
    this.brokerEpochs.clear();
    this.topics.clear();
    this.states.clear();
    this.shuttingDown.clear();
  }

  get ctx(): ControlContext {
    return {
      controllerId: this.election.brokerId,
      controllerEpoch: this.election.controllerEpoch,
      listener: this.options.interBrokerListener,
    };
  }

  async readBrokers(): Promise<{ added: number[]; removed: number[] }> {
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
      const listener = this.options.controlPlaneListener ?? this.options.interBrokerListener;
      const e = info.endpoints.find((x) => x.listener === listener) ?? info.endpoints[0];
      if (e) channel.addBroker({ nodeId: id, host: e.host, port: e.port });
    }
    return { added, removed };
  }

  async readTopic(name: string): Promise<string[]> {
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

  async createStates(creates: Array<[string, LeaderAndIsr]>): Promise<void> {
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

  async writeStates(moves: Array<[string, LeaderAndIsr]>): Promise<void> {
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

  post(id: number, send: (c: ControllerChannel) => Promise<unknown>): void {
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

  sendLeaderAndIsr(id: number, partitions: PartitionInfo[]): void {
    if (partitions.length === 0) return;
    const epoch = this.brokerEpochs.get(id) ?? -1n;
    this.post(id, (c) => c.send(id, 4, leaderAndIsrRequest(this.ctx, epoch, partitions, this.live)));
  }

  sendUpdateMetadata(ids: number[], partitions: PartitionInfo[]): void {
    for (const id of ids) {
      const epoch = this.brokerEpochs.get(id) ?? -1n;
      this.post(id, (c) => c.send(id, 6, updateMetadataRequest(this.ctx, epoch, partitions, [], this.live)));
    }
  }

  *allRefs(): Iterable<string> {
    for (const [topic, t] of this.topics) for (const p of t.assignment.keys()) yield refKey(topic, p);
  }

  refsReplicatedBy(id: number): string[] {
    return [...this.allRefs()].filter((k) => this.states.has(k) && this.replicasOf(this.refOf(k)).includes(id));
  }

  refOf(key: string): PartitionRef {
    const i = key.lastIndexOf('\u0000');
    return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
  }

  replicasOf(ref: PartitionRef): number[] {
    return this.topics.get(ref.topic)?.assignment.get(ref.partition) ?? [];
  }

  infos(keys: string[], isNew = false): PartitionInfo[] {
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

  electLeader(ref: PartitionRef, replicas: number[], isr: number[]): number | null {
    const candidates = new Set([...this.live.keys()].filter((id) => !this.shuttingDown.has(id)));
    const unclean = this.options.topicUnclean(ref.topic) ?? this.options.uncleanDefault;
    return electPartitionLeader(replicas, isr, candidates, unclean)?.leader ?? null;
  }

  logUnclean(ref: PartitionRef, leader: number): void {
    this.log.warn(
      { topic: ref.topic, partition: ref.partition, leader },
      'unclean leader election: an out-of-sync replica leads; records acknowledged by the old ISR may be lost',
    );
  }

  /** Writes leadership moves, then tells the replicas and everyone's metadata. */
  async applyMoves(moves: Array<[string, LeaderAndIsr]>): Promise<void> {
    if (moves.length === 0) return;
    await this.writeStates(moves);
    const keys = moves.map(([k]) => k);
    this.sendUpdateMetadata([...this.live.keys()], this.infos(keys));
    for (const id of this.live.keys()) {
      const refs = keys.filter((k) => this.replicasOf(this.refOf(k)).includes(id));
      if (refs.length > 0) this.sendLeaderAndIsr(id, this.infos(refs));
    }
  }

  /**
   * Takes brokers that are gone out of every ISR, electing new leaders where they led (Kafka's
   * OfflineReplica transition). Returns the keys whose state changed.
   */
  async withoutBrokers(gone: ReadonlySet<number>): Promise<string[]> {
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
  async initializeAndElect(keys: string[]): Promise<string[]> {
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
}
