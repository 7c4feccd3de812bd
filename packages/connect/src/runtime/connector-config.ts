/**
 * The keys every connector configuration has, by Kafka's ConnectorConfig, SinkConnectorConfig and
 * SourceConnectorConfig names and groups ("Common", "Transforms", "Predicates", "Error Handling"),
 * and the enrichment Kafka does for validation: each transform alias adds `transforms.<alias>.type`
 * (+ `predicate`, `negate`) and the transform's own keys under that prefix, in a group
 * "Transforms: <alias>"; each predicate likewise.
 */
import { atLeast, ConfigError, inList, nonEmptyString } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import type { ConnectorType } from '../api/connector.js';
import type { Plugins } from './plugins.js';

const COMMON = 'Common';
const TRANSFORMS = 'Transforms';
const PREDICATES = 'Predicates';
const ERRORS = 'Error Handling';

export const CONNECTOR_CONFIG = new ConnectConfigDef([
  {
    name: 'name',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'Globally unique name to use for this connector.',
    group: COMMON,
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Connector name',
  },
  {
    name: 'connector.class',
    type: 'STRING',
    importance: 'HIGH',
    doc: 'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector.',
    group: COMMON,
    orderInGroup: 2,
    width: 'LONG',
    displayName: 'Connector class',
  },
  {
    name: 'tasks.max',
    type: 'INT',
    default: 1,
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Maximum number of tasks to use for this connector.',
    group: COMMON,
    orderInGroup: 3,
    width: 'SHORT',
    displayName: 'Tasks max',
  },
  {
    name: 'key.converter',
    type: 'CLASS',
    default: null,
    importance: 'LOW',
    doc: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka (keys); overrides the worker setting.',
    group: COMMON,
    orderInGroup: 5,
    width: 'SHORT',
    displayName: 'Key converter class',
  },
  {
    name: 'value.converter',
    type: 'CLASS',
    default: null,
    importance: 'LOW',
    doc: 'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka (values); overrides the worker setting.',
    group: COMMON,
    orderInGroup: 6,
    width: 'SHORT',
    displayName: 'Value converter class',
  },
  {
    name: 'header.converter',
    type: 'CLASS',
    default: null,
    importance: 'LOW',
    doc: 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka; overrides the worker setting.',
    group: COMMON,
    orderInGroup: 7,
    width: 'SHORT',
    displayName: 'Header converter class',
  },
  {
    name: 'transforms',
    type: 'LIST',
    default: '',
    importance: 'LOW',
    doc: 'Aliases for the transformations to be applied to records.',
    group: TRANSFORMS,
    orderInGroup: 1,
    width: 'LONG',
    displayName: 'Transforms',
  },
  {
    name: 'predicates',
    type: 'LIST',
    default: '',
    importance: 'LOW',
    doc: 'Aliases for the predicates used by transformations.',
    group: PREDICATES,
    orderInGroup: 1,
    width: 'LONG',
    displayName: 'Predicates',
  },
  {
    name: 'errors.retry.timeout',
    type: 'LONG',
    default: 0,
    importance: 'MEDIUM',
    doc: 'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.',
    group: ERRORS,
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Retry Timeout for Errors',
  },
  {
    name: 'errors.retry.delay.max.ms',
    type: 'LONG',
    default: 60000,
    importance: 'MEDIUM',
    doc: 'The maximum duration in milliseconds between consecutive retry attempts.',
    group: ERRORS,
    orderInGroup: 2,
    width: 'MEDIUM',
    displayName: 'Maximum Delay Between Retries for Errors',
  },
  {
    name: 'errors.tolerance',
    type: 'STRING',
    default: 'none',
    validator: inList('none', 'all'),
    importance: 'MEDIUM',
    doc: "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
    group: ERRORS,
    orderInGroup: 3,
    width: 'SHORT',
    displayName: 'Error Tolerance',
  },
  {
    name: 'errors.log.enable',
    type: 'BOOLEAN',
    default: false,
    importance: 'MEDIUM',
    doc: 'If true, write each error and the details of the failed operation and problematic record to the Connect application log.',
    group: ERRORS,
    orderInGroup: 4,
    width: 'SHORT',
    displayName: 'Log Errors',
  },
  {
    name: 'errors.log.include.messages',
    type: 'BOOLEAN',
    default: false,
    importance: 'MEDIUM',
    doc: 'Whether to include in the log the Connect record that resulted in a failure.',
    group: ERRORS,
    orderInGroup: 5,
    width: 'SHORT',
    displayName: 'Log Error Details',
  },
]);

export const SINK_CONNECTOR_CONFIG = new ConnectConfigDef([
  {
    name: 'topics',
    type: 'LIST',
    default: '',
    importance: 'HIGH',
    doc: 'List of topics to consume, separated by commas',
    group: COMMON,
    orderInGroup: 4,
    width: 'LONG',
    displayName: 'Topics',
  },
  {
    name: 'topics.regex',
    type: 'STRING',
    default: '',
    importance: 'HIGH',
    doc: 'Regular expression giving topics to consume.',
    group: COMMON,
    orderInGroup: 4,
    width: 'LONG',
    displayName: 'Topics regex',
  },
  {
    name: 'errors.deadletterqueue.topic.name',
    type: 'STRING',
    default: '',
    importance: 'MEDIUM',
    doc: 'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters.',
    group: ERRORS,
    orderInGroup: 6,
    width: 'MEDIUM',
    displayName: 'Dead Letter Queue Topic Name',
  },
  {
    name: 'errors.deadletterqueue.topic.replication.factor',
    type: 'SHORT',
    default: 3,
    importance: 'MEDIUM',
    doc: "Replication factor used to create the dead letter queue topic when it doesn't already exist.",
    group: ERRORS,
    orderInGroup: 7,
    width: 'MEDIUM',
    displayName: 'Dead Letter Queue Topic Replication Factor',
  },
  {
    name: 'errors.deadletterqueue.context.headers.enable',
    type: 'BOOLEAN',
    default: false,
    importance: 'MEDIUM',
    doc: 'If true, add headers containing error context to the messages written to the dead letter queue.',
    group: ERRORS,
    orderInGroup: 8,
    width: 'MEDIUM',
    displayName: 'Enable Error Context Headers',
  },
]).withAll(CONNECTOR_CONFIG);

export const SOURCE_CONNECTOR_CONFIG = new ConnectConfigDef([]).withAll(CONNECTOR_CONFIG);

/** The definition a connector of `type` is validated with: the common keys, then its own. */
export function connectorConfigDef(type: ConnectorType): ConnectConfigDef {
  return type === 'sink' ? SINK_CONNECTOR_CONFIG : SOURCE_CONNECTOR_CONFIG;
}

const CONVERTER_KEYS: Readonly<Record<string, readonly string[]>> = {
  'key.converter': ['converter'],
  'value.converter': ['converter'],
  'header.converter': ['header_converter', 'converter'],
};

export function aliases(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Kafka's ConnectorConfig.enrich: the keys of each transform and predicate alias, under their
 * prefixes. An alias whose type is missing or unknown gets the `type` key only, whose validation
 * then reports it.
 */
export function enrichedDef(
  base: ConnectConfigDef,
  props: Readonly<Record<string, string>>,
  plugins: Plugins,
): ConnectConfigDef {
  const def = new ConnectConfigDef([]);
  for (const k of base.keys()) {
    const kinds = CONVERTER_KEYS[k.name];
    if (!kinds) {
      def.define(k);
      continue;
    }
    // A converter named here must be one the worker can load (Kafka: a CLASS that cannot be found).
    def.define({
      ...k,
      validator: {
        validValues: '',
        ensureValid: (name, value) => {
          const d = plugins.find(String(value));
          if (!d || !kinds.includes(d.kind)) {
            throw ConfigError.invalidValue(name, value, `Class ${String(value)} could not be found.`);
          }
        },
      },
    });
  }
  const add = (kind: 'transforms' | 'predicates', alias: string): void => {
    const prefix = `${kind}.${alias}.`;
    const group = `${kind === 'transforms' ? 'Transforms' : 'Predicates'}: ${alias}`;
    const typeName = props[`${prefix}type`];
    const wanted = kind === 'transforms' ? 'transformation' : 'predicate';
    const desc = typeName ? plugins.find(typeName) : undefined;
    const known = desc?.kind === wanted;
    def.define({
      name: `${prefix}type`,
      type: 'CLASS',
      validator: {
        validValues: '',
        ensureValid: (name, value) => {
          if (!known)
            throw ConfigError.invalidValue(
              name,
              value,
              `Class ${String(value)} could not be found or is not a ${kind === 'transforms' ? 'Transformation' : 'Predicate'}.`,
            );
        },
      },
      importance: 'HIGH',
      doc: `Class for the '${alias}' ${kind === 'transforms' ? 'transformation' : 'predicate'}.`,
      group,
      orderInGroup: 0,
      width: 'LONG',
      displayName: `${kind === 'transforms' ? 'Transformation' : 'Predicate'} type for ${alias}`,
    });
    if (kind === 'transforms') {
      def.define({
        name: `${prefix}negate`,
        type: 'BOOLEAN',
        default: false,
        importance: 'MEDIUM',
        doc: 'Whether the configured predicate should be negated.',
        group,
        orderInGroup: 1,
      });
      def.define({
        name: `${prefix}predicate`,
        type: 'STRING',
        default: null,
        importance: 'MEDIUM',
        doc: 'The alias of a predicate used to determine whether to apply this transformation.',
        group,
        orderInGroup: 2,
      });
    }
    if (!known || !desc) return;
    const own = (desc.create() as { config(): ConnectConfigDef }).config();
    for (const k of own.keys()) {
      if (!def.has(prefix + k.name))
        def.define({ ...k, name: prefix + k.name, group, orderInGroup: (k.orderInGroup ?? 0) + 3 });
    }
  };
  for (const a of aliases(props.transforms)) add('transforms', a);
  for (const a of aliases(props.predicates)) add('predicates', a);
  return def;
}
