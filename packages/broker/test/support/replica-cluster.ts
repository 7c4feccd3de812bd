/**
 * Several ReplicaManagers in one process, each over its own temporary log dir, with followers
 * reaching leaders through LocalLeaderEndpoints (the leader's real FetchManager and ReplicaManager,
 * no sockets). The test plays the controller: it sends LeaderAndIsr / StopReplica and answers
 * AlterPartition like the ZooKeeper controller would (conditional on the state's version).
 * Time for follower lag is a manual clock; fetchers' long polls use real time but are short.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@samsa/common';
import { ErrorCode, encodeRecordBatch } from '@samsa/protocol';
import { type LogConfig, LogManager, type PartitionLog, parseLogConfig } from '@samsa/storage';
import { FetchManager } from '../../src/fetch/fetch-manager.js';
import { FetchSessionCache } from '../../src/fetch/fetch-session-cache.js';
import type { MetadataCache } from '../../src/metadata/metadata-cache.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../../src/replica/isr-changer.js';
import type { LeaderEndpoint } from '../../src/replica/leader-endpoint.js';
import { LocalLeaderEndpoint } from '../../src/replica/local-leader-endpoint.js';
import type { ControlResult, PartitionState } from '../../src/replica/partition-state.js';
import { ReplicaManager } from '../../src/replica/replica-manager.js';
import { GatedEndpoint } from './gated-endpoint.js';

export interface Node {
  id: number;
  dir: string;
  logs: LogManager;
  replicas: ReplicaManager;
  fetcher: FetchManager;
  /** Endpoints this node's fetchers use, by leader id: tests pause and resume them. */
  endpoints: Map<number, GatedEndpoint>;
}

/** What the fake controller knows of one partition (its state znode). */
interface ZkState {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
  replicas: number[];
}

/** Topic ids for Fetch v13+: `id:<name>` (never encoded, these requests stay in the process). */
const topicIds = {
  topicIdOf: (name: string) => `id:${name}`,
  topicNameById: (id: string) => (id.startsWith('id:') ? id.slice(3) : undefined),
} as unknown as MetadataCache;

export class ReplicaCluster {
  readonly nodes = new Map<number, Node>();
  private readonly zk = new Map<string, ZkState>();
  controllerEpoch = 1;
  /** Every AlterPartition the leaders sent, in order. */
  readonly alterRequests: AlterPartitionRequest[] = [];
  /** When set, the next AlterPartition is answered with this error instead of being applied. */
  rejectNextAlter: number | null = null;
  clock = 1_700_000_000_000;

  constructor(
    ids: number[],
    private readonly config: Record<string, string> = {},
    private readonly replicaLagTimeMaxMs = 30_000,
  ) {
    for (const id of ids) this.nodes.set(id, this.startNode(id));
  }

  private startNode(id: number): Node {
    const dir = mkdtempSync(join(tmpdir(), `samsa-repl-${id}-`));
    const logConfig: LogConfig = parseLogConfig(this.config);
    const logs = LogManager.open({ logDirs: [dir], defaultConfig: logConfig });
    const endpoints = new Map<number, GatedEndpoint>();
    const node = { id, dir, logs, endpoints } as Node;
    node.replicas = new ReplicaManager(id, logs, silentLogger, {
      logConfigFor: () => logConfig,
      alterPartition: (r) => this.alterPartition(r),
      leaderEndpointFor: (leader) => {
        const endpoint = new GatedEndpoint(this.endpointTo(leader.brokerId));
        endpoints.set(leader.brokerId, endpoint);
        return endpoint;
      },
      replicaLagTimeMaxMs: this.replicaLagTimeMaxMs,
      fetch: { maxWaitMs: 50, backoffMs: 20 },
      now: () => this.clock,
    });
    node.fetcher = new FetchManager({
      replicas: node.replicas,
      metadata: topicIds,
      sessions: new FetchSessionCache(100),
      maxBytes: 50 * 1024 * 1024,
    });
    return node;
  }

  private endpointTo(leaderId: number): LeaderEndpoint {
    const leader = this.node(leaderId);
    return new LocalLeaderEndpoint(leaderId, leader.replicas, leader.fetcher);
  }

  node(id: number): Node {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  log(id: number, topic: string, partition = 0): PartitionLog {
    const p = this.node(id).replicas.getPartition(topic, partition);
    if (!p) throw new Error(`node ${id} does not host ${topic}-${partition}`);
    return p.log;
  }

  /** The controller decides a partition's leader and ISR and tells every replica (one LeaderAndIsr each). */
  elect(
    topic: string,
    partition: number,
    leader: number,
    isr: number[],
    replicas: number[] = [...this.nodes.keys()],
    sendTo: number[] = replicas,
  ): Map<number, ControlResult> {
    const key = `${topic}-${partition}`;
    const prev = this.zk.get(key);
    const state: ZkState = {
      leader,
      leaderEpoch: prev ? prev.leaderEpoch + 1 : 0,
      isr,
      partitionEpoch: prev ? prev.partitionEpoch + 1 : 0,
      replicas,
    };
    this.zk.set(key, state);
    const results = new Map<number, ControlResult>();
    for (const id of sendTo) results.set(id, this.sendLeaderAndIsr(id, topic, partition));
    return results;
  }

  /** Re-sends the current state of a partition to one replica (a controller retry). */
  sendLeaderAndIsr(
    id: number,
    topic: string,
    partition: number,
    controllerEpoch = this.controllerEpoch,
  ): ControlResult {
    const s = this.zk.get(`${topic}-${partition}`);
    if (!s) throw new Error(`no state for ${topic}-${partition}`);
    return this.node(id).replicas.becomeLeaderOrFollower({
      controllerId: 0,
      brokerEpoch: -1n,
      controllerEpoch,
      partitions: [this.partitionState(topic, partition, s)],
      liveLeaders: [{ brokerId: s.leader, host: 'localhost', port: 0 }],
    });
  }

  partitionState(topic: string, partition: number, s: ZkState): PartitionState {
    return {
      topic,
      topicId: '',
      partition,
      controllerEpoch: this.controllerEpoch,
      leader: s.leader,
      leaderEpoch: s.leaderEpoch,
      isr: [...s.isr],
      partitionEpoch: s.partitionEpoch,
      replicas: [...s.replicas],
      addingReplicas: [],
      removingReplicas: [],
      isNew: false,
    };
  }

  zkState(topic: string, partition = 0): ZkState | undefined {
    return this.zk.get(`${topic}-${partition}`);
  }

  /** The ZooKeeper controller's AlterPartition: applied only against the current leader epoch and znode version. */
  private async alterPartition(r: AlterPartitionRequest): Promise<AlterPartitionResponse> {
    this.alterRequests.push(r);
    const s = this.zk.get(`${r.topic}-${r.partition}`);
    const reject = (errorCode: number) => ({ errorCode, leaderEpoch: -1, isr: [], partitionEpoch: -1 });
    if (this.rejectNextAlter !== null) {
      const code = this.rejectNextAlter;
      this.rejectNextAlter = null;
      return reject(code);
    }
    if (!s) return reject(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (r.leaderEpoch !== s.leaderEpoch) return reject(ErrorCode.FENCED_LEADER_EPOCH);
    if (r.partitionEpoch !== s.partitionEpoch) return reject(ErrorCode.INVALID_UPDATE_VERSION);
    s.isr = [...r.newIsr];
    s.partitionEpoch++;
    return { errorCode: ErrorCode.NONE, leaderEpoch: s.leaderEpoch, isr: [...s.isr], partitionEpoch: s.partitionEpoch };
  }

  /** Appends `values` as one batch on `leader`. */
  produce(leader: number, topic: string, values: string[], acks = 1, partition = 0) {
    const records = encodeRecordBatch({ records: values.map((v) => ({ value: Buffer.from(v) })) });
    return this.node(leader).replicas.appendRecords({ topic, partition, records, acks, now: Date.now() });
  }

  /** StopReplica without deletion: `id` keeps its log but stops fetching. */
  async stopFetching(id: number, topic: string, partition = 0): Promise<void> {
    const epoch = this.zk.get(`${topic}-${partition}`)?.leaderEpoch ?? -1;
    const r = await this.node(id).replicas.stopReplicas({
      controllerId: 0,
      brokerEpoch: -1n,
      controllerEpoch: this.controllerEpoch,
      partitions: [{ topic, partition, leaderEpoch: epoch, deletePartition: false }],
    });
    if (r.partitions[0]?.errorCode !== ErrorCode.NONE) throw new Error(`StopReplica failed: ${JSON.stringify(r)}`);
  }

  /** Records every offset `id`'s log of `topic` is truncated to. */
  spyTruncations(id: number, topic: string, partition = 0): number[] {
    const log = this.log(id, topic, partition);
    const seen: number[] = [];
    const truncateTo = log.truncateTo.bind(log);
    log.truncateTo = (offset: number) => {
      if (offset < log.logEndOffset) seen.push(offset);
      return truncateTo(offset);
    };
    const truncateFully = log.truncateFullyAndStartAt.bind(log);
    log.truncateFullyAndStartAt = (offset: number) => {
      seen.push(-1);
      truncateFully(offset);
    };
    return seen;
  }

  /** The whole log of `id` as bytes, from its start to its end. */
  bytes(id: number, topic: string, partition = 0): Buffer {
    const log = this.log(id, topic, partition);
    return Buffer.from(
      log.read({ startOffset: log.logStartOffset, maxBytes: 1 << 30, limit: log.logEndOffset, minOneBatch: true })
        .records,
    );
  }

  async close(): Promise<void> {
    for (const n of this.nodes.values()) await n.replicas.shutdown();
    for (const n of this.nodes.values()) {
      n.logs.close();
      rmSync(n.dir, { recursive: true, force: true });
    }
  }
}
