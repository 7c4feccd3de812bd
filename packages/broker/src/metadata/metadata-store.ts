/**
 * Where the cluster's metadata lives: topics with their ids, partition assignments and configs,
 * dynamic broker configs, and the cluster id. Single-node mode keeps it in a file in the first log
 * dir (FileMetadataStore); cluster mode puts ZooKeeper behind the same interface.
 *
 * Mutations resolve once the change is durable; callers update their caches after that.
 */
export interface PartitionAssignment {
  partition: number;
  replicas: number[];
}

export interface TopicRecord {
  name: string;
  /** Kafka's topic id, as base64url text. */
  topicId: string;
  partitions: PartitionAssignment[];
  /** Topic-level config overrides (only what was set explicitly). */
  configs: Record<string, string>;
}

/**
 * A client quota entity (Kafka's ClientQuotaEntity): entity type ('user', 'client-id', 'ip') →
 * name, or null for that type's default entity.
 */
export type QuotaEntity = Record<string, string | null>;

export interface ClientQuotaRecord {
  entity: QuotaEntity;
  /** Quota key → value, e.g. producer_byte_rate → 1048576. */
  quotas: Record<string, number>;
}

export interface MetadataStore {
  readonly clusterId: string;
  topics(): Iterable<TopicRecord>;
  topic(name: string): TopicRecord | undefined;
  createTopic(topic: TopicRecord): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  addPartitions(name: string, added: PartitionAssignment[]): Promise<void>;
  setTopicConfigs(name: string, configs: Record<string, string>): Promise<void>;
  /** Cluster mode: a topic's config overrides as the shared store holds them now (not the cache). */
  readTopicConfigs?(name: string): Promise<Record<string, string>>;
  /** Dynamic broker configs: per broker id, or '' for the cluster-wide default. */
  brokerConfigs(scope: string): Record<string, string>;
  setBrokerConfigs(scope: string, configs: Record<string, string>): Promise<void>;
  /**
   * Client quotas (optional so other stores stay valid; a store without them keeps quotas in
   * memory only). Setting an empty record removes the entity.
   */
  clientQuotas?(): ClientQuotaRecord[];
  setClientQuotas?(entity: QuotaEntity, quotas: Record<string, number>): Promise<void>;
  /** Cluster mode: the quotas as the shared store holds them now (not this broker's cache). */
  readClientQuotas?(): Promise<ClientQuotaRecord[]>;
  /**
   * SCRAM credentials, user → mechanism → Kafka's stored text (`salt=...,stored_key=...,
   * server_key=...,iterations=...`). Optional: a store without them has no SCRAM users.
   */
  scramCredentials?(): Record<string, Record<string, string>>;
  /** Sets (text) or removes (null) one user's credential for one mechanism. */
  setScramCredential?(user: string, mechanism: string, text: string | null): Promise<void>;
  close(): Promise<void>;
}
