/**
 * ZooKeeper connection settings (Kafka 3.8 ZkConfigs). Samsa runs a single node without
 * ZooKeeper when zookeeper.connect is unset; setting it joins a ZooKeeper-based cluster.
 */
import { atLeast, type ConfigDef } from '../config-def.js';

export const ZOOKEEPER_DEFS: readonly ConfigDef[] = [
  {
    name: 'zookeeper.connect',
    type: 'string',
    default: null,
    importance: 'high',
    doc: 'host:port[,host:port...][/chroot] of the ZooKeeper ensemble; unset runs a standalone broker.',
  },
  {
    name: 'zookeeper.session.timeout.ms',
    type: 'int',
    default: '18000',
    importance: 'high',
    doc: 'ZooKeeper session timeout; a broker silent for this long loses its registration.',
  },
  {
    name: 'zookeeper.connection.timeout.ms',
    type: 'int',
    default: null,
    importance: 'high',
    doc: 'How long to wait for a ZooKeeper connection; when unset, zookeeper.session.timeout.ms.',
  },
  {
    name: 'zookeeper.set.acl',
    type: 'boolean',
    default: 'false',
    importance: 'high',
    doc: 'Whether the broker creates its znodes with secure ACLs.',
  },
  {
    name: 'zookeeper.max.in.flight.requests',
    type: 'int',
    default: '10',
    validator: atLeast(1),
    importance: 'high',
    doc: 'Unanswered ZooKeeper requests allowed before the client blocks.',
  },
];
