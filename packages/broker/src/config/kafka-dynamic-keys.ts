/**
 * Data for the dynamic-update rules (dynamic-update.ts), from Kafka's DynamicBrokerConfig 3.8, for
 * keys the rules need but Samsa's definitions do not carry.
 */
import type { ConfigType } from '@samsa/common';
import type { BrokerConfigKey } from './broker-config-key.js';

/**
 * Kafka's DynamicSecurityConfigs (SslConfigs.RECONFIGURABLE_CONFIGS): key and trust stores, which
 * change only per listener (listener.name.<l>.ssl.keystore.location) because every listener has
 * its own TLS context.
 */
export const LISTENER_ONLY_KEYS: ReadonlySet<string> = new Set([
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.key.password',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.password',
  'ssl.keystore.certificate.chain',
  'ssl.keystore.key',
  'ssl.truststore.certificates',
]);

/** Kafka's ClusterLevelListenerConfigs: listener settings that may still be set as the cluster default. */
export const CLUSTER_LEVEL_LISTENER_KEYS: ReadonlySet<string> = new Set([
  'max.connections',
  'max.connection.creation.rate',
  'num.network.threads',
]);

/**
 * Per-broker dynamic keys of Kafka (DynamicListenerConfig.ReconfigurableConfigs: the listeners'
 * SSL and SASL settings) that Samsa does not define, with their types: Kafka accepts them for one
 * broker and refuses them as the cluster default, and so does Samsa, storing them as given.
 */
export const UNDEFINED_PER_BROKER_KEYS: ReadonlyMap<string, ConfigType> = new Map<string, ConfigType>([
  ['principal.builder.class', 'CLASS'],
  ['ssl.provider', 'STRING'],
  ['ssl.keymanager.algorithm', 'STRING'],
  ['ssl.trustmanager.algorithm', 'STRING'],
  ['ssl.secure.random.implementation', 'STRING'],
  ['ssl.engine.factory.class', 'CLASS'],
  ['sasl.kerberos.service.name', 'STRING'],
  ['sasl.kerberos.kinit.cmd', 'STRING'],
  ['sasl.kerberos.ticket.renew.window.factor', 'DOUBLE'],
  ['sasl.kerberos.ticket.renew.jitter', 'DOUBLE'],
  ['sasl.kerberos.min.time.before.relogin', 'LONG'],
  ['sasl.kerberos.principal.to.local.rules', 'LIST'],
  ['sasl.login.refresh.window.factor', 'DOUBLE'],
  ['sasl.login.refresh.window.jitter', 'DOUBLE'],
  ['sasl.login.refresh.min.period.seconds', 'SHORT'],
  ['sasl.login.refresh.buffer.seconds', 'SHORT'],
]);

/** A definition for one of UNDEFINED_PER_BROKER_KEYS (type and update mode only), else undefined. */
export function undefinedPerBrokerDef(name: string): BrokerConfigKey | undefined {
  const type = UNDEFINED_PER_BROKER_KEYS.get(name);
  return type ? { name, type, default: null, importance: 'LOW', doc: '', dynamic: 'per-broker' } : undefined;
}
