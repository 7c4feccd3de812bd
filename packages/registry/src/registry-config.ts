/**
 * The registry's configurations by Confluent's names and defaults (schema-registry.properties),
 * defined with the one config module of @samsa/common. Embedded in the broker, `listeners` comes
 * from the broker's `schema.registry.listeners` and `kafkastore.bootstrap.servers` from the
 * broker's own listener.
 */
import { atLeast, ConfigDef, type ConfigInput, inList, ParsedConfig } from '@samsa/common';
import { COMPATIBILITY_LEVELS } from './formats/index.js';

export const REGISTRY_CONFIG_DEF = new ConfigDef([
  {
    name: 'listeners',
    type: 'STRING',
    default: 'http://0.0.0.0:8081',
    importance: 'HIGH',
    doc: 'The http://host:port URL the API listens on; port 0 binds a free port.',
  },
  {
    name: 'kafkastore.bootstrap.servers',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'host:port pairs of the Kafka cluster holding the schemas topic.',
  },
  {
    name: 'kafkastore.topic',
    type: 'STRING',
    default: '_schemas',
    importance: 'HIGH',
    doc: 'The compacted single-partition topic holding schemas, configs and modes.',
  },
  {
    name: 'kafkastore.topic.replication.factor',
    type: 'INT',
    default: '3',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Replication factor of the schemas topic when it is created (capped at the number of brokers).',
  },
  {
    name: 'kafkastore.timeout.ms',
    type: 'INT',
    default: '30000',
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'How long a write, a read to the end of the schemas topic or a forwarded request may take (Confluent: 500; longer here since a write waits for its own replay).',
  },
  {
    name: 'schema.registry.group.id',
    type: 'STRING',
    default: 'schema-registry',
    importance: 'MEDIUM',
    doc: 'The consumer group through which registries elect their leader.',
  },
  {
    name: 'leader.eligibility',
    type: 'BOOLEAN',
    default: 'true',
    importance: 'MEDIUM',
    doc: 'Whether this registry may be elected leader (and take writes).',
  },
  {
    name: 'host.name',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    doc: 'The host other registries forward writes to; default: the listener host (or 127.0.0.1 for 0.0.0.0).',
  },
  {
    name: 'schema.compatibility.level',
    type: 'STRING',
    default: 'BACKWARD',
    validator: inList(...COMPATIBILITY_LEVELS.flatMap((l) => [l, l.toLowerCase()])),
    importance: 'HIGH',
    doc: 'The compatibility level of subjects without their own, until PUT /config sets a global one.',
  },
  {
    name: 'kafkastore.session.timeout.ms',
    type: 'INT',
    default: '10000',
    validator: atLeast(1),
    importance: 'LOW',
    doc: 'Session timeout of the leader election group.',
  },
  {
    name: 'kafkastore.heartbeat.interval.ms',
    type: 'INT',
    default: '3000',
    validator: atLeast(1),
    importance: 'LOW',
    doc: 'Heartbeat interval in the leader election group.',
  },
]);

export function parseRegistryConfig(props: Record<string, ConfigInput | undefined>): ParsedConfig {
  return new ParsedConfig(REGISTRY_CONFIG_DEF, props);
}
