/**
 * Kafka Streams' configurations (StreamsConfig) by Kafka's names and defaults, defined with the
 * one config module of @samsa/common. `KafkaStreams` takes them as a camelCase options object
 * (applicationId, bootstrapServers, ...) or by Kafka's names; both go through this table.
 */
import {
  atLeast,
  ConfigDef,
  type ConfigInput,
  type ConfigKeyInit,
  inList,
  nonEmptyString,
  ParsedConfig,
} from '@samsa/common';
import type { Serde } from '../serdes/serde.js';

export interface StreamsConfigKey extends ConfigKeyInit {
  /** The option's camelCase name in a StreamsOptions object. */
  readonly option: string;
}

export const AT_LEAST_ONCE = 'at_least_once';
export const EXACTLY_ONCE_V2 = 'exactly_once_v2';

export const STREAMS_CONFIG_DEF = new ConfigDef<StreamsConfigKey>([
  {
    name: 'application.id',
    option: 'applicationId',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'The application id: the consumer group, the client id prefix and the prefix of internal topics.',
  },
  {
    name: 'bootstrap.servers',
    option: 'bootstrapServers',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'host:port pairs for the initial connection to the cluster.',
  },
  {
    name: 'processing.guarantee',
    option: 'processingGuarantee',
    type: 'STRING',
    default: AT_LEAST_ONCE,
    validator: inList(AT_LEAST_ONCE, EXACTLY_ONCE_V2),
    importance: 'MEDIUM',
    doc: 'at_least_once, or exactly_once_v2: one transactional producer per instance, input offsets committed in its transactions, read_committed input.',
  },
  {
    name: 'commit.interval.ms',
    option: 'commitIntervalMs',
    type: 'LONG',
    default: 30000,
    validator: atLeast(0),
    importance: 'LOW',
    doc: 'How often to commit processed offsets; when not set, 100 under exactly_once_v2 (as Kafka).',
  },
  {
    name: 'cache.max.bytes.buffering',
    option: 'cacheMaxBytesBuffering',
    type: 'LONG',
    default: 10485760,
    validator: atLeast(0),
    importance: 'MEDIUM',
    doc: 'Record cache size (not built yet: every update is forwarded, as with 0).',
  },
  {
    name: 'num.stream.threads',
    option: 'numStreamThreads',
    type: 'INT',
    default: 1,
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'Stream threads; this version runs one processing loop per instance.',
  },
  {
    name: 'default.key.serde',
    option: 'defaultKeySerde',
    type: 'CLASS',
    default: null,
    importance: 'MEDIUM',
    doc: 'Serde for keys where the topology names none (a Serde object).',
  },
  {
    name: 'default.value.serde',
    option: 'defaultValueSerde',
    type: 'CLASS',
    default: null,
    importance: 'MEDIUM',
    doc: 'Serde for values where the topology names none (a Serde object).',
  },
  {
    name: 'state.dir',
    option: 'stateDir',
    type: 'STRING',
    default: '/tmp/kafka-streams',
    importance: 'HIGH',
    doc: "Directory for state: <state.dir>/<application.id>/<task id>/ holds a task's stores, checkpoint and lock.",
  },
  {
    name: 'replication.factor',
    option: 'replicationFactor',
    type: 'INT',
    default: -1,
    importance: 'MEDIUM',
    doc: 'Replication factor of internal topics; -1 takes the broker default.',
  },
  {
    name: 'windowstore.changelog.additional.retention.ms',
    option: 'windowstoreChangelogAdditionalRetentionMs',
    type: 'LONG',
    default: 86400000,
    validator: atLeast(0),
    importance: 'LOW',
    doc: "Added to a window or session store's retention for its changelog's retention.ms, so clock drift does not delete data early.",
  },
]);

/** The options object KafkaStreams and the test driver take: camelCase keys, serdes as objects. */
export interface StreamsOptions {
  applicationId: string;
  bootstrapServers?: string | string[];
  processingGuarantee?: typeof AT_LEAST_ONCE | typeof EXACTLY_ONCE_V2;
  commitIntervalMs?: number;
  cacheMaxBytesBuffering?: number;
  numStreamThreads?: number;
  defaultKeySerde?: Serde<unknown>;
  defaultValueSerde?: Serde<unknown>;
  stateDir?: string;
  replicationFactor?: number;
  windowstoreChangelogAdditionalRetentionMs?: number;
  /** Kafka's prefixed client settings, e.g. `'consumer.session.timeout.ms': 6000`. */
  [prefixed: `consumer.${string}` | `producer.${string}`]: string | number | boolean | undefined;
}

/** The parsed configuration; serdes (CLASS values) are kept as the objects given. */
export class StreamsConfig extends ParsedConfig<StreamsConfigKey> {
  readonly defaultKeySerde: Serde<unknown> | null;
  readonly defaultValueSerde: Serde<unknown> | null;

  constructor(options: StreamsOptions | Readonly<Record<string, ConfigInput | Serde<unknown> | undefined>>) {
    const byName: Record<string, ConfigInput | undefined> = {};
    const serdes: Record<string, Serde<unknown> | null> = { 'default.key.serde': null, 'default.value.serde': null };
    for (const [k, v] of Object.entries(options)) {
      const key = [...STREAMS_CONFIG_DEF.keys()].find((d) => d.option === k || d.name === k);
      const name = key?.name ?? k;
      if (key?.type === 'CLASS') serdes[name] = (v as Serde<unknown> | undefined) ?? null;
      else byName[name] = v as ConfigInput | undefined;
    }
    super(STREAMS_CONFIG_DEF, byName);
    this.defaultKeySerde = serdes['default.key.serde'] ?? null;
    this.defaultValueSerde = serdes['default.value.serde'] ?? null;
  }

  get applicationId(): string {
    return this.get('application.id') as string;
  }
  get eos(): boolean {
    return this.get('processing.guarantee') === EXACTLY_ONCE_V2;
  }
  /** Kafka's rule: an unset commit.interval.ms is 100 ms under exactly_once_v2, 30 s otherwise. */
  get commitIntervalMs(): number {
    if (this.eos && this.originals['commit.interval.ms'] === undefined) return 100;
    return this.get('commit.interval.ms') as number;
  }
  /**
   * Settings for the embedded clients given as `consumer.<kafka name>` / `producer.<kafka name>`
   * (Kafka's prefixes), turned into the client's camelCase options: `consumer.session.timeout.ms`
   * → `sessionTimeoutMs`. Numeric strings become numbers.
   */
  clientOverrides(prefix: 'consumer.' | 'producer.'): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.originalsWithPrefix(prefix))) {
      const camel = k.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase());
      out[camel] = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    }
    return out;
  }
}
