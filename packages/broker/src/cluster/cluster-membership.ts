/**
 * This broker's life in a ZooKeeper cluster: its session, its ephemeral registration (whose czxid
 * is the broker epoch), and the controller machinery every broker runs (election, and the
 * controller's work when elected).
 *
 * A ZooKeeper session that expires cannot be revived: its ephemeral nodes and watches are gone and
 * the controller has already treated this broker as dead. So on expiry everything bound to the
 * session is rebuilt on a new one — registration (a new broker epoch), election, controller — and
 * the metadata store re-reads what it mirrors.
 */

import type { Logger } from '@samsa/common';
import { registerBroker } from '../controller/broker-registration.js';
import { ClusterController, type ClusterControllerOptions } from '../controller/cluster-controller.js';
import { ZkController } from '../controller/zk-controller.js';
import { BrokerError } from '../errors/broker-error.js';
import type { ZkMetadataStore } from '../metadata/zk-metadata-store.js';
import { ZkClient, type ZkClientOptions, ZkError, type ZkWatchEvent } from '../zk/zk-client.js';
import { checkZkAccess } from '../zk/zk-security.js';
import { BrokerIdZNode, type BrokerInfo } from '../zk/znodes.js';

export class ClusterMembership {
  private election: ZkController | null = null;
  private ctl: ClusterController | null = null;
  private epoch = -1n;
  private stopped = false;
  private store: ZkMetadataStore | null = null;
  /** Told every new broker epoch (each registration), so control requests to an older one are refused. */
  onBrokerEpoch: (epoch: bigint) => void = () => {};

  private constructor(
    private zkClient: ZkClient,
    private readonly brokerId: number,
    private readonly zkOptions: ZkClientOptions,
    private readonly controllerOptions: ClusterControllerOptions,
    private readonly log: Logger,
  ) {}

  static async connect(
    zkOptions: ZkClientOptions,
    brokerId: number,
    controllerOptions: ClusterControllerOptions,
    log: Logger,
  ): Promise<ClusterMembership> {
    const zk = await ZkClient.connect(zkOptions);
    try {
      await checkZkAccess(zk, zkOptions.auth);
    } catch (err) {
      zk.close();
      throw err;
    }
    return new ClusterMembership(zk, brokerId, zkOptions, controllerOptions, log);
  }

  get zk(): ZkClient {
    return this.zkClient;
  }

  get brokerEpoch(): bigint {
    return this.epoch;
  }

  get controller(): ClusterController | null {
    return this.ctl;
  }

  get controllerElection(): ZkController | null {
    return this.election;
  }

  /** Registers (after the listeners are bound) and joins the controller election. */
  async start(store: ZkMetadataStore, info: () => BrokerInfo): Promise<void> {
    this.store = store;
    this.info = info;
    await this.join();
  }

  private info: () => BrokerInfo = () => {
    throw new BrokerError('NOT_STARTED', 'cluster membership used before start()');
  };

  private async join(): Promise<void> {
    const zk = this.zkClient;
    this.epoch = await this.registerWithRetry(zk);
    this.onBrokerEpoch(this.epoch);
    await zk.exists(BrokerIdZNode.path(this.brokerId), { watch: true });
    zk.on('watch', this.onOwnRegistration);
    zk.once('expired', () => {
      zk.off('watch', this.onOwnRegistration);
      void this.onExpired();
    });
    this.election = new ZkController(zk, this.brokerId, this.log.child({ subsystem: 'controller' }));
    this.ctl = new ClusterController(
      zk,
      this.election,
      this.controllerOptions,
      this.log.child({ subsystem: 'controller' }),
    );
    this.election.start();
    this.log.info({ brokerEpoch: String(this.epoch) }, 'registered in ZooKeeper');
  }

  /**
   * Our registration was deleted while our session lives (the controller took this broker for
   * crashed, or an operator removed it): register again, with a new broker epoch.
   */
  private readonly onOwnRegistration = (e: ZkWatchEvent): void => {
    if (e.path !== BrokerIdZNode.path(this.brokerId) || this.stopped) return;
    const zk = this.zkClient;
    void (async () => {
      try {
        if (e.type === 'deleted' && !zk.isExpired) {
          this.log.warn('our broker registration disappeared while our session lives; registering again');
          this.epoch = await this.registerWithRetry(zk);
          this.onBrokerEpoch(this.epoch);
        }
        await zk.exists(BrokerIdZNode.path(this.brokerId), { watch: true });
      } catch (err) {
        if (!this.stopped) this.log.warn({ err: String(err) }, 're-registering failed');
      }
    })();
  };

  /**
   * NODE_EXISTS: the registration of our previous session (a restart faster than the session
   * timeout) is still there; it disappears when that session expires.
   */
  private async registerWithRetry(zk: ZkClient): Promise<bigint> {
    const deadline = Date.now() + this.zkOptions.sessionTimeoutMs * 2 + 5000;
    let waiting = false;
    for (;;) {
      try {
        return await registerBroker(zk, { ...this.info(), timestamp: BigInt(Date.now()) });
      } catch (err) {
        if (!(err instanceof ZkError && err.code === 'NODE_EXISTS') || Date.now() > deadline || this.stopped) throw err;
        if (!waiting) {
          waiting = true;
          this.log.warn(
            { path: BrokerIdZNode.path(this.brokerId), untilMs: deadline - Date.now() },
            'broker.id is still registered (a previous session of this broker, or another broker); waiting for it to go',
          );
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private async onExpired(): Promise<void> {
    if (this.stopped) return;
    this.log.warn('ZooKeeper session expired; re-registering on a new session');
    await this.ctl?.stop();
    await this.election?.stop();
    this.zkClient.close();
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        this.zkClient = await ZkClient.connect(this.zkOptions);
        await this.store?.rebind(this.zkClient);
        await this.join();
        return;
      } catch (err) {
        this.log.warn({ err: String(err), attempt }, 'reconnecting to ZooKeeper failed');
        this.zkClient.close();
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** Math.min(attempt, 5))));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.zkClient.off('watch', this.onOwnRegistration);
    await this.ctl?.stop();
    await this.election?.stop();
    // Closing the session deletes our registration at once: the controller reacts immediately.
    this.zkClient.close();
  }
}
