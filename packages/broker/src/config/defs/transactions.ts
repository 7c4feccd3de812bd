/**
 * Transaction coordinator and producer-id settings (Kafka 3.8 TransactionLogConfigs and
 * TransactionStateManagerConfigs). Like __consumer_offsets, __transaction_state defaults to
 * replication factor 3 and min ISR 2; a single node lowers both to 1 in its properties file.
 */
import { atLeast } from '@samsa/common';
import type { BrokerConfigKey } from '../broker-config-key.js';

export const TRANSACTION_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'transactional.id.expiration.ms',
    type: 'INT',
    default: '604800000',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'How long a transactional id may go unused before the coordinator forgets it.',
  },
  {
    name: 'transaction.max.timeout.ms',
    type: 'INT',
    default: '900000',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Longest transaction timeout a producer may ask for in InitProducerId.',
  },
  {
    name: 'transaction.state.log.min.isr',
    type: 'INT',
    default: '2',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'min.insync.replicas of __transaction_state.',
  },
  {
    name: 'transaction.state.log.load.buffer.size',
    type: 'INT',
    default: '5242880',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Batch size for reading a __transaction_state partition on becoming its coordinator.',
  },
  {
    name: 'transaction.state.log.replication.factor',
    type: 'SHORT',
    default: '3',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Replication factor of __transaction_state; its creation waits until that many brokers are up.',
  },
  {
    name: 'transaction.state.log.num.partitions',
    type: 'INT',
    default: '50',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Partitions of __transaction_state; fixed once the topic exists.',
  },
  {
    name: 'transaction.state.log.segment.bytes',
    type: 'INT',
    default: '104857600',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Segment size of __transaction_state.',
  },
  {
    name: 'transaction.abort.timed.out.transaction.cleanup.interval.ms',
    type: 'INT',
    default: '10000',
    validator: atLeast(1),
    importance: 'LOW',
    doc: 'How often the coordinator aborts transactions past their timeout.',
  },
  {
    name: 'transaction.remove.expired.transaction.cleanup.interval.ms',
    type: 'INT',
    default: '3600000',
    validator: atLeast(1),
    importance: 'LOW',
    doc: 'How often expired transactional ids are removed.',
  },
  {
    name: 'transaction.partition.verification.enable',
    type: 'BOOLEAN',
    default: 'true',
    importance: 'LOW',
    dynamic: 'cluster-wide',
    doc: 'Whether a transactional write is checked against the coordinator before it is appended (KIP-890).',
  },
  {
    name: 'producer.id.expiration.ms',
    type: 'INT',
    default: '86400000',
    validator: atLeast(1),
    importance: 'LOW',
    dynamic: 'cluster-wide',
    doc: 'How long a partition keeps the state of an idle producer id (for idempotence).',
  },
  {
    name: 'producer.id.expiration.check.interval.ms',
    type: 'INT',
    default: '600000',
    validator: atLeast(1),
    importance: 'LOW',
    internal: true,
    doc: 'How often expired producer ids are removed from partition state.',
  },
];
