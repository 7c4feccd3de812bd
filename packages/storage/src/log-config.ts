import { ConfigError, formatValue, parseAndValidate, parseType } from '@samsa/common';
import { LOG_CONFIG_DEF, type LogConfig, type LogConfigName, type TopicConfigDef } from './config/log-config-defs.js';

export {
  CLEANUP_POLICIES,
  type CleanupPolicy,
  COMPRESSION_TYPES,
  type CompressionTypeConfig,
  LOG_CONFIG_DEF,
  type LogConfig,
  type LogConfigName,
  TIMESTAMP_TYPES,
  type TimestampTypeConfig,
  type TopicConfigDef,
  type TopicConfigKey,
} from './config/log-config-defs.js';

/** Every topic-level config definition, in name order (what DescribeConfigs lists). */
export const logConfigDefs: readonly TopicConfigDef[] = [...LOG_CONFIG_DEF.keys()].sort((a, b) =>
  a.name < b.name ? -1 : 1,
);

export function isTopicConfig(name: string): name is LogConfigName {
  return LOG_CONFIG_DEF.has(name);
}

export function logConfigDef(name: LogConfigName): TopicConfigDef {
  return LOG_CONFIG_DEF.get(name) as TopicConfigDef;
}

/** Kafka's built-in defaults, used when the broker configures nothing. */
export const DEFAULT_LOG_CONFIG: LogConfig = Object.freeze(
  Object.fromEntries(logConfigDefs.map((d) => [d.name, d.defaultValue])) as unknown as LogConfig,
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
    out[key] = LOG_CONFIG_DEF.parseValue(key, raw).value;
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
      'INVALID_VALUE',
      'min.compaction.lag.ms',
      `conflict topic config setting min.compaction.lag.ms (${min}) > max.compaction.lag.ms (${max})`,
      { value: String(min), reason: `greater than max.compaction.lag.ms (${max})` },
    );
  }
}

/** The config as Kafka-formatted strings (Long.MAX_VALUE printed as such). */
export function logConfigToProps(config: LogConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of logConfigDefs) out[def.name] = formatValue(def.type, config[def.name as LogConfigName]) ?? '';
  return out;
}

const UNIT_MS: Record<string, number> = { hours: 3_600_000, minutes: 60_000 };

/**
 * Derives the broker-level default LogConfig from broker properties (server.properties keys such as
 * log.retention.hours, log.segment.bytes), honouring Kafka's precedence: log.retention.ms over
 * log.retention.minutes over log.retention.hours, log.roll.ms over log.roll.hours, and so on.
 * Throws ConfigError naming the broker key (the one the operator wrote) on an invalid value.
 */
export function logConfigFromServerProperties(props: Record<string, string>): LogConfig {
  const out: Record<string, unknown> = { ...DEFAULT_LOG_CONFIG };
  for (const def of logConfigDefs) {
    const key = def.serverSynonyms.find((k) => props[k] !== undefined);
    if (key === undefined) continue;
    const raw = props[key] as string;
    const unit = UNIT_MS[key.slice(key.lastIndexOf('.') + 1)];
    // An hours/minutes spelling is an INT of its unit; the result is checked as the topic config.
    const value = unit === undefined ? raw : (parseType(key, 'INT', raw).value as number) * unit;
    out[def.name] = parseAndValidate(def, key, value).value;
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
