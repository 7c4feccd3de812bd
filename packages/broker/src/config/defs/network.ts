/**
 * Listeners and sockets (Kafka 3.8 SocketServerConfigs, plus the inter-broker listener choice from
 * ReplicationConfigs). Samsa listens on localhost by default so a fresh single node is not exposed
 * on every interface; Kafka's default is "PLAINTEXT://:9092".
 */
import { atLeast, inList } from '@samsa/common';
import type { BrokerConfigKey } from '../broker-config-key.js';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;

export const NETWORK_DEFS: readonly BrokerConfigKey[] = [
  {
    name: 'listeners',
    type: 'STRING',
    default: 'PLAINTEXT://localhost:9092',
    kafkaDefault: 'PLAINTEXT://:9092',
    importance: 'HIGH',
    dynamic: 'per-broker',
    doc: 'Comma-separated NAME://host:port to bind; empty host binds all interfaces, port 0 an ephemeral port.',
  },
  {
    name: 'advertised.listeners',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    dynamic: 'per-broker',
    doc: 'Listeners given to clients in metadata when they differ from listeners; defaults to listeners.',
  },
  {
    name: 'listener.security.protocol.map',
    type: 'STRING',
    default: 'SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT',
    importance: 'LOW',
    dynamic: 'per-broker',
    doc: 'NAME:PROTOCOL pairs saying which security protocol each listener name uses.',
  },
  {
    name: 'inter.broker.listener.name',
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    doc: 'Listener brokers use to talk to each other; when unset, the one named security.inter.broker.protocol.',
  },
  {
    name: 'control.plane.listener.name',
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    doc: 'Listener the controller uses to reach brokers; when unset, the inter-broker listener.',
  },
  {
    name: 'security.inter.broker.protocol',
    type: 'STRING',
    default: 'PLAINTEXT',
    validator: inList(...SECURITY_PROTOCOLS),
    importance: 'MEDIUM',
    doc: 'Security protocol between brokers; not to be set together with inter.broker.listener.name.',
  },
  {
    name: 'socket.send.buffer.bytes',
    type: 'INT',
    default: '102400',
    importance: 'HIGH',
    doc: 'SO_SNDBUF of client sockets; -1 leaves the OS default.',
  },
  {
    name: 'socket.receive.buffer.bytes',
    type: 'INT',
    default: '102400',
    importance: 'HIGH',
    doc: 'SO_RCVBUF of client sockets; -1 leaves the OS default.',
  },
  {
    name: 'socket.request.max.bytes',
    type: 'INT',
    default: '104857600',
    validator: atLeast(1),
    importance: 'HIGH',
    doc: 'Largest request frame accepted; a bigger size prefix closes the connection.',
  },
  {
    name: 'socket.listen.backlog.size',
    type: 'INT',
    default: '50',
    validator: atLeast(1),
    importance: 'MEDIUM',
    doc: 'Pending-connection backlog of each listening socket.',
  },
  {
    name: 'max.connections.per.ip',
    type: 'INT',
    default: '2147483647',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Connections allowed from one IP address; 0 only together with max.connections.per.ip.overrides.',
  },
  {
    name: 'max.connections.per.ip.overrides',
    type: 'STRING',
    default: '',
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'host:count pairs overriding max.connections.per.ip for particular addresses.',
  },
  {
    name: 'max.connections',
    type: 'INT',
    default: '2147483647',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'Connections allowed to the broker at once, across listeners.',
  },
  {
    name: 'max.connection.creation.rate',
    type: 'INT',
    default: '2147483647',
    validator: atLeast(0),
    importance: 'MEDIUM',
    dynamic: 'cluster-wide',
    doc: 'New connections per second the broker accepts.',
  },
  {
    name: 'connections.max.idle.ms',
    type: 'LONG',
    default: '600000',
    importance: 'MEDIUM',
    doc: 'Connections idle longer than this are closed.',
  },
  {
    name: 'connection.failed.authentication.delay.ms',
    type: 'INT',
    default: '100',
    validator: atLeast(0),
    importance: 'LOW',
    doc: 'Delay before closing a connection whose authentication failed, to slow down guessing.',
  },
];
