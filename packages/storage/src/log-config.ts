import type { ConfigDef } from './config/config-def.js';
import { parseInt32 } from './config/config-values.js';
import { LOG_CONFIG_DEFS, type LogConfig, type LogConfigName } from './config/log-config-defs.js';
import { ConfigError } from './errors.js';

export type { ConfigDef } from './config/config-def.js';
export type { ConfigType } from './config/config-values.js';
export {
  CLEANUP_POLICIES,
  type CleanupPolicy,
  COMPRESSION_TYPES,
  type CompressionTypeConfig,
  LOG_CONFIG_DEFS,
  type LogConfig,
  type LogConfigName,
  TIMESTAMP_TYPES,
  type TimestampTypeConfig,
} from './config/log-config-defs.js';

const NAMES = Object.keys(LOG_CONFIG_DEFS) as LogConfigName[];

/** Every topic-level config definition, in name order (what DescribeConfigs lists). */
export const logConfigDefs: readonly ConfigDef<unknown>[] = NAMES.map((n) => LOG_CONFIG_DEFS[n] as ConfigDef<unknown>);

export function isTopicConfig(name: string): name is LogConfigName {
  return Object.hasOwn(LOG_CONFIG_DEFS, name);
}

export function logConfigDef(name: LogConfigName): ConfigDef<unknown> {
  return LOG_CONFIG_DEFS[name] as ConfigDef<unknown>;
}

/** Kafka's built-in defaults, used when the broker configures nothing. */
export const DEFAULT_LOG_CONFIG: LogConfig = Object.freeze(
  Object.fromEntries(NAMES.map((n) => [n, LOG_CONFIG_DEFS[n].default])) as unknown as LogConfig,
);

/**
 * Builds a topic's config from its overrides (string values, as stored in ZooKeeper or sent in
 * CreateTopics/AlterConfigs) on top of `defaults` (the broker-level defaults). Throws ConfigError
 * naming the first invalid key. Keys that are not topic configs are ignored: rejecting them is the
 * caller's decision (see isTopicConfig).
 */
export function parseLogConfig(props: Record<string, string>, defaults: LogConfig = DEFAULT_LOG_CONFIG): LogConfig {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, raw] of Object.entries(props)) {
    if (!isTopicConfig(key)) continue;
    out[key] = logConfigDef(key).parse(raw);
  }
  const config = out as unknown as LogConfig;
  validateLogConfig(config);
  return config;
}

/** Cross-setting checks Kafka makes after each value is valid on its own. */
export function validateLogConfig(config: LogConfig): void {
  const min = config['min.compaction.lag.ms'];
  const max = config['max.compaction.lag.ms'];
  if (min > max) {
    throw new ConfigError(
      'min.compaction.lag.ms',
      `conflict topic config setting min.compaction.lag.ms (${min}) > max.compaction.lag.ms (${max})`,
    );
  }
}

/** The config as Kafka-formatted strings (Long.MAX_VALUE printed as such). */
export function logConfigToProps(config: LogConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of NAMES) out[n] = logConfigDef(n).format(config[n]);
  return out;
}

const UNIT_MS: Record<string, number> = { hours: 3_600_000, minutes: 60_000 };

/**
 * Derives the broker-level default LogConfig from broker properties (server.properties keys such as
 * log.retention.hours, log.segment.bytes), honouring Kafka's precedence: log.retention.ms over
 * log.retention.minutes over log.retention.hours, log.roll.ms over log.roll.hours, and so on.
 * Throws ConfigError naming the broker key on an invalid value.
 */
export function logConfigFromServerProperties(props: Record<string, string>): LogConfig {
  const out: Record<string, unknown> = { ...DEFAULT_LOG_CONFIG };
  for (const n of NAMES) {
    const def = logConfigDef(n);
    const key = def.serverSynonyms.find((k) => props[k] !== undefined);
    if (key === undefined) continue;
    const raw = props[key] as string;
    const unit = UNIT_MS[key.slice(key.lastIndexOf('.') + 1)];
    try {
      out[n] = unit === undefined ? def.parse(raw) : parseInt32(key, raw) * unit;
      def.validate(out[n]);
    } catch (err) {
      // Report the key the operator wrote, not the topic-level name it feeds.
      if (err instanceof ConfigError) throw new ConfigError(key, err.message.replaceAll(n, key));
      throw err;
    }
  }
  const config = out as unknown as LogConfig;
  validateLogConfig(config);
  return config;
}

// Derived settings, as Kafka's LogConfig computes them.

export function isCompacted(config: LogConfig): boolean {
  return config['cleanup.policy'].includes('compact');
}

export function hasDeletePolicy(config: LogConfig): boolean {
  return config['cleanup.policy'].includes('delete');
}

/** message.timestamp.before.max.ms, falling back to the deprecated difference setting (KIP-937). */
export function timestampBeforeMaxMs(config: LogConfig): number {
  const v = config['message.timestamp.before.max.ms'];
  return v !== Number.POSITIVE_INFINITY ? v : config['message.timestamp.difference.max.ms'];
}

export function timestampAfterMaxMs(config: LogConfig): number {
  const v = config['message.timestamp.after.max.ms'];
  return v !== Number.POSITIVE_INFINITY ? v : config['message.timestamp.difference.max.ms'];
}

/** segment.ms, shortened to max.compaction.lag.ms on compacted topics so the cleaner can reach data. */
export function maxSegmentMs(config: LogConfig): number {
  const lag = config['max.compaction.lag.ms'];
  return isCompacted(config) && lag > 0 ? Math.min(lag, config['segment.ms']) : config['segment.ms'];
}

/** Kafka's randomSegmentJitter: a per-segment random amount in [0, min(segment.jitter.ms, segment.ms)). */
export function randomSegmentJitter(config: LogConfig): number {
  const jitter = config['segment.jitter.ms'];
  if (jitter === 0) return 0;
  const bound = Math.min(jitter, config['segment.ms']);
  return Number.isFinite(bound) ? Math.floor(Math.random() * bound) : Math.floor(Math.random() * 0x7fffffff);
}
