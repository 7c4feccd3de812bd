/**
 * Rules for dynamic broker config updates (AlterConfigs / IncrementalAlterConfigs on a BROKER
 * resource), from Kafka's DynamicBrokerConfig 3.8:
 * - only keys whose update mode is per-broker or cluster-wide may change ('read-only' ones need a
 *   restart), and per-broker keys (listeners, TLS, SASL) only for one broker, not as the default;
 * - key stores and trust stores change only per listener (listener.name.<l>.ssl.keystore.location)
 *   because every listener has its own TLS context;
 * - thread pools may at most double or halve in one step, so a typo cannot starve or flood the
 *   broker.
 * Values are type-checked here; cross-key rules run when the new configuration is built.
 */

import { ConfigError, parseAndValidate } from '@samsa/common';
import { brokerConfigDef, listenerOverride } from './broker-config-defs.js';
import { updateModeOf } from './broker-config-key.js';
import type { BrokerSettings } from './broker-settings.js';

export type DynamicScope = 'broker' | 'default';

/** Kafka's DynamicSecurityConfigs (SslConfigs.RECONFIGURABLE_CONFIGS). */
const LISTENER_ONLY = new Set([
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

/** Listener settings that may be set per listener yet still as the cluster default. */
const CLUSTER_LEVEL_LISTENER_CONFIGS = new Set([
  'max.connections',
  'max.connection.creation.rate',
  'num.network.threads',
]);

/**
 * Returns `layer` (the current dynamic values at `scope`) with `updates` applied: a string sets a
 * key, null removes it (falling back to the next source). Throws ConfigError naming the first
 * offending key.
 */
export function applyDynamicUpdates(
  layer: ReadonlyMap<string, string>,
  updates: Readonly<Record<string, string | null>>,
  scope: DynamicScope,
): Map<string, string> {
  const unknown: string[] = [];
  const readOnly: string[] = [];
  const listenerOnly: string[] = [];
  const brokerOnly: string[] = [];
  for (const name of Object.keys(updates)) {
    const override = listenerOverride(name);
    const def = brokerConfigDef(name) ?? override?.base;
    if (!def) unknown.push(name);
    else if (updateModeOf(def) === 'read-only') readOnly.push(name);
    else if (!override && LISTENER_ONLY.has(name)) listenerOnly.push(name);
    else if (scope === 'default' && isPerBroker(def.name, override !== undefined)) brokerOnly.push(name);
  }
  reject('UNKNOWN_CONFIG', unknown, 'Cannot update these configs dynamically, they are not broker configs');
  reject('NOT_DYNAMIC', readOnly, 'Cannot update these configs dynamically');
  reject(
    'NOT_DYNAMIC',
    listenerOnly,
    'These security configs can be dynamically updated only per-listener using the listener prefix',
  );
  reject(
    'NOT_DYNAMIC',
    brokerOnly,
    'Cannot update these configs at default cluster level, broker id must be specified',
  );

  const next = new Map(layer);
  for (const [name, value] of Object.entries(updates)) {
    if (value === null) {
      next.delete(name);
      continue;
    }
    const def = brokerConfigDef(name) ?? listenerOverride(name)?.base;
    if (def) parseAndValidate(def, name, value); // throws with Kafka's wording
    next.set(name, value);
  }
  return next;
}

function isPerBroker(baseName: string, listenerPrefixed: boolean): boolean {
  if (listenerPrefixed) return !CLUSTER_LEVEL_LISTENER_CONFIGS.has(baseName);
  const def = brokerConfigDef(baseName);
  return def !== undefined && updateModeOf(def) === 'per-broker';
}

function reject(code: 'UNKNOWN_CONFIG' | 'NOT_DYNAMIC', names: readonly string[], message: string): void {
  if (names.length > 0) throw new ConfigError(code, names[0] as string, `${message}: ${names.join(', ')}`);
}

const THREAD_POOLS: ReadonlyArray<readonly [string, keyof BrokerSettings]> = [
  ['num.io.threads', 'numIoThreads'],
  ['num.network.threads', 'numNetworkThreads'],
  ['num.replica.fetchers', 'numReplicaFetchers'],
  ['num.recovery.threads.per.data.dir', 'numRecoveryThreadsPerDataDir'],
  ['background.threads', 'backgroundThreads'],
];

/** Kafka's DynamicThreadPool / LogCleaner validateReconfiguration: resize by at most 2x per update. */
export function checkThreadPoolResize(before: BrokerSettings, after: BrokerSettings): void {
  for (const [key, field] of THREAD_POOLS) {
    const oldValue = before[field] as number;
    const newValue = after[field] as number;
    if (newValue === oldValue) continue;
    const prefix = `Dynamic thread count update validation failed for ${key}=${newValue}`;
    if (newValue <= 0) throw invalidResize(key, newValue, `${prefix}, value should be at least 1`);
    if (newValue < Math.floor(oldValue / 2)) {
      throw invalidResize(key, newValue, `${prefix}, value should be at least half the current value ${oldValue}`);
    }
    if (newValue > oldValue * 2) {
      throw invalidResize(
        key,
        newValue,
        `${prefix}, value should not be greater than double the current value ${oldValue}`,
      );
    }
  }
  const [oldCleaners, newCleaners] = [before.logCleanerThreads, after.logCleanerThreads];
  if (newCleaners === oldCleaners) return;
  const key = 'log.cleaner.threads';
  if (newCleaners < 1) throw invalidResize(key, newCleaners, 'Log cleaner threads should be at least 1');
  if (newCleaners < Math.floor(oldCleaners / 2)) {
    throw invalidResize(
      key,
      newCleaners,
      `Log cleaner threads cannot be reduced to less than half the current value ${oldCleaners}`,
    );
  }
  if (newCleaners > oldCleaners * 2) {
    throw invalidResize(
      key,
      newCleaners,
      `Log cleaner threads cannot be increased to more than double the current value ${oldCleaners}`,
    );
  }
}

function invalidResize(key: string, value: number, reason: string): ConfigError {
  return ConfigError.invalidValue(key, String(value), reason);
}
