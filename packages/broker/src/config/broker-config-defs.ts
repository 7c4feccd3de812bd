/**
 * The broker's definition table (a @samsa/common ConfigDef): every configuration Samsa knows, by
 * Kafka name, gathered from defs/ (one file per area). Also resolves listener-prefixed names
 * (listener.name.<listener>.<config>, Kafka's per-listener overrides) to the definition they
 * override, because those are validated, described and updated like their base config.
 */
import { ConfigDef, type ConfigKey } from '@samsa/common';
import type { BrokerConfigKey } from './broker-config-key.js';
import { ADMIN_DEFS } from './defs/admin.js';
import { GROUP_DEFS } from './defs/groups.js';
import { LOG_DEFS } from './defs/log.js';
import { LOG_CLEANER_DEFS } from './defs/log-cleaner.js';
import { LOG_MESSAGE_DEFS } from './defs/log-message.js';
import { NETWORK_DEFS } from './defs/network.js';
import { OAUTHBEARER_DEFS } from './defs/oauthbearer.js';
import { REPLICATION_DEFS } from './defs/replication.js';
import { SECURITY_DEFS } from './defs/security.js';
import { SERVER_DEFS } from './defs/server.js';
import { TRANSACTION_DEFS } from './defs/transactions.js';
import { ZOOKEEPER_DEFS } from './defs/zookeeper.js';

/** A duplicate name, or a default its validator refuses, throws the first time the module loads. */
export const BROKER_CONFIG_DEFS: ConfigDef<BrokerConfigKey> = new ConfigDef<BrokerConfigKey>([
  ...SERVER_DEFS,
  ...NETWORK_DEFS,
  ...SECURITY_DEFS,
  ...OAUTHBEARER_DEFS,
  ...LOG_DEFS,
  ...LOG_MESSAGE_DEFS,
  ...LOG_CLEANER_DEFS,
  ...REPLICATION_DEFS,
  ...GROUP_DEFS,
  ...TRANSACTION_DEFS,
  ...ZOOKEEPER_DEFS,
  ...ADMIN_DEFS,
]);

/** A defined broker key, its default parsed. */
export type BrokerConfigDef = ConfigKey<BrokerConfigKey>;

export function brokerConfigDef(name: string): BrokerConfigDef | undefined {
  return BROKER_CONFIG_DEFS.get(name);
}

/**
 * Per-listener SASL settings are written listener.name.<l>.<mechanism>.<config>, e.g.
 * listener.name.sasl_ssl.plain.sasl.jaas.config; their base is the trailing <config>.
 */
const LISTENER_MECHANISM_CONFIGS = [
  'sasl.jaas.config',
  'connections.max.reauth.ms',
  'sasl.server.callback.handler.class',
  'sasl.login.callback.handler.class',
  ...OAUTHBEARER_DEFS.map((d) => d.name).filter((n) => n.startsWith('sasl.oauthbearer.')),
];

const LISTENER_PREFIX = /^listener\.name\.([^.]*)\.(.+)$/;

export interface ListenerOverrideName {
  /** Listener name as written (Kafka lower-cases it in prefixes: listener.name.internal.). */
  readonly listener: string;
  /** The base config it overrides, e.g. ssl.keystore.location. */
  readonly base: BrokerConfigDef;
}

/** The definition a listener-prefixed name overrides, or undefined if `name` is not one. */
export function listenerOverride(name: string): ListenerOverrideName | undefined {
  const m = LISTENER_PREFIX.exec(name);
  if (!m) return undefined;
  const rest = m[2] as string;
  const baseName = LISTENER_MECHANISM_CONFIGS.find((c) => rest.endsWith(`.${c}`)) ?? rest;
  const base = BROKER_CONFIG_DEFS.get(baseName);
  return base ? { listener: m[1] as string, base } : undefined;
}

/** The definition `name` is validated with: its own, or the base of a listener override. */
export function definitionFor(name: string): BrokerConfigDef | undefined {
  return BROKER_CONFIG_DEFS.get(name) ?? listenerOverride(name)?.base;
}

/**
 * Kafka's DynamicBrokerConfig.brokerConfigSynonyms: the names DescribeConfigs reports as synonyms
 * of `name`, highest precedence first.
 */
export function synonymNames(name: string): readonly string[] {
  const own = BROKER_CONFIG_DEFS.get(name);
  if (own) return own.synonyms ?? [name];
  const override = listenerOverride(name);
  return override ? [name, override.base.name] : [name];
}
