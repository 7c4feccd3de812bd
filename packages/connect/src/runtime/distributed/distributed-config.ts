/**
 * A distributed worker's configuration: Kafka's WorkerConfig keys plus DistributedConfig's —
 * group.id, the three internal topics with their partitions and replication factors, and the
 * group timeouts — by Kafka's names and defaults.
 */
import { atLeast, ConfigDef, type ConfigKeyInit, nonEmptyString, ParsedConfig } from '@samsa/common';
import { WORKER_CONFIG_DEF } from '../worker-config.js';

const EXTRA: ConfigKeyInit[] = [
  {
    name: 'group.id',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'A unique string that identifies the Connect cluster group this worker belongs to.',
  },
  {
    name: 'config.storage.topic',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'The name of the Kafka topic where connector configurations are stored',
  },
  {
    name: 'offset.storage.topic',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'The name of the Kafka topic where source connector offsets are stored',
  },
  {
    name: 'status.storage.topic',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'The name of the Kafka topic where connector and task status are stored',
  },
  {
    name: 'config.storage.replication.factor',
    type: 'SHORT',
    default: 3,
    importance: 'LOW',
    doc: 'Replication factor used when creating the configuration storage topic',
  },
  {
    name: 'offset.storage.replication.factor',
    type: 'SHORT',
    default: 3,
    importance: 'LOW',
    doc: 'Replication factor used when creating the offset storage topic',
  },
  {
    name: 'status.storage.replication.factor',
    type: 'SHORT',
    default: 3,
    importance: 'LOW',
    doc: 'Replication factor used when creating the status storage topic',
  },
  {
    name: 'offset.storage.partitions',
    type: 'INT',
    default: 25,
    validator: atLeast(1),
    importance: 'LOW',
    doc: 'The number of partitions used when creating the offset storage topic',
  },
  {
    name: 'status.storage.partitions',
    type: 'INT',
    default: 5,
    validator: atLeast(1),
    importance: 'LOW',
    doc: 'The number of partitions used when creating the status storage topic',
  },
  {
    name: 'session.timeout.ms',
    type: 'INT',
    default: 10000,
    importance: 'HIGH',
    doc: 'The timeout used to detect worker failures.',
  },
  {
    name: 'heartbeat.interval.ms',
    type: 'INT',
    default: 3000,
    importance: 'HIGH',
    doc: 'The expected time between heartbeats to the group coordinator.',
  },
  {
    name: 'rebalance.timeout.ms',
    type: 'INT',
    default: 60000,
    importance: 'HIGH',
    doc: 'The maximum allowed time for each worker to join the group once a rebalance has begun.',
  },
];

export const DISTRIBUTED_CONFIG_DEF = new ConfigDef<ConfigKeyInit>([...WORKER_CONFIG_DEF.keys(), ...EXTRA]);

export interface DistributedSettings {
  groupId: string;
  configTopic: string;
  offsetTopic: string;
  statusTopic: string;
  configReplicationFactor: number;
  offsetReplicationFactor: number;
  statusReplicationFactor: number;
  offsetPartitions: number;
  statusPartitions: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
}

export function distributedSettings(props: Readonly<Record<string, string>>): DistributedSettings {
  const c = new ParsedConfig(DISTRIBUTED_CONFIG_DEF, props);
  const n = (k: string) => c.get(k) as number;
  return {
    groupId: c.get('group.id') as string,
    configTopic: c.get('config.storage.topic') as string,
    offsetTopic: c.get('offset.storage.topic') as string,
    statusTopic: c.get('status.storage.topic') as string,
    configReplicationFactor: n('config.storage.replication.factor'),
    offsetReplicationFactor: n('offset.storage.replication.factor'),
    statusReplicationFactor: n('status.storage.replication.factor'),
    offsetPartitions: n('offset.storage.partitions'),
    statusPartitions: n('status.storage.partitions'),
    sessionTimeoutMs: n('session.timeout.ms'),
    heartbeatIntervalMs: n('heartbeat.interval.ms'),
    rebalanceTimeoutMs: n('rebalance.timeout.ms'),
  };
}
