/**
 * What every broker knows about the cluster, for Metadata, DescribeCluster and routing: brokers and
 * their endpoints per listener, the controller, topics with ids, and each partition's leadership.
 * Read-only for handlers; the controller side (TopicManager here, ZooKeeper watches in cluster mode)
 * keeps it current.
 */
export interface BrokerEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface PartitionView {
  partition: number;
  leaderId: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface TopicView {
  name: string;
  topicId: string;
  isInternal: boolean;
  partitions: PartitionView[];
}

export interface MetadataCache {
  readonly clusterId: string;
  controllerId(): number;
  /** Live brokers with their advertised endpoint on `listener`. */
  brokers(listener: string): BrokerEndpoint[];
  topic(name: string): TopicView | undefined;
  topics(): Iterable<TopicView>;
  topicIdOf(name: string): string | undefined;
  topicNameById(topicId: string): string | undefined;
}
