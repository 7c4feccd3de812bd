/**
 * Controller election and fencing over ZooKeeper, built as Kafka's ZooKeeper-era `KafkaController`:
 * ZooKeeper watches and session events become typed events on one queue; each event is processed
 * alone, so `isActive`, `controllerEpoch` and `liveBrokers` have one writer and are never changed
 * by two events interleaved at an `await`. Decisions are the pure functions of `election-rules.ts`.
 *
 * Every broker runs one. Election: whoever creates the ephemeral /controller first wins; in the
 * same multi-op transaction it writes /controller_epoch + 1 with a version check, so two
 * candidates can never both win, and the epoch write is fenced too. While active, every controller
 * write goes through `fencedWrite`, which adds a check of /controller_epoch's version: once
 * another controller has bumped the epoch, a stale controller's write fails with BAD_VERSION.
 * Brokers reject control requests whose epoch `isStale`.
 *
 * Lifecycle: `start()` (after the broker registered) → events → `stop()`. When the session expires
 * the controller resigns and stops processing; re-registering on a new session is the owner's job.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '@samsa/common';
import type { ZkClient, ZkOp, ZkWatchEvent } from '../zk/zk-client.js';
import { ZkError } from '../zk/zk-client.js';
import { BrokerIdsZNode, ControllerEpochZNode, ControllerZNode } from '../zk/znodes.js';
import { controllerAction, nextControllerEpoch } from './election-rules.js';
import { EventQueue } from './event-queue.js';

export type ControllerEvent =
  | { type: 'Startup' }
  /** /controller was created, deleted or changed: elect, resign or learn the new epoch. */
  | { type: 'ControllerChange' }
  /** /brokers/ids children changed: a broker joined or its session ended. */
  | { type: 'BrokerChange' }
  /** The connection to ZooKeeper came back (same session): re-read what may have changed meanwhile. */
  | { type: 'Reconnect' }
  /** This broker's session expired: its ephemeral nodes are gone. */
  | { type: 'Expire' };

type Events = {
  elected: [epoch: number];
  resigned: [];
  brokersChanged: [live: number[]];
};

export class ZkController extends EventEmitter<Events> {
  private active = false;
  /** The highest controller epoch seen; control requests below it are stale. */
  private epoch = 0;
  /** /controller_epoch's znode version after our election: the fence for our writes. */
  private epochZkVersion = -1;
  private activeId: number | null = null;
  private live: number[] = [];
  private readonly queue: EventQueue<ControllerEvent>;
  private readonly onWatch = (e: ZkWatchEvent) => {
    if (e.path === ControllerZNode.path) this.queue.put({ type: 'ControllerChange' });
    else if (e.path === BrokerIdsZNode.path && e.type === 'childrenChanged') this.queue.put({ type: 'BrokerChange' });
  };
  private readonly onExpired = () => this.queue.put({ type: 'Expire' });
  private readonly onReconnected = () => this.queue.put({ type: 'Reconnect' });

  constructor(
    private readonly zk: ZkClient,
    readonly brokerId: number,
    private readonly log: Logger,
  ) {
    super();
    this.queue = new EventQueue(
      (e) => this.process(e),
      (e, err) => this.log.error({ err, event: e.type }, 'controller event failed'),
    );
  }

  get isActive(): boolean {
    return this.active;
  }
  get controllerEpoch(): number {
    return this.epoch;
  }
  get activeControllerId(): number | null {
    return this.activeId;
  }
  get liveBrokers(): readonly number[] {
    return this.live;
  }

  /** True for a control request from an older controller, which must be rejected (STALE_CONTROLLER_EPOCH). */
  isStale(requestEpoch: number): boolean {
    return requestEpoch < this.epoch;
  }

  start(): void {
    this.zk.on('watch', this.onWatch);
    this.zk.on('expired', this.onExpired);
    this.zk.on('connected', this.onReconnected);
    this.queue.put({ type: 'Startup' });
  }

  /** Resolves when every queued event has been processed (for tests and orderly shutdown). */
  settled(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    this.zk.off('watch', this.onWatch);
    this.zk.off('expired', this.onExpired);
    this.zk.off('connected', this.onReconnected);
    await this.queue.close();
    if (this.active) this.resign();
  }

  /**
   * Applies `ops` only if no newer controller has been elected since we were: the multi carries a
   * version check on /controller_epoch. Throws ZkError BAD_VERSION when we are stale.
   */
  async fencedWrite(ops: readonly ZkOp[]): Promise<void> {
    if (!this.active) throw new ZkError('BAD_VERSION', `broker ${this.brokerId} is not the controller`);
    await this.zk.multi([{ op: 'check', path: ControllerEpochZNode.path, version: this.epochZkVersion }, ...ops]);
  }

  private async process(e: ControllerEvent): Promise<void> {
    switch (e.type) {
      case 'Startup':
      // An event that failed with CONNECTION_LOSS may not have re-armed its watch; read everything again.
      case 'Reconnect':
        await this.onBrokerChange();
        await this.onControllerChange();
        return;
      case 'ControllerChange':
        return this.onControllerChange();
      case 'BrokerChange':
        return this.onBrokerChange();
      case 'Expire':
        this.log.warn({ brokerId: this.brokerId }, 'ZooKeeper session expired');
        if (this.active) this.resign();
        this.activeId = null;
        return;
    }
  }

  private async onBrokerChange(): Promise<void> {
    const ids = await this.zk.children(BrokerIdsZNode.path, { watch: true });
    this.live = ids.map(Number).sort((a, b) => a - b);
    this.emit('brokersChanged', this.live);
  }

  /** Reads /controller (re-arming its watch) and acts: elect when absent, resign when superseded. */
  private async onControllerChange(): Promise<void> {
    if (this.zk.isExpired) return;
    this.activeId = await this.readActiveController();
    await this.refreshEpoch();
    const action = controllerAction({
      brokerId: this.brokerId,
      isActive: this.active,
      activeControllerId: this.activeId,
    });
    if (action === 'resign') this.resign();
    else if (action === 'elect') await this.elect();
  }

  private async readActiveController(): Promise<number | null> {
    // exists() with a watch fires on creation as well as deletion and change.
    const stat = await this.zk.exists(ControllerZNode.path, { watch: true });
    if (!stat) return null;
    try {
      return ControllerZNode.decode((await this.zk.get(ControllerZNode.path)).data).brokerId;
    } catch (err) {
      if (err instanceof ZkError && err.code === 'NO_NODE') return null; // deleted meanwhile; the watch fires
      throw err;
    }
  }

  /** Reads /controller_epoch, creating it at 0 if absent; returns its value and znode version. */
  private async refreshEpoch(): Promise<{ epoch: number; version: number }> {
    try {
      const { data, stat } = await this.zk.get(ControllerEpochZNode.path);
      const epoch = ControllerEpochZNode.decode(data);
      if (epoch > this.epoch) this.epoch = epoch;
      return { epoch, version: stat.version };
    } catch (err) {
      if (!(err instanceof ZkError && err.code === 'NO_NODE')) throw err;
      try {
        await this.zk.create(ControllerEpochZNode.path, ControllerEpochZNode.encode(0));
      } catch (e) {
        if (!(e instanceof ZkError && e.code === 'NODE_EXISTS')) throw e;
      }
      return this.refreshEpoch();
    }
  }

  /**
   * One attempt: create /controller and bump /controller_epoch in one transaction. NODE_EXISTS
   * means another broker won (its creation fired our watch, so a ControllerChange follows);
   * BAD_VERSION means the epoch moved between our read and write — another election happened —
   * so we look again.
   */
  private async elect(): Promise<void> {
    const current = await this.refreshEpoch();
    const epoch = nextControllerEpoch(current.epoch);
    try {
      await this.zk.multi([
        {
          op: 'create',
          path: ControllerZNode.path,
          data: ControllerZNode.encode(this.brokerId, BigInt(Date.now())),
          mode: 'ephemeral',
        },
        {
          op: 'set',
          path: ControllerEpochZNode.path,
          data: ControllerEpochZNode.encode(epoch),
          version: current.version,
        },
      ]);
    } catch (err) {
      if (err instanceof ZkError && (err.code === 'NODE_EXISTS' || err.code === 'BAD_VERSION')) {
        this.log.debug({ brokerId: this.brokerId, code: err.code }, 'lost controller election');
        this.queue.put({ type: 'ControllerChange' });
        return;
      }
      throw err;
    }
    this.active = true;
    this.activeId = this.brokerId;
    this.epoch = epoch;
    this.epochZkVersion = current.version + 1;
    this.log.info({ brokerId: this.brokerId, epoch }, 'elected controller');
    this.emit('elected', epoch);
  }

  private resign(): void {
    this.active = false;
    this.epochZkVersion = -1;
    this.log.info({ brokerId: this.brokerId }, 'resigned as controller');
    this.emit('resigned');
  }
}
