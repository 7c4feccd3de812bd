import {
  atLeast,
  between,
  ConfigDef,
  type ConfigKey,
  type ConfigKeyInit,
  type ConfigType,
  inList,
  type ValueOfType,
} from '@samsa/common';

/*
 * Kafka's topic-level configs (TopicConfig / LogConfig, as of Kafka 3.x), defined with the one
 * config module (@samsa/common): Kafka's names, types, defaults, valid ranges, and the broker keys
 * that supply their defaults. Long.MAX_VALUE defaults are held as Infinity (see ConfigValue).
 */

/** What storage adds to a config definition: the broker keys that supply a topic config's default. */
export interface TopicConfigKey extends ConfigKeyInit {
  /** Broker keys feeding this default, highest precedence first (Kafka's ServerTopicConfigSynonyms). */
  readonly serverSynonyms: readonly string[];
  /** The first of serverSynonyms: the broker key DescribeConfigs lists the default under. */
  readonly serverDefaultProperty: string | null;
}

/** A defined topic config, its default parsed. */
export type TopicConfigDef = ConfigKey<TopicConfigKey>;

export const CLEANUP_POLICIES = ['compact', 'delete'] as const;
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];
export const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] as const;
export type CompressionTypeConfig = (typeof COMPRESSION_TYPES)[number];
export const TIMESTAMP_TYPES = ['CreateTime', 'LogAppendTime'] as const;
export type TimestampTypeConfig = (typeof TIMESTAMP_TYPES)[number];

const LONG_MAX = Number.POSITIVE_INFINITY;
const DAY_MS = 24 * 60 * 60 * 1000;

interface KeyOptions extends Omit<TopicConfigKey, 'name' | 'type' | 'serverSynonyms' | 'serverDefaultProperty'> {
  readonly server?: string | readonly string[];
}

/** One definition, its name and type kept as literal types so LogConfig can be derived from the table. */
function key<N extends string, T extends ConfigType>(
  name: N,
  type: T,
  o: KeyOptions,
): TopicConfigKey & { name: N; type: T } {
  const { server, ...rest } = o;
  const serverSynonyms = server === undefined ? [] : typeof server === 'string' ? [server] : server;
  return { ...rest, name, type, serverSynonyms, serverDefaultProperty: serverSynonyms[0] ?? null };
}

const KEYS = [
  key('cleanup.policy', 'LIST', {
    default: ['delete'],
    validator: inList(...CLEANUP_POLICIES),
    importance: 'MEDIUM',
    doc: 'What to do with old segments: "delete" removes them by retention time or size, "compact" keeps the latest value of each key; both may be given.',
    server: 'log.cleanup.policy',
  }),
  key('compression.type', 'STRING', {
    default: 'producer',
    validator: inList(...COMPRESSION_TYPES),
    importance: 'MEDIUM',
    doc: 'Final compression of the topic\'s data: a codec, "uncompressed", or "producer" to keep what the producer sent.',
    server: 'compression.type',
  }),
  key('delete.retention.ms', 'LONG', {
    default: DAY_MS,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'How long tombstones are kept in compacted topics after the cleaner first reaches them, so consumers can see the deletion.',
    server: 'log.cleaner.delete.retention.ms',
  }),
  key('file.delete.delay.ms', 'LONG', {
    default: 60000,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'Time to wait before deleting a segment file from the filesystem once it has been removed from the log.',
    server: 'log.segment.delete.delay.ms',
  }),
  key('flush.messages', 'LONG', {
    default: LONG_MAX,
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'Force an fsync of the log after this many messages; by default durability comes from replication and the OS.',
    server: 'log.flush.interval.messages',
  }),
  key('flush.ms', 'LONG', {
    default: LONG_MAX,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'Force an fsync of the log once data has been unflushed for this long.',
    server: ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'],
  }),
  key('follower.replication.throttled.replicas', 'LIST', {
    default: [],
    importance: 'MEDIUM',
    doc: 'Replicas whose replication is throttled on the follower side, as partitionId:brokerId pairs or "*".',
  }),
  key('index.interval.bytes', 'INT', {
    default: 4096,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'How many bytes of log go between two entries of the offset index.',
    server: 'log.index.interval.bytes',
  }),
  key('leader.replication.throttled.replicas', 'LIST', {
    default: [],
    importance: 'MEDIUM',
    doc: 'Replicas whose replication is throttled on the leader side, as partitionId:brokerId pairs or "*".',
  }),
  key('local.retention.bytes', 'LONG', {
    default: -2,
    validator: atLeast(-2),
    importance: 'MEDIUM',
    doc: 'Tiered storage: bytes kept locally before deletion; -2 means use retention.bytes.',
    server: 'log.local.retention.bytes',
  }),
  key('local.retention.ms', 'LONG', {
    default: -2,
    validator: atLeast(-2),
    importance: 'MEDIUM',
    doc: 'Tiered storage: time kept locally before deletion; -2 means use retention.ms.',
    server: 'log.local.retention.ms',
  }),
  key('max.compaction.lag.ms', 'LONG', {
    default: LONG_MAX,
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'The longest a message may stay ineligible for compaction.',
    server: 'log.cleaner.max.compaction.lag.ms',
  }),
  key('max.message.bytes', 'INT', {
    default: 1048588,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'Largest record batch size allowed, after compression.',
    server: 'message.max.bytes',
  }),
  key('message.downconversion.enable', 'BOOLEAN', {
    default: true,
    importance: 'LOW',
    doc: 'Whether the broker down-converts batches for consumers using old fetch versions.',
    server: 'log.message.downconversion.enable',
  }),
  key('message.format.version', 'STRING', {
    default: '3.0-IV1',
    importance: 'MEDIUM',
    doc: 'Deprecated; ignored since 3.0 (the format is always v2).',
    server: 'log.message.format.version',
  }),
  key('message.timestamp.after.max.ms', 'LONG', {
    default: LONG_MAX,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'How far a CreateTime timestamp may be ahead of the broker clock.',
    server: 'log.message.timestamp.after.max.ms',
  }),
  key('message.timestamp.before.max.ms', 'LONG', {
    default: LONG_MAX,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'How far a CreateTime timestamp may be behind the broker clock.',
    server: 'log.message.timestamp.before.max.ms',
  }),
  key('message.timestamp.difference.max.ms', 'LONG', {
    default: LONG_MAX,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'Deprecated: the largest difference between a CreateTime timestamp and the broker clock; used when the before/after settings are not set.',
    server: 'log.message.timestamp.difference.max.ms',
  }),
  key('message.timestamp.type', 'STRING', {
    default: 'CreateTime',
    validator: inList(...TIMESTAMP_TYPES),
    importance: 'MEDIUM',
    doc: "Whether record timestamps are the producer's (CreateTime) or the broker's append time (LogAppendTime).",
    server: 'log.message.timestamp.type',
  }),
  key('min.cleanable.dirty.ratio', 'DOUBLE', {
    default: 0.5,
    validator: between(0, 1),
    importance: 'MEDIUM',
    doc: 'Compact a log once its uncompacted bytes exceed this share of the log.',
    server: 'log.cleaner.min.cleanable.ratio',
  }),
  key('min.compaction.lag.ms', 'LONG', {
    default: 0,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'The shortest time a message stays uncompacted.',
    server: 'log.cleaner.min.compaction.lag.ms',
  }),
  key('min.insync.replicas', 'INT', {
    default: 1,
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'With acks=all, the fewest in-sync replicas that must acknowledge a write.',
    server: 'min.insync.replicas',
  }),
  key('preallocate', 'BOOLEAN', {
    default: false,
    importance: 'MEDIUM',
    doc: 'Preallocate segment files on disk when rolling.',
    server: 'log.preallocate',
  }),
  key('remote.storage.enable', 'BOOLEAN', {
    default: false,
    importance: 'MEDIUM',
    doc: 'Tiered storage for this topic.',
  }),
  key('retention.bytes', 'LONG', {
    default: -1,
    importance: 'MEDIUM',
    doc: 'Largest size a partition may grow to before old segments are deleted; -1 means no limit.',
    server: 'log.retention.bytes',
  }),
  key('retention.ms', 'LONG', {
    default: 7 * DAY_MS,
    validator: atLeast(-1),
    importance: 'MEDIUM',
    doc: "How long a segment is kept after its newest record's timestamp; -1 means no time limit.",
    server: ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
  }),
  key('segment.bytes', 'INT', {
    default: 1073741824,
    validator: atLeast(14),
    importance: 'MEDIUM',
    doc: 'Size of a segment file; a new segment is rolled when it is full.',
    server: 'log.segment.bytes',
  }),
  key('segment.index.bytes', 'INT', {
    default: 10485760,
    validator: atLeast(4),
    importance: 'MEDIUM',
    doc: 'Size of the offset and time index of a segment; a full index rolls the segment.',
    server: 'log.index.size.max.bytes',
  }),
  key('segment.jitter.ms', 'LONG', {
    default: 0,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'Largest random amount subtracted from segment.ms, so segments do not all roll at once.',
    server: ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
  }),
  key('segment.ms', 'LONG', {
    default: 7 * DAY_MS,
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'Roll a new segment after this long even if the current one is not full.',
    server: ['log.roll.ms', 'log.roll.hours'],
  }),
  key('unclean.leader.election.enable', 'BOOLEAN', {
    default: false,
    importance: 'MEDIUM',
    doc: 'Allow a replica outside the ISR to become leader as a last resort, at the cost of data loss.',
    server: 'unclean.leader.election.enable',
  }),
] as const;

/** The topic config table; parsing, validation and printing go through it. */
export const LOG_CONFIG_DEF: ConfigDef<TopicConfigKey> = new ConfigDef<TopicConfigKey>(KEYS);

export type LogConfigName = (typeof KEYS)[number]['name'];

/** The string configs whose values are a closed set get that set as their type. */
interface NarrowedTypes {
  readonly 'cleanup.policy': readonly CleanupPolicy[];
  readonly 'compression.type': CompressionTypeConfig;
  readonly 'message.timestamp.type': TimestampTypeConfig;
}

/** A topic's effective log configuration, keyed by Kafka's own config names. */
export type LogConfig = {
  readonly [K in (typeof KEYS)[number] as K['name']]: K['name'] extends keyof NarrowedTypes
    ? NarrowedTypes[K['name']]
    : ValueOfType<K['type']>;
};
