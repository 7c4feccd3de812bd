/** The consumer (KIP-848) protocol's settings, from the broker's group.consumer.* configs. */
export interface ConsumerGroupConfig {
  /** group.coordinator.rebalance.protocols contains "consumer". */
  enabled: boolean;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxSize: number;
  /** group.consumer.assignors, short names; the first is the default. */
  assignors: string[];
}

export const DEFAULT_CONSUMER_GROUP_CONFIG: ConsumerGroupConfig = {
  enabled: true,
  sessionTimeoutMs: 45000,
  heartbeatIntervalMs: 5000,
  maxSize: 2147483647,
  assignors: ['uniform', 'range'],
};
