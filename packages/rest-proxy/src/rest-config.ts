/**
 * The REST proxy's configurations by Confluent's names (kafka-rest.properties), defined with the
 * one config module of @samsa/common. Embedded in the broker, `listeners` comes from the broker's
 * `rest.proxy.listeners` and `bootstrap.servers` from the broker's own listener.
 */
import { atLeast, ConfigDef, type ConfigInput, ParsedConfig } from '@samsa/common';

export const REST_PROXY_CONFIG_DEF = new ConfigDef([
  {
    name: 'listeners',
    type: 'STRING',
    default: 'http://0.0.0.0:8082',
    importance: 'HIGH',
    doc: 'The http://host:port URL the proxy listens on; port 0 binds a free port.',
  },
  {
    name: 'bootstrap.servers',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'host:port pairs of the Kafka cluster the proxy serves.',
  },
  {
    name: 'schema.registry.url',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'The Schema Registry of the avro and jsonschema embedded formats (v2); the broker sets its own when it embeds one.',
  },
  {
    name: 'consumer.instance.timeout.ms',
    type: 'INT',
    default: '300000',
    validator: atLeast(1000),
    importance: 'LOW',
    doc: 'A v2 consumer instance not used for this long is closed (its group membership ends).',
  },
]);

export function parseRestProxyConfig(props: Record<string, ConfigInput | undefined>): ParsedConfig {
  return new ParsedConfig(REST_PROXY_CONFIG_DEF, props);
}
