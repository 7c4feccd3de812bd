/**
 * ZooKeeper connection settings (Kafka 3.8 ZkConfigs). Samsa runs a single node without
 * ZooKeeper when zookeeper.connect is unset; setting it joins a ZooKeeper-based cluster.
 */
import { atLeast } from '@samsa/common';
import type { BrokerConfigKey } from '../broker-config-key.js';

export const ZOOKEEPER_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'zookeeper.connect',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    doc: 'host:port[,host:port...][/chroot] of the ZooKeeper ensemble; unset runs a standalone broker.',
  },
  {
    name: 'zookeeper.session.timeout.ms',
    type: 'INT',
    default: '18000',
    importance: 'HIGH',
    doc: 'ZooKeeper session timeout; a broker silent for this long loses its registration.',
  },
  {
    name: 'zookeeper.connection.timeout.ms',
    type: 'INT',
    default: null,
    importance: 'HIGH',
    doc: 'How long to wait for a ZooKeeper connection; when unset, zookeeper.session.timeout.ms.',
  },
  {
    name: 'zookeeper.set.acl',
    type: 'BOOLEAN',
    default: 'false',
    importance: 'HIGH',
    doc:
      'Whether the broker creates its znodes with secure ACLs: its ZooKeeper identity may do everything, ' +
      'anyone may read, except SCRAM credentials and broker configs, which nobody else may read.',
  },
  {
    // Kafka reads this as a JVM system property (-Djava.security.auth.login.config, in KAFKA_OPTS);
    // Samsa has no JVM, so the same name is a broker config and the same file works unchanged.
    name: 'java.security.auth.login.config',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    doc:
      'A JAAS login file whose Client section (zookeeper.sasl.clientconfig) holds the ZooKeeper ' +
      'credentials: org.apache.zookeeper.server.auth.DigestLoginModule required username="..." password="...";',
  },
  {
    name: 'zookeeper.sasl.clientconfig',
    type: 'STRING',
    default: 'Client',
    importance: 'LOW',
    doc: 'The section of the JAAS login file that holds the ZooKeeper credentials.',
  },
  {
    name: 'zookeeper.max.in.flight.requests',
    type: 'INT',
    default: '10',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Unanswered ZooKeeper requests allowed before the client blocks.',
  },
];
