/**
 * Group coordinator and committed-offset settings (Kafka 3.8 GroupCoordinatorConfig, classic
 * protocol). The __consumer_offsets defaults (50 partitions, replication factor 3) are Kafka's;
 * a single-node setup lowers the replication factor to 1, as config/server.properties does.
 */
import { atLeast } from '@samsa/common';
import type { BrokerConfigKey } from '../broker-config-key.js';

export const GROUP_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'group.min.session.timeout.ms',
    type: 'INT',
    default: '6000',
    importance: 'MEDIUM',
    doc: 'Shortest session timeout a group member may ask for.',
  },
  {
    name: 'group.max.session.timeout.ms',
    type: 'INT',
    default: '1800000',
    importance: 'MEDIUM',
    doc: 'Longest session timeout a group member may ask for.',
  },
  {
    name: 'group.initial.rebalance.delay.ms',
    type: 'INT',
    default: '3000',
    importance: 'MEDIUM',
    doc: 'How long the first rebalance of an empty group waits for more members to join.',
  },
  {
    name: 'group.max.size',
    type: 'INT',
    default: '2147483647',
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'Most members one consumer group may have.',
  },
  {
    name: 'offset.metadata.max.bytes',
    type: 'INT',
    default: '4096',
    importance: 'HIGH',
    doc: 'Longest metadata string a client may attach to a committed offset.',
  },
  {
    name: 'offsets.load.buffer.size',
    type: 'INT',
    default: '5242880',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Batch size for reading an offsets partition when this broker becomes its coordinator.',
  },
  {
    name: 'offsets.topic.replication.factor',
    type: 'SHORT',
    default: '3',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Replication factor of __consumer_offsets; its creation waits until that many brokers are up.',
  },
  {
    name: 'offsets.topic.num.partitions',
    type: 'INT',
    default: '50',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Partitions of __consumer_offsets; fixed once the topic exists.',
  },
  {
    name: 'offsets.topic.segment.bytes',
    type: 'INT',
    default: '104857600',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Segment size of __consumer_offsets, kept small so loading and compaction are quick.',
  },
  {
    name: 'offsets.topic.compression.codec',
    type: 'INT',
    default: '0',
    importance: 'HIGH',
    doc: 'Codec id (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd) for offset commit batches.',
  },
  {
    name: 'offsets.retention.minutes',
    type: 'INT',
    default: '10080',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'How long the offsets of a group with no members are kept before expiring.',
  },
  {
    name: 'offsets.retention.check.interval.ms',
    type: 'LONG',
    default: '600000',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'How often expired offsets are looked for.',
  },
  {
    name: 'offsets.commit.timeout.ms',
    type: 'INT',
    default: '5000',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'How long an offset commit waits for replication before failing.',
  },
];
