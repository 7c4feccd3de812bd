/**
 * Single-node MetadataCache: this broker is the whole cluster and its controller; topics come from
 * the metadata store and leadership from the partitions the replica manager hosts.
 */
import type { ReplicaManager } from '../replica/replica-manager.js';
import type { BrokerEndpoint, MetadataCache, PartitionView, TopicView } from './metadata-cache.js';
import type { MetadataStore, TopicRecord } from './metadata-store.js';
import { isInternalTopic } from './topic-name.js';

export class LocalMetadataCache implements MetadataCache {
  private readonly byId = new Map<string, string>();

  constructor(
    private readonly store: MetadataStore,
    private readonly replicas: ReplicaManager,
    private readonly brokerId: number,
    private readonly rack: string | null,
    /** The advertised endpoint on `listener`, or null when that listener is not advertised. */
    private readonly endpoints: (listener: string) => { host: string; port: number } | null,
  ) {
    for (const t of store.topics()) this.byId.set(t.topicId, t.name);
  }

  get clusterId(): string {
    return this.store.clusterId;
  }

  controllerId(): number {
    return this.brokerId;
  }

  brokers(listener: string): BrokerEndpoint[] {
    const e = this.endpoints(listener);
    return e ? [{ nodeId: this.brokerId, host: e.host, port: e.port, rack: this.rack }] : [];
  }

  topic(name: string): TopicView | undefined {
    const t = this.store.topic(name);
    return t ? this.view(t) : undefined;
  }

  *topics(): Iterable<TopicView> {
    for (const t of this.store.topics()) yield this.view(t);
  }

  topicIdOf(name: string): string | undefined {
    return this.store.topic(name)?.topicId;
  }

  topicNameById(topicId: string): string | undefined {
    return this.byId.get(topicId);
  }

  /** Called by the TopicManager after topics are created or deleted. */
  topicsChanged(): void {
    this.byId.clear();
    for (const t of this.store.topics()) this.byId.set(t.topicId, t.name);
  }

  private view(t: TopicRecord): TopicView {
    const partitions: PartitionView[] = t.partitions.map((a) => {
      const p = this.replicas.getPartition(t.name, a.partition);
      // Its log dir went offline (an I/O failure): as a one-broker Kafka cluster, no leader is
      // left and this broker's replica is listed offline.
      const offline = p?.log.isClosed === true;
      return {
        partition: a.partition,
        leaderId: p && !offline ? p.leaderId : -1,
        leaderEpoch: p ? p.leaderEpoch : -1,
        replicas: a.replicas,
        isr: p ? p.isr : [],
        offlineReplicas: offline ? [this.brokerId] : [],
      };
    });
    return { name: t.name, topicId: t.topicId, isInternal: isInternalTopic(t.name), partitions };
  }
}
