/** The group coordinator's settings, taken from the broker's group.* and offsets.* configs. */
import type { BrokerConfig } from '../../config/index.js';
import { ASSIGNOR_CLASS_NAMES } from './consumer/assignor.js';
import type { ConsumerGroupConfig } from './consumer/consumer-config.js';

export interface GroupCoordinatorConfig {
  numPartitions: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  initialRebalanceDelayMs: number;
  maxSize: number;
  offsetMetadataMaxBytes: number;
  offsetsRetentionMs: number;
  offsetsRetentionCheckIntervalMs: number;
  loadBufferSize: number;
  /** offsets.topic.compression.codec: the compression of batches the coordinator appends. */
  compressionCodec: number;
  /** How long a brand-new member may wait in a join before it expires (Kafka's fixed 5 minutes). */
  newMemberJoinTimeoutMs: number;
}

export const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

export function groupCoordinatorConfig(c: BrokerConfig): GroupCoordinatorConfig {
  return {
    numPartitions: c.offsetsTopicNumPartitions,
    minSessionTimeoutMs: c.groupMinSessionTimeoutMs,
    maxSessionTimeoutMs: c.groupMaxSessionTimeoutMs,
    initialRebalanceDelayMs: c.groupInitialRebalanceDelayMs,
    maxSize: c.groupMaxSize,
    offsetMetadataMaxBytes: c.offsetMetadataMaxBytes,
    offsetsRetentionMs: c.offsetsRetentionMs,
    offsetsRetentionCheckIntervalMs: c.offsetsRetentionCheckIntervalMs,
    loadBufferSize: c.offsetsLoadBufferSize,
    compressionCodec: c.offsetsTopicCompressionCodec,
    newMemberJoinTimeoutMs: NEW_MEMBER_JOIN_TIMEOUT_MS,
  };
}

/** group.consumer.* and group.coordinator.rebalance.protocols; assignor class names map to short names. */
export function consumerGroupConfig(c: BrokerConfig): ConsumerGroupConfig {
  const assignors = c.groupConsumerAssignors.map((a) => ASSIGNOR_CLASS_NAMES[a] ?? a);
  return {
    enabled: c.groupCoordinatorRebalanceProtocols.includes('consumer'),
    sessionTimeoutMs: c.groupConsumerSessionTimeoutMs,
    heartbeatIntervalMs: c.groupConsumerHeartbeatIntervalMs,
    maxSize: c.groupConsumerMaxSize,
    assignors: assignors.filter((a) => a === 'uniform' || a === 'range'),
  };
}
