import { booleanDef, type ConfigDef, doubleDef, intDef, listDef, longDef, stringDef } from './config-def.js';

/*
 * Kafka's topic-level configs (TopicConfig / LogConfig, as of Kafka 3.x), with Kafka's names, types,
 * defaults, valid ranges and the broker keys that supply their defaults. Long.MAX_VALUE defaults are
 * held as Infinity (see config-values.ts).
 */

export const CLEANUP_POLICIES = ['compact', 'delete'] as const;
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];
export const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] as const;
export type CompressionTypeConfig = (typeof COMPRESSION_TYPES)[number];
export const TIMESTAMP_TYPES = ['CreateTime', 'LogAppendTime'] as const;
export type TimestampTypeConfig = (typeof TIMESTAMP_TYPES)[number];

const LONG_MAX = Number.POSITIVE_INFINITY;
const DAY_MS = 24 * 60 * 60 * 1000;

export const LOG_CONFIG_DEFS = {
  'cleanup.policy': listDef<CleanupPolicy>('cleanup.policy', ['delete'], {
    allowed: CLEANUP_POLICIES,
    doc: 'What to do with old segments: "delete" removes them by retention time or size, "compact" keeps the latest value of each key; both may be given.',
    server: 'log.cleanup.policy',
  }),
  'compression.type': stringDef<CompressionTypeConfig>('compression.type', 'producer', {
    allowed: COMPRESSION_TYPES,
    doc: 'Final compression of the topic\'s data: a codec, "uncompressed", or "producer" to keep what the producer sent.',
    server: 'compression.type',
  }),
  'delete.retention.ms': longDef('delete.retention.ms', DAY_MS, {
    min: 0,
    doc: 'How long tombstones are kept in compacted topics after the cleaner first reaches them, so consumers can see the deletion.',
    server: 'log.cleaner.delete.retention.ms',
  }),
  'file.delete.delay.ms': longDef('file.delete.delay.ms', 60000, {
    min: 0,
    doc: 'Time to wait before deleting a segment file from the filesystem once it has been removed from the log.',
    server: 'log.segment.delete.delay.ms',
  }),
  'flush.messages': longDef('flush.messages', LONG_MAX, {
    min: 1,
    doc: 'Force an fsync of the log after this many messages; by default durability comes from replication and the OS.',
    server: 'log.flush.interval.messages',
  }),
  'flush.ms': longDef('flush.ms', LONG_MAX, {
    min: 0,
    doc: 'Force an fsync of the log once data has been unflushed for this long.',
    server: ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'],
  }),
  'follower.replication.throttled.replicas': listDef<string>('follower.replication.throttled.replicas', [], {
    doc: 'Replicas whose replication is throttled on the follower side, as partitionId:brokerId pairs or "*".',
  }),
  'index.interval.bytes': intDef('index.interval.bytes', 4096, {
    min: 0,
    doc: 'How many bytes of log go between two entries of the offset index.',
    server: 'log.index.interval.bytes',
  }),
  'leader.replication.throttled.replicas': listDef<string>('leader.replication.throttled.replicas', [], {
    doc: 'Replicas whose replication is throttled on the leader side, as partitionId:brokerId pairs or "*".',
  }),
  'local.retention.bytes': longDef('local.retention.bytes', -2, {
    min: -2,
    doc: 'Tiered storage: bytes kept locally before deletion; -2 means use retention.bytes.',
    server: 'log.local.retention.bytes',
  }),
  'local.retention.ms': longDef('local.retention.ms', -2, {
    min: -2,
    doc: 'Tiered storage: time kept locally before deletion; -2 means use retention.ms.',
    server: 'log.local.retention.ms',
  }),
  'max.compaction.lag.ms': longDef('max.compaction.lag.ms', LONG_MAX, {
    min: 1,
    doc: 'The longest a message may stay ineligible for compaction.',
    server: 'log.cleaner.max.compaction.lag.ms',
  }),
  'max.message.bytes': intDef('max.message.bytes', 1048588, {
    min: 0,
    doc: 'Largest record batch size allowed, after compression.',
    server: 'message.max.bytes',
  }),
  'message.downconversion.enable': booleanDef('message.downconversion.enable', true, {
    doc: 'Whether the broker down-converts batches for consumers using old fetch versions.',
    server: 'log.message.downconversion.enable',
  }),
  'message.format.version': stringDef<string>('message.format.version', '3.0-IV1', {
    doc: 'Deprecated; ignored since 3.0 (the format is always v2).',
    server: 'log.message.format.version',
  }),
  'message.timestamp.after.max.ms': longDef('message.timestamp.after.max.ms', LONG_MAX, {
    min: 0,
    doc: 'How far a CreateTime timestamp may be ahead of the broker clock.',
    server: 'log.message.timestamp.after.max.ms',
  }),
  'message.timestamp.before.max.ms': longDef('message.timestamp.before.max.ms', LONG_MAX, {
    min: 0,
    doc: 'How far a CreateTime timestamp may be behind the broker clock.',
    server: 'log.message.timestamp.before.max.ms',
  }),
  'message.timestamp.difference.max.ms': longDef('message.timestamp.difference.max.ms', LONG_MAX, {
    min: 0,
    doc: 'Deprecated: the largest difference between a CreateTime timestamp and the broker clock; used when the before/after settings are not set.',
    server: 'log.message.timestamp.difference.max.ms',
  }),
  'message.timestamp.type': stringDef<TimestampTypeConfig>('message.timestamp.type', 'CreateTime', {
    allowed: TIMESTAMP_TYPES,
    doc: "Whether record timestamps are the producer's (CreateTime) or the broker's append time (LogAppendTime).",
    server: 'log.message.timestamp.type',
  }),
  'min.cleanable.dirty.ratio': doubleDef('min.cleanable.dirty.ratio', 0.5, {
    min: 0,
    max: 1,
    doc: 'Compact a log once its uncompacted bytes exceed this share of the log.',
    server: 'log.cleaner.min.cleanable.ratio',
  }),
  'min.compaction.lag.ms': longDef('min.compaction.lag.ms', 0, {
    min: 0,
    doc: 'The shortest time a message stays uncompacted.',
    server: 'log.cleaner.min.compaction.lag.ms',
  }),
  'min.insync.replicas': intDef('min.insync.replicas', 1, {
    min: 1,
    doc: 'With acks=all, the fewest in-sync replicas that must acknowledge a write.',
    server: 'min.insync.replicas',
  }),
  preallocate: booleanDef('preallocate', false, {
    doc: 'Preallocate segment files on disk when rolling.',
    server: 'log.preallocate',
  }),
  'remote.storage.enable': booleanDef('remote.storage.enable', false, {
    doc: 'Tiered storage for this topic.',
  }),
  'retention.bytes': longDef('retention.bytes', -1, {
    doc: 'Largest size a partition may grow to before old segments are deleted; -1 means no limit.',
    server: 'log.retention.bytes',
  }),
  'retention.ms': longDef('retention.ms', 7 * DAY_MS, {
    min: -1,
    doc: "How long a segment is kept after its newest record's timestamp; -1 means no time limit.",
    server: ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
  }),
  'segment.bytes': intDef('segment.bytes', 1073741824, {
    min: 14,
    doc: 'Size of a segment file; a new segment is rolled when it is full.',
    server: 'log.segment.bytes',
  }),
  'segment.index.bytes': intDef('segment.index.bytes', 10485760, {
    min: 4,
    doc: 'Size of the offset and time index of a segment; a full index rolls the segment.',
    server: 'log.index.size.max.bytes',
  }),
  'segment.jitter.ms': longDef('segment.jitter.ms', 0, {
    min: 0,
    doc: 'Largest random amount subtracted from segment.ms, so segments do not all roll at once.',
    server: ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
  }),
  'segment.ms': longDef('segment.ms', 7 * DAY_MS, {
    min: 1,
    doc: 'Roll a new segment after this long even if the current one is not full.',
    server: ['log.roll.ms', 'log.roll.hours'],
  }),
  'unclean.leader.election.enable': booleanDef('unclean.leader.election.enable', false, {
    doc: 'Allow a replica outside the ISR to become leader as a last resort, at the cost of data loss.',
    server: 'unclean.leader.election.enable',
  }),
} as const;

export type LogConfigName = keyof typeof LOG_CONFIG_DEFS;
type ValueOf<D> = D extends ConfigDef<infer T> ? T : never;

/** A topic's effective log configuration, keyed by Kafka's own config names. */
export type LogConfig = { readonly [K in LogConfigName]: ValueOf<(typeof LOG_CONFIG_DEFS)[K]> };
