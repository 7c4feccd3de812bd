/**
 * The client's configurations by the Java client's names (CommonClientConfigs, ProducerConfig,
 * ConsumerConfig, AdminClientConfig; Kafka 4.0 defaults), defined with the one config module
 * (@samsa/common). Each key also records the camelCase option it is given as in this client's
 * config objects, so an error names both spellings.
 */
import {
  atLeast,
  ConfigDef,
  type ConfigInput,
  type ConfigKeyInit,
  type ConfigValue,
  inList,
  isConfigError,
} from '@samsa/common';
import { ClientError } from './errors.js';

export interface ClientConfigKey extends ConfigKeyInit {
  /** The option's name in this client's config objects, e.g. requestTimeoutMs. */
  readonly option: string;
}

/** Kafka's documented minimum is 0 for most sizes and timeouts; where 0 cannot work, the client refuses it. */
const POSITIVE = atLeast(1);
const NON_NEGATIVE = atLeast(0);

function num(
  name: string,
  option: string,
  type: 'INT' | 'LONG',
  dflt: number,
  positive: boolean,
  doc: string,
): ClientConfigKey {
  return {
    name,
    option,
    type,
    default: dflt,
    validator: positive ? POSITIVE : NON_NEGATIVE,
    importance: 'MEDIUM',
    doc,
  };
}

function flag(name: string, option: string, dflt: boolean, doc: string): ClientConfigKey {
  return { name, option, type: 'BOOLEAN', default: dflt, importance: 'MEDIUM', doc };
}

function text(name: string, option: string, dflt: string | null, doc: string): ClientConfigKey {
  return { name, option, type: 'STRING', default: dflt, importance: 'MEDIUM', doc };
}

/** Kafka's CommonClientConfigs. */
const COMMON: readonly ClientConfigKey[] = [
  {
    name: 'bootstrap.servers',
    option: 'bootstrapServers',
    type: 'LIST',
    default: [],
    importance: 'HIGH',
    doc: 'host:port pairs of brokers to fetch the cluster metadata from.',
  },
  text('client.id', 'clientId', '', 'Name of the client in broker logs and quotas.'),
  num(
    'request.timeout.ms',
    'requestTimeoutMs',
    'INT',
    30_000,
    true,
    'How long to wait for a response before retrying or failing.',
  ),
  num(
    'connections.max.idle.ms',
    'connectionsMaxIdleMs',
    'LONG',
    540_000,
    true,
    'Idle connections are closed after this long.',
  ),
  num('reconnect.backoff.ms', 'reconnectBackoffMs', 'LONG', 50, false, 'Wait before reconnecting to a broker.'),
  num('reconnect.backoff.max.ms', 'reconnectBackoffMaxMs', 'LONG', 1_000, false, 'Longest wait between reconnects.'),
  num('retry.backoff.ms', 'retryBackoffMs', 'LONG', 100, false, 'Wait before retrying a failed request.'),
  num('retry.backoff.max.ms', 'retryBackoffMaxMs', 'LONG', 1_000, false, 'Longest wait between retries.'),
  num('metadata.max.age.ms', 'metadataMaxAgeMs', 'LONG', 300_000, true, 'Metadata is refreshed at least this often.'),
  num(
    'socket.connection.setup.timeout.ms',
    'socketConnectionSetupTimeoutMs',
    'LONG',
    10_000,
    true,
    'How long a connection may take to be set up.',
  ),
];

const DEFAULT_API_TIMEOUT = num(
  'default.api.timeout.ms',
  'defaultApiTimeoutMs',
  'INT',
  60_000,
  true,
  'Timeout of blocking calls given none.',
);

/** Kafka's AdminClientConfig. */
const ADMIN: readonly ClientConfigKey[] = [DEFAULT_API_TIMEOUT];

/** Kafka's ProducerConfig. */
const PRODUCER: readonly ClientConfigKey[] = [
  flag('enable.idempotence', 'enableIdempotence', true, 'Exactly one copy of each record, in order, per partition.'),
  text('transactional.id', 'transactionalId', null, 'Identity of a transactional producer across restarts.'),
  flag('partitioner.ignore.keys', 'partitionerIgnoreKeys', false, 'Spread keyed records as if they had no key.'),
  {
    name: 'acks',
    option: 'acks',
    type: 'STRING',
    default: 'all',
    validator: inList('all', '-1', '0', '1'),
    importance: 'HIGH',
    doc: 'Acknowledgements the leader must receive before a send completes.',
  },
  {
    name: 'compression.type',
    option: 'compressionType',
    type: 'STRING',
    default: 'none',
    validator: inList('none', 'gzip', 'snappy', 'lz4', 'zstd'),
    importance: 'HIGH',
    doc: 'Codec of produced batches.',
  },
  num('batch.size', 'batchSize', 'INT', 16_384, false, 'Bytes a batch may grow to before it is sent.'),
  num('linger.ms', 'lingerMs', 'LONG', 5, false, 'How long a batch waits for more records.'),
  num('buffer.memory', 'bufferMemory', 'LONG', 33_554_432, true, 'Bytes of records waiting to be sent.'),
  num(
    'max.in.flight.requests.per.connection',
    'maxInFlightRequestsPerConnection',
    'INT',
    5,
    true,
    'Unanswered produce requests per broker.',
  ),
  num('retries', 'retries', 'INT', 2_147_483_647, false, 'How often a failed send is retried.'),
  num('delivery.timeout.ms', 'deliveryTimeoutMs', 'INT', 120_000, true, 'Upper bound on the time to report a send.'),
  num('max.block.ms', 'maxBlockMs', 'LONG', 60_000, false, 'How long send() may wait for metadata or memory.'),
  num('max.request.size', 'maxRequestSize', 'INT', 1_048_576, true, 'Largest produce request.'),
  num('transaction.timeout.ms', 'transactionTimeoutMs', 'INT', 60_000, true, 'Longest a transaction may stay open.'),
];

/** Kafka's ConsumerConfig. */
const CONSUMER: readonly ClientConfigKey[] = [
  DEFAULT_API_TIMEOUT,
  text('group.id', 'groupId', null, 'The consumer group this consumer joins.'),
  text('group.instance.id', 'groupInstanceId', null, 'A static member identity (KIP-345).'),
  flag('enable.auto.commit', 'enableAutoCommit', true, 'Commit consumed offsets in the background.'),
  flag('check.crcs', 'checkCrcs', true, 'Verify the CRC of fetched batches.'),
  flag('allow.auto.create.topics', 'allowAutoCreateTopics', true, 'Let subscribing create missing topics.'),
  {
    name: 'partition.assignment.strategy',
    option: 'partitionAssignmentStrategy',
    type: 'LIST',
    default: ['range', 'cooperative-sticky'],
    validator: inList('range', 'roundrobin', 'sticky', 'cooperative-sticky'),
    importance: 'MEDIUM',
    doc: 'Assignors offered to the group leader, preferred first.',
  },
  {
    name: 'group.protocol',
    option: 'groupProtocol',
    type: 'STRING',
    default: 'classic',
    validator: inList('classic', 'consumer'),
    importance: 'HIGH',
    doc: 'Rebalance protocol: classic (JoinGroup/SyncGroup) or consumer (KIP-848, server-side assignment).',
  },
  {
    name: 'group.remote.assignor',
    option: 'groupRemoteAssignor',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: "Server-side assignor for group.protocol=consumer (uniform, range); null: the broker's default.",
  },
  {
    name: 'auto.offset.reset',
    option: 'autoOffsetReset',
    type: 'STRING',
    default: 'latest',
    validator: inList('earliest', 'latest', 'none'),
    importance: 'MEDIUM',
    doc: 'Where to start when there is no committed offset, or it is out of range.',
  },
  {
    name: 'isolation.level',
    option: 'isolationLevel',
    type: 'STRING',
    default: 'read_uncommitted',
    validator: inList('read_uncommitted', 'read_committed'),
    importance: 'MEDIUM',
    doc: 'Whether records of open and aborted transactions are returned.',
  },
  num('max.poll.records', 'maxPollRecords', 'INT', 500, true, 'Records one poll returns at most.'),
  num('fetch.min.bytes', 'fetchMinBytes', 'INT', 1, false, 'Bytes a fetch waits for.'),
  num('fetch.max.bytes', 'fetchMaxBytes', 'INT', 52_428_800, true, 'Largest fetch response.'),
  num('fetch.max.wait.ms', 'fetchMaxWaitMs', 'INT', 500, false, 'Longest a fetch waits for fetch.min.bytes.'),
  num('max.partition.fetch.bytes', 'maxPartitionFetchBytes', 'INT', 1_048_576, true, 'Largest data per partition.'),
  num(
    'session.timeout.ms',
    'sessionTimeoutMs',
    'INT',
    45_000,
    true,
    'A member without heartbeats this long is removed.',
  ),
  num(
    'max.poll.interval.ms',
    'maxPollIntervalMs',
    'INT',
    300_000,
    true,
    'Longest gap between polls (the rebalance timeout).',
  ),
  num('heartbeat.interval.ms', 'heartbeatIntervalMs', 'INT', 3_000, true, 'Time between heartbeats.'),
  num('auto.commit.interval.ms', 'autoCommitIntervalMs', 'INT', 5_000, true, 'Time between automatic commits.'),
];

export const ADMIN_CONFIG_DEF: ConfigDef<ClientConfigKey> = new ConfigDef([...COMMON, ...ADMIN]);
export const PRODUCER_CONFIG_DEF: ConfigDef<ClientConfigKey> = new ConfigDef([...COMMON, ...PRODUCER]);
export const CONSUMER_CONFIG_DEF: ConfigDef<ClientConfigKey> = new ConfigDef([...COMMON, ...CONSUMER]);

/** Every client key once, whichever client uses it: what the constructors validate options with. */
export const CLIENT_CONFIG_DEF: ConfigDef<ClientConfigKey> = new ConfigDef([
  ...COMMON,
  ...ADMIN,
  ...PRODUCER,
  ...CONSUMER.filter((k) => k !== DEFAULT_API_TIMEOUT),
]);

/**
 * The value of the client config `name` (a Kafka name) given as `given` in a config object: its
 * default when undefined. A value that does not parse or validate throws ClientError
 * INVALID_CONFIG with the ConfigError's message and the option's camelCase name.
 */
export function clientConfigValue(name: string, given: ConfigInput | undefined): ConfigValue {
  const key = CLIENT_CONFIG_DEF.get(name);
  if (key && given === undefined) return key.defaultValue;
  try {
    return CLIENT_CONFIG_DEF.parseValue(name, given ?? null).value;
  } catch (e) {
    if (!isConfigError(e)) throw e;
    const option = key ? ` (option ${key.option})` : '';
    throw new ClientError('INVALID_CONFIG', `${e.message}${option}`, { cause: e });
  }
}

/** clientConfigValue for INT and LONG keys. */
export function clientConfigNumber(name: string, given: number | undefined): number {
  return clientConfigValue(name, given) as number;
}
