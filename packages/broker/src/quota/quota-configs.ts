/**
 * The client quota keys as Kafka's QuotaConfigs defines them (with the one config module): which
 * keys a user/client-id entity takes and which an IP entity takes, their types and defaults
 * (no limit). AlterClientQuotas checks values against these types.
 */
import { ConfigDef, type ConfigKeyInit, LONG_MAX_TEXT } from '@samsa/common';

export const PRODUCER_BYTE_RATE = 'producer_byte_rate';
export const CONSUMER_BYTE_RATE = 'consumer_byte_rate';
export const REQUEST_PERCENTAGE = 'request_percentage';
export const CONTROLLER_MUTATION_RATE = 'controller_mutation_rate';
export const CONNECTION_CREATION_RATE = 'connection_creation_rate';

const INT_MAX = 2_147_483_647;

const USER_CLIENT: readonly ConfigKeyInit[] = [
  {
    name: PRODUCER_BYTE_RATE,
    type: 'LONG',
    default: LONG_MAX_TEXT,
    importance: 'MEDIUM',
    doc: 'Bytes per second a user or client may produce before being throttled.',
  },
  {
    name: CONSUMER_BYTE_RATE,
    type: 'LONG',
    default: LONG_MAX_TEXT,
    importance: 'MEDIUM',
    doc: 'Bytes per second a user or client may fetch before being throttled.',
  },
  {
    name: REQUEST_PERCENTAGE,
    type: 'DOUBLE',
    default: INT_MAX,
    importance: 'MEDIUM',
    doc: 'Percentage of one network and I/O thread a user or client may use per quota window.',
  },
  {
    name: CONTROLLER_MUTATION_RATE,
    type: 'DOUBLE',
    default: INT_MAX,
    importance: 'MEDIUM',
    doc: 'Partitions per second a user or client may create or delete.',
  },
];

const IP: readonly ConfigKeyInit[] = [
  {
    name: CONNECTION_CREATION_RATE,
    type: 'INT',
    default: INT_MAX,
    importance: 'MEDIUM',
    doc: 'Connections per second an IP address may open.',
  },
];

export const USER_CLIENT_QUOTA_CONFIGS: ConfigDef = new ConfigDef(USER_CLIENT);
export const IP_QUOTA_CONFIGS: ConfigDef = new ConfigDef(IP);
