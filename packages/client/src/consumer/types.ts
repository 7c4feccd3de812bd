/** The consumer's configuration and the shapes it hands to the application. */
import type { RecordHeader } from '@samsa/protocol';
import type { AutoOffsetReset, CommonConfig, IsolationLevelName } from '../config.js';
import type { Deserializer } from '../producer/serializers.js';

export interface ConsumerConfig<K = Buffer | null, V = Buffer | null> extends CommonConfig {
  groupId?: string;
  /** Static membership (KIP-345): a restart within sessionTimeoutMs keeps the assignment. */
  groupInstanceId?: string;
  enableAutoCommit?: boolean;
  autoCommitIntervalMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxPollIntervalMs?: number;
  /**
   * Kafka's group.protocol: 'classic' (JoinGroup/SyncGroup, client-side assignors) or 'consumer'
   * (KIP-848: ConsumerGroupHeartbeat, the broker assigns partitions; partitionAssignmentStrategy
   * and sessionTimeoutMs are then ignored, the broker's group.consumer.* settings apply).
   */
  groupProtocol?: 'classic' | 'consumer';
  /** Kafka's group.remote.assignor: the broker-side assignor for groupProtocol 'consumer' ('uniform', 'range'). */
  groupRemoteAssignor?: string;
  /** Assignor names in order of preference: 'range', 'roundrobin', 'cooperative-sticky'. */
  partitionAssignmentStrategy?: string[];
  autoOffsetReset?: AutoOffsetReset;
  fetchMinBytes?: number;
  fetchMaxBytes?: number;
  fetchMaxWaitMs?: number;
  maxPartitionFetchBytes?: number;
  maxPollRecords?: number;
  isolationLevel?: IsolationLevelName;
  checkCrcs?: boolean;
  allowAutoCreateTopics?: boolean;
  defaultApiTimeoutMs?: number;
  keyDeserializer?: Deserializer<K>;
  valueDeserializer?: Deserializer<V>;
}

export interface ConsumerRecord<K = Buffer | null, V = Buffer | null> {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: number;
  key: K;
  value: V;
  headers: RecordHeader[];
}

export interface ConsumerBatch<K = Buffer | null, V = Buffer | null> {
  topic: string;
  partition: number;
  records: ConsumerRecord<K, V>[];
  highWatermark: bigint;
}
