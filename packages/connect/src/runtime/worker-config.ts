/**
 * The standalone worker's configuration, by Kafka's WorkerConfig / StandaloneConfig names. Keys
 * prefixed `producer.`, `consumer.` and `admin.` go to the clients the worker makes, as in Kafka.
 */
import { atLeast, ConfigDef, type ConfigKeyInit, ParsedConfig } from '@samsa/common';

export const WORKER_CONFIG_DEF = new ConfigDef<ConfigKeyInit>([
  {
    name: 'bootstrap.servers',
    type: 'LIST',
    default: 'localhost:9092',
    importance: 'HIGH',
    doc: 'A list of host/port pairs used to establish the initial connection to the Kafka cluster.',
  },
  {
    name: 'key.converter',
    type: 'CLASS',
    default: 'org.apache.kafka.connect.json.JsonConverter',
    importance: 'HIGH',
    doc: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka (keys).',
  },
  {
    name: 'value.converter',
    type: 'CLASS',
    default: 'org.apache.kafka.connect.json.JsonConverter',
    importance: 'HIGH',
    doc: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka (values).',
  },
  {
    name: 'header.converter',
    type: 'CLASS',
    default: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    importance: 'LOW',
    doc: 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.',
  },
  {
    name: 'offset.storage.file.filename',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    doc: 'File to store source connector offsets in (standalone mode, where it is required).',
  },
  {
    name: 'offset.flush.interval.ms',
    type: 'LONG',
    default: 60000,
    validator: atLeast(0),
    importance: 'LOW',
    doc: 'Interval at which to try committing offsets for tasks.',
  },
  {
    name: 'offset.flush.timeout.ms',
    type: 'LONG',
    default: 5000,
    validator: atLeast(0),
    importance: 'LOW',
    doc: 'Maximum number of milliseconds to wait for records to flush before cancelling the offset commit.',
  },
  {
    name: 'plugin.path',
    type: 'LIST',
    default: null,
    importance: 'LOW',
    doc: 'List of paths of directories holding plugins (npm packages) to load.',
  },
  {
    name: 'listeners',
    type: 'LIST',
    default: 'http://:8083',
    importance: 'LOW',
    doc: 'List of comma-separated URIs the REST API will listen on.',
  },
  {
    name: 'rest.host.name',
    type: 'STRING',
    default: null,
    importance: 'LOW',
    doc: 'Deprecated: hostname for the REST API (use listeners).',
  },
  {
    name: 'rest.port',
    type: 'INT',
    default: null,
    importance: 'LOW',
    doc: 'Deprecated: port for the REST API to listen on (use listeners).',
  },
  {
    name: 'rest.advertised.host.name',
    type: 'STRING',
    default: null,
    importance: 'LOW',
    doc: 'The hostname given out to other workers to connect to.',
  },
  {
    name: 'rest.advertised.port',
    type: 'INT',
    default: null,
    importance: 'LOW',
    doc: 'The port given out to other workers to connect to.',
  },
  {
    name: 'task.shutdown.graceful.timeout.ms',
    type: 'LONG',
    default: 5000,
    importance: 'LOW',
    doc: 'Amount of time to wait for tasks to shutdown gracefully.',
  },
  {
    name: 'client.id',
    type: 'STRING',
    default: '',
    importance: 'LOW',
    doc: 'An id string to pass to the server when making requests.',
  },
]);

export interface WorkerSettings {
  bootstrapServers: string[];
  keyConverter: string;
  valueConverter: string;
  headerConverter: string;
  /** Standalone mode only. */
  offsetFile: string | null;
  offsetFlushIntervalMs: number;
  pluginPath: string[];
  /** The REST listener, `http://host:port`. */
  listener: string;
  taskShutdownTimeoutMs: number;
  /** Everything given, for the converter.* and producer./consumer. prefixes. */
  originals: Readonly<Record<string, string>>;
}

/** `listeners` (first one), or the deprecated rest.host.name/rest.port when listeners is not given. */
function listenerOf(props: Readonly<Record<string, string>>, config: ParsedConfig): string {
  if (props.listeners === undefined && props['rest.port'] !== undefined) {
    return `http://${props['rest.host.name'] ?? ''}:${config.get('rest.port')}`;
  }
  const first = (config.get('listeners') as string[])[0] ?? 'http://:8083';
  // Kafka's `http://:8083` means every interface.
  return first.replace(/^(https?:\/\/):/, '$10.0.0.0:');
}

export function workerSettings(props: Readonly<Record<string, string>>): WorkerSettings {
  const config = new ParsedConfig(WORKER_CONFIG_DEF, props);
  return {
    bootstrapServers: config.get('bootstrap.servers') as string[],
    keyConverter: config.get('key.converter') as string,
    valueConverter: config.get('value.converter') as string,
    headerConverter: config.get('header.converter') as string,
    offsetFile: config.get('offset.storage.file.filename') as string | null,
    offsetFlushIntervalMs: config.get('offset.flush.interval.ms') as number,
    pluginPath: (config.get('plugin.path') as string[] | null) ?? [],
    listener: listenerOf(props, config),
    taskShutdownTimeoutMs: config.get('task.shutdown.graceful.timeout.ms') as number,
    originals: { ...props },
  };
}
