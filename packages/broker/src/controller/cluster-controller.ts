/**
 * The controller's work once elected (Kafka's ZooKeeper-era KafkaController): it reads brokers,
 * topics and partition states from ZooKeeper, decides leaders and ISRs, writes every decision with
 * a fenced, version-checked multi (`ZkController.fencedWrite`), and only then tells the brokers
 * with LeaderAndIsr, UpdateMetadata and StopReplica.
 *
 * Every input — election, broker membership, new topics and partitions, deletions, AlterPartition
 * and ControlledShutdown requests, reassignments, elections, crashes — is an event on one queue,
 * processed alone, so the state (controller-state.ts) has one writer. The handlers live by subject:
 * topic-changes.ts, broker-requests.ts, reassignments.ts, leader-elections.ts, crash-handling.ts;
 * failover and membership changes are here. A controller that lost its epoch fails its next write
 * and stops; brokers ignore its requests because their epoch is older.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import { type ZkClient, ZkError, type ZkWatchEvent } from '../zk/zk-client.js';
import { DeleteTopicZNode } from '../zk/znodes.js';
import {
  type AlterPartitionItem,
  type AlterPartitionResult,
  onAlterPartition,
  onControlledShutdown,
} from './broker-requests.js';
import { ControllerChannel } from './controller-channel.js';
import type { ControllerService } from './controller-service.js';
import { type ClusterControllerOptions, ControllerState } from './controller-state.js';
import { CrashDetector } from './crash-detector.js';
import { controllerTarget, onBrokerRefused, onControllerRefused, probeTargets } from './crash-handling.js';
import { EventQueue } from './event-queue.js';
import { type ElectionResult, onAutoRebalance, onElectLeaders } from './leader-elections.js';
import type { PartitionRef } from './partition-state.js';
import {
  maybeCompleteReassignments,
  type OngoingReassignment,
  onAlterReassignments,
  ongoingReassignments,
  type ReassignmentItem,
} from './reassignments.js';
import { onPartitionModification, onTopicChange, onTopicDeletion } from './topic-changes.js';
import type { ZkController } from './zk-controller.js';

export type { AlterPartitionItem, AlterPartitionResult } from './broker-requests.js';
export type { ClusterControllerOptions } from './controller-state.js';
export { type ElectionResult, PREFERRED_ELECTION, UNCLEAN_ELECTION } from './leader-elections.js';
export type { OngoingReassignment, ReassignmentItem } from './reassignments.js';

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

export class ClusterController implements ControllerService {
  private readonly queue: EventQueue<Event>;
  private readonly st: ControllerState;
  private rebalanceTimer: NodeJS.Timeout | null = null;
  private readonly crashes: CrashDetector;
  /** Every other broker watches the controller's port the same way, so a crashed controller is replaced fast too. */
  private readonly controllerCrash: CrashDetector;
  private readonly onWatch = (e: ZkWatchEvent) => {
    if (!this.st.active) return;
    if (e.path === '/brokers/topics') this.queue.put({ type: 'TopicChange' });
    else if (e.path === DeleteTopicZNode.parent) this.queue.put({ type: 'TopicDeletion' });
    else if (e.type === 'dataChanged' && /^\/brokers\/topics\/[^/]+$/.test(e.path))
      this.queue.put({ type: 'PartitionModification', topic: e.path.slice('/brokers/topics/'.length) });
  };

  constructor(
    private readonly zk: ZkClient,
    election: ZkController,
    options: ClusterControllerOptions,
    private readonly log: Logger,
  ) {
    this.st = new ControllerState(zk, election, options, log);
    this.queue = new EventQueue(
      (e) => this.process(e),
      (e, err) => {
        this.log.error({ err: String((err as Error)?.stack ?? err), event: e.type }, 'controller event failed');
        if (err instanceof ZkError && err.code === 'BAD_VERSION') this.queue.put({ type: 'Resigned' });
      },
    );
    this.crashes = new CrashDetector(
      () => probeTargets(this.st),
      (t) => this.queue.put({ type: 'BrokerRefused', id: t.id, epoch: t.epoch }),
    );
    this.controllerCrash = new CrashDetector(
      () => controllerTarget(this.st),
      (t) => this.queue.put({ type: 'ControllerRefused', id: t.id, epoch: t.epoch }),
    );
    election.on('elected', () => this.queue.put({ type: 'Elected' }));
    election.on('resigned', () => this.queue.put({ type: 'Resigned' }));
    election.on('brokersChanged', () => this.queue.put({ type: 'BrokerChange' }));
    zk.on('watch', this.onWatch);
    this.controllerCrash.start();
  }

  get isActive(): boolean {
    return this.st.active;
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
    return this.ask((reply) => ({ type: 'AlterPartition', brokerId, brokerEpoch, items, reply }));
  }

  /** ControlledShutdown: resolves with the partitions the broker still leads, or an error code. */
  controlledShutdown(brokerId: number, brokerEpoch: bigint): Promise<PartitionRef[] | number> {
    return this.ask((reply) => ({ type: 'ControlledShutdown', brokerId, brokerEpoch, reply }));
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
    if (!this.st.active) return Promise.resolve(ErrorCode.NOT_CONTROLLER);
    return new Promise((reply) => this.queue.put(event(reply)));
  }

  private async process(e: Event): Promise<void> {
    const st = this.st;
    if (e.type === 'Elected') return this.onElected();
    if (e.type === 'Resigned') return this.deactivate();
    if (e.type === 'ControllerRefused') return onControllerRefused(st, e.id, e.epoch);
    if (!st.active) {
      if ('reply' in e) e.reply(ErrorCode.NOT_CONTROLLER);
      return;
    }
    switch (e.type) {
      case 'BrokerChange':
        return this.onBrokerChange();
      case 'TopicChange':
        return onTopicChange(st);
      case 'TopicDeletion':
        return onTopicDeletion(st);
      case 'PartitionModification':
        return onPartitionModification(st, e.topic);
      case 'AlterPartition':
        return e.reply(await onAlterPartition(st, e.brokerId, e.brokerEpoch, e.items));
      case 'ControlledShutdown':
        return e.reply(await onControlledShutdown(st, e.brokerId, e.brokerEpoch));
      case 'AlterReassignments':
        return e.reply(await onAlterReassignments(st, e.items));
      case 'ListReassignments':
        return e.reply(ongoingReassignments(st, e.filter));
      case 'ElectLeaders':
        return e.reply(await onElectLeaders(st, e.electionType, e.partitions));
      case 'AutoRebalance':
        return onAutoRebalance(st);
      case 'BrokerRefused':
        return onBrokerRefused(st, e.id, e.epoch);
    }
  }

  private deactivate(): void {
    this.crashes.stop();
    if (this.rebalanceTimer) clearInterval(this.rebalanceTimer);
    this.rebalanceTimer = null;
    if (this.st.active) this.st.reset();
  }

  // ---- failover and membership ----------------------------------------------------------------

  private async onElected(): Promise<void> {
    if (!this.st.election.isActive) return;
    this.deactivate();
    this.st.active = true;
    this.st.channel = new ControllerChannel(this.st.election.brokerId, this.st.options.requestTimeoutMs, this.st.log);
    await this.st.readBrokers();
    for (const name of await this.st.zk.children('/brokers/topics', { watch: true })) await this.st.readTopic(name);
    await this.st.zk.children(DeleteTopicZNode.parent, { watch: true });
    const started = Date.now();
    // Brokers that died while there was no controller (the previous one among them, maybe) are
    // still in ISRs: take them out first, as a BrokerChange would have.
    const dead = new Set<number>();
    for (const s of this.st.states.values()) for (const r of s.isr) if (!this.st.live.has(r)) dead.add(r);
    const changed = [
      ...(await this.st.withoutBrokers(dead)),
      ...(await this.st.initializeAndElect([...this.st.allRefs()])),
    ];
    this.st.log.info(
      {
        epoch: this.st.election.controllerEpoch,
        brokers: [...this.st.live.keys()],
        topics: this.st.topics.size,
        partitions: this.st.states.size,
        elected: changed.length,
        ms: Date.now() - started,
      },
      'controller failover complete',
    );
    // A new controller tells every broker everything: what the old one sent may never have arrived.
    this.st.sendUpdateMetadata([...this.st.live.keys()], this.st.infos([...this.st.allRefs()]));
    for (const id of this.st.live.keys()) this.st.sendLeaderAndIsr(id, this.st.infos(this.st.refsReplicatedBy(id)));
    await onTopicDeletion(this.st);
    // Reassignments a previous controller started go on from what the topic znodes say.
    await maybeCompleteReassignments(this.st, [...this.st.allRefs()]);
    this.crashes.start();
    const auto = this.st.options.autoLeaderRebalance;
    if (auto) {
      this.rebalanceTimer = setInterval(() => this.queue.put({ type: 'AutoRebalance' }), auto.intervalMs);
      this.rebalanceTimer.unref();
    }
  }

  private async onBrokerChange(): Promise<void> {
    const { added, removed } = await this.st.readBrokers();
    if (added.length === 0 && removed.length === 0) return;
    for (const id of removed) this.st.shuttingDown.delete(id);
    this.st.log.info({ added, removed, live: [...this.st.live.keys()] }, 'brokers changed');
    const gone = new Set(removed.filter((id) => !this.st.live.has(id)));
    const changed = new Set(await this.st.withoutBrokers(gone));
    for (const key of await this.st.initializeAndElect([...this.st.allRefs()])) changed.add(key);
    const live = [...this.st.live.keys()];
    // Everyone learns the new broker list; newcomers learn every partition.
    this.st.sendUpdateMetadata(
      live.filter((id) => !added.includes(id)),
      this.st.infos([...changed]),
    );
    this.st.sendUpdateMetadata(added, this.st.infos([...this.st.allRefs()]));
    for (const id of live) {
      const refs = added.includes(id)
        ? this.st.refsReplicatedBy(id)
        : [...changed].filter((k) => this.st.replicasOf(this.st.refOf(k)).includes(id));
      if (refs.length > 0) this.st.sendLeaderAndIsr(id, this.st.infos(refs));
    }
    await maybeCompleteReassignments(this.st, [...this.st.allRefs()]);
  }
}
