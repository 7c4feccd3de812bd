/**
 * Log cleaner (compaction) settings, Kafka 3.8 CleanerConfig. The cleaner's own tuning is
 * 'cluster-wide' dynamic because Kafka can resize the cleaner pool without a restart; only
 * turning the cleaner on or off needs one.
 */
import { atLeast, between, LONG_MAX_TEXT } from '@samsa/common';
import type { BrokerConfigKey } from '../broker-config-key.js';

export const LOG_CLEANER_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'log.cleaner.enable',
    type: 'BOOLEAN',
    default: 'true',
    importance: 'MEDIUM',
    doc: 'Whether the cleaner runs; needed for compacted topics such as __consumer_offsets.',
  },
  {
    name: 'log.cleaner.threads',
    type: 'INT',
    default: '1',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Threads compacting logs.',
  },
  {
    name: 'log.cleaner.io.max.bytes.per.second',
    type: 'DOUBLE',
    default: '1.7976931348623157E308',
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Read plus write rate cap of the cleaner.',
  },
  {
    name: 'log.cleaner.dedupe.buffer.size',
    type: 'LONG',
    default: '134217728',
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Memory for the key-to-offset map, shared by all cleaner threads (at least 1 MiB each).',
  },
  {
    name: 'log.cleaner.io.buffer.size',
    type: 'INT',
    default: '524288',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Read and write buffer memory, shared by all cleaner threads.',
  },
  {
    name: 'log.cleaner.io.buffer.load.factor',
    type: 'DOUBLE',
    default: '0.9',
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'How full the dedupe map may get; higher packs more keys but collides more.',
  },
  {
    name: 'log.cleaner.backoff.ms',
    type: 'LONG',
    default: '15000',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Sleep of a cleaner thread that found nothing to clean.',
  },
  {
    name: 'log.cleaner.min.cleanable.ratio',
    type: 'DOUBLE',
    default: '0.5',
    validator: between(0, 1),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Dirty share of a log that makes it eligible for cleaning (topic synonym min.cleanable.dirty.ratio).',
  },
  {
    name: 'log.cleaner.delete.retention.ms',
    type: 'LONG',
    default: '86400000',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'How long tombstones stay in a compacted log so consumers can see deletions.',
  },
  {
    name: 'log.cleaner.min.compaction.lag.ms',
    type: 'LONG',
    default: '0',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Youngest a record may be and still be compacted away.',
  },
  {
    name: 'log.cleaner.max.compaction.lag.ms',
    type: 'LONG',
    default: LONG_MAX_TEXT,
    validator: atLeast(1),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Oldest a record may get before its log must be compacted, however clean it is.',
  },
];
