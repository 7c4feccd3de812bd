/**
 * Kafka's AbstractHerder.validateConnectorConfig: a connector configuration checked field by field
 * — the common connector keys (with each transform's and predicate's keys), the connector's own
 * ConfigDef and its validate(), the sink rules for topics/topics.regex — answered in the REST
 * API's ConfigInfos shape. Creating or updating a connector runs the same check and refuses a
 * configuration with errors.
 */
import { type ConfigInfoValue, ConnectConfigDef } from '../api/connect-config-def.js';
import type { Connector, ConnectorType } from '../api/connector.js';
import { ConnectError } from '../api/errors.js';
import { connectorConfigDef, enrichedDef } from './connector-config.js';
import type { Plugins } from './plugins.js';

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfoValue[];
}

/** Throws ConnectError(CONFIG) for a body that names no connector class or an unknown one. */
export function validateConnectorConfig(
  props: Readonly<Record<string, string>>,
  plugins: Plugins,
): ConfigInfos & { type: ConnectorType } {
  const className = props['connector.class'];
  if (!className) {
    throw new ConnectError(`Connector config ${JSON.stringify(props)} contains no connector type`, { code: 'CONFIG' });
  }
  const desc = plugins.connector(className);
  const connector = desc.create() as Connector & { type: ConnectorType };
  const type = connector.type;
  const base = enrichedDef(connectorConfigDef(type), props, plugins);
  const common = base.validateAll(props);
  if (type === 'sink') checkSinkTopics(props, common);
  const own = connector.validate(props);
  const ownDef = new ConnectConfigDef([]).withAll(connector.config());
  const configs = [...common, ...own];
  const errorCount = configs.reduce((n, c) => n + c.value.errors.length, 0);
  return {
    name: desc.className,
    error_count: errorCount,
    groups: [...new Set([...base.groups(), ...ownDef.groups()])],
    configs,
    type,
  };
}

/** Kafka's SinkConnectorConfig.validate: exactly one of topics and topics.regex; the DLQ topic not consumed. */
function checkSinkTopics(props: Readonly<Record<string, string>>, results: ConfigInfoValue[]): void {
  const topics = (props.topics ?? '').trim();
  const regex = (props['topics.regex'] ?? '').trim();
  const add = (name: string, message: string): void => {
    results.find((r) => r.definition.name === name)?.value.errors.push(message);
  };
  if (topics && regex) {
    const m = 'topics and topics.regex are mutually exclusive options, but both are set.';
    add('topics', m);
    add('topics.regex', m);
  } else if (!topics && !regex) {
    const m = 'Must configure one of topics or topics.regex';
    add('topics', m);
    add('topics.regex', m);
  }
  const dlq = (props['errors.deadletterqueue.topic.name'] ?? '').trim();
  if (
    dlq &&
    topics
      .split(',')
      .map((t) => t.trim())
      .includes(dlq)
  ) {
    add(
      'topics',
      `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${topics}') consumed by the connector`,
    );
  }
}

/** The message Kafka gives when a connector is created or updated with an invalid configuration. */
export function invalidConfigMessage(infos: ConfigInfos): string {
  const lines = infos.configs.flatMap((c) => c.value.errors);
  return `Connector configuration is invalid and contains the following ${infos.error_count} error(s):\n${lines.join('\n')}\nYou can also find the above list of errors at the endpoint \`/connector-plugins/{connectorType}/config/validate\``;
}
