/**
 * Cluster-mode MetadataCache: what the controller last told this broker through UpdateMetadata —
 * the live brokers with their endpoints, the controller, and every partition's leader, epoch,
 * replicas and ISR. As in Kafka, the live-broker list is replaced by each request while partition
 * states are upserted; a leader of -2 (LeaderDuringDelete) removes the partition.
 */
import type { BrokerEndpoint, MetadataCache, PartitionView, TopicView } from './metadata-cache.js';
import { isInternalTopic } from './topic-name.js';

/** Kafka's LeaderAndIsr.LeaderDuringDelete: the partition's topic is being deleted. */
export const LEADER_DURING_DELETE = -2;

export interface LiveBroker {
  id: number;
  rack: string | null;
  endpoints: Array<{ listener: string; host: string; port: number }>;
}

export interface PartitionStateUpdate extends PartitionView {
  topic: string;
  topicId: string;
}

export class ClusterMetadataCache implements MetadataCache {
  private controller = -1;
  private controllerEpoch = -1;
  private live = new Map<number, LiveBroker>();
  private readonly byName = new Map<string, { topicId: string; partitions: Map<number, PartitionView> }>();
  private readonly byId = new Map<string, string>();
  private waiters: Array<() => void> = [];

  constructor(readonly clusterId: string) {}

  /** False for a request from an older controller than one already heard from (STALE_CONTROLLER_EPOCH). */
  acceptControllerEpoch(epoch: number): boolean {
    if (epoch < this.controllerEpoch) return false;
    this.controllerEpoch = epoch;
    return true;
  }

  controllerId(): number {
    return this.controller;
  }

  liveBrokerIds(): number[] {
    return [...this.live.keys()].sort((a, b) => a - b);
  }

  liveBroker(id: number): LiveBroker | undefined {
    return this.live.get(id);
  }

  /** As Kafka's MetadataCache: a broker without an endpoint on `listener` is left out. */
  brokers(listener: string): BrokerEndpoint[] {
    const out: BrokerEndpoint[] = [];
    for (const b of this.live.values()) {
      const e = b.endpoints.find((x) => x.listener === listener);
      if (e) out.push({ nodeId: b.id, host: e.host, port: e.port, rack: b.rack });
    }
    return out.sort((a, b) => a.nodeId - b.nodeId);
  }

  topic(name: string): TopicView | undefined {
    const t = this.byName.get(name);
    return t ? this.view(name, t) : undefined;
  }

  *topics(): Iterable<TopicView> {
    for (const [name, t] of this.byName) yield this.view(name, t);
  }

  topicIdOf(name: string): string | undefined {
    return this.byName.get(name)?.topicId;
  }

  topicNameById(topicId: string): string | undefined {
    return this.byId.get(topicId);
  }

  partition(topic: string, partition: number): PartitionView | undefined {
    return this.byName.get(topic)?.partitions.get(partition);
  }

  /** Applies one UpdateMetadata; returns the partitions it removed (their topic is being deleted). */
  update(
    controllerId: number,
    brokers: LiveBroker[],
    states: PartitionStateUpdate[],
  ): Array<{ topic: string; partition: number }> {
    this.controller = controllerId;
    this.live = new Map(brokers.map((b) => [b.id, b]));
    const removed: Array<{ topic: string; partition: number }> = [];
    for (const s of states) {
      if (s.leaderId === LEADER_DURING_DELETE) {
        const t = this.byName.get(s.topic);
        if (!t) continue;
        if (t.partitions.delete(s.partition)) removed.push({ topic: s.topic, partition: s.partition });
        if (t.partitions.size === 0) {
          this.byName.delete(s.topic);
          this.byId.delete(t.topicId);
        }
        continue;
      }
      let t = this.byName.get(s.topic);
      if (!t) {
        t = { topicId: s.topicId, partitions: new Map() };
        this.byName.set(s.topic, t);
      }
      if (s.topicId) {
        t.topicId = s.topicId;
        this.byId.set(s.topicId, s.topic);
      }
      t.partitions.set(s.partition, {
        partition: s.partition,
        leaderId: s.leaderId,
        leaderEpoch: s.leaderEpoch,
        replicas: s.replicas,
        isr: s.isr,
        offlineReplicas: s.offlineReplicas,
      });
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    return removed;
  }

  /** Resolves at the next update, or after `timeoutMs` (admin requests wait for propagation this way). */
  nextUpdate(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Waits until `ready()` holds or the deadline passes; returns whether it holds. */
  async waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.nextUpdate(left);
    }
    return true;
  }

  private view(name: string, t: { topicId: string; partitions: Map<number, PartitionView> }): TopicView {
    const partitions = [...t.partitions.values()].sort((a, b) => a.partition - b.partition);
    return { name, topicId: t.topicId, isInternal: isInternalTopic(name), partitions };
  }
}
