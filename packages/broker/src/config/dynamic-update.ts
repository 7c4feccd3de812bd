/**
 * Rules for dynamic broker config updates (AlterConfigs / IncrementalAlterConfigs on a BROKER
 * resource), from Kafka's DynamicBrokerConfig.validateConfigs 3.8, checked in Kafka's order:
 * - keys Kafka defines as read-only (need a restart) are refused; names Kafka does not define are
 *   custom configs, stored as given (Kafka allows custom props on brokers), as are
 *   listener-prefixed names (listener.name.<l>.<anything>);
 * - key stores and trust stores change only per listener (listener.name.<l>.ssl.keystore.location)
 *   because every listener has its own TLS context;
 * - values are type-checked against their definition (for a listener-prefixed name, its base's);
 * - per-broker keys (listeners, TLS, SASL, and every listener-prefixed name but the few cluster-level
 *   ones) only for one broker, not as the cluster default;
 * - thread pools may at most double or halve in one step, so a typo cannot starve or flood the
 *   broker.
 * Removing a key (null) is always allowed. Cross-key rules run when the new configuration is built.
 */

import { ConfigError, type ConfigKeyInit, parseAndValidate } from '@samsa/common';
import { brokerConfigDef, listenerOverride } from './broker-config-defs.js';
import { updateModeOf } from './broker-config-key.js';
import type { BrokerSettings } from './broker-settings.js';
import {
  CLUSTER_LEVEL_LISTENER_KEYS,
  LISTENER_ONLY_KEYS,
  UNDEFINED_PER_BROKER_KEYS,
  undefinedPerBrokerDef,
} from './kafka-dynamic-keys.js';

export type DynamicScope = 'broker' | 'default';

const LISTENER_PREFIX = /^listener\.name\.[^.]*\.(.+)$/;

/**
 * Returns `layer` (the current dynamic values at `scope`) with `updates` applied: a string sets a
 * key, null removes it (falling back to the next source). Throws ConfigError naming the first
 * offending key, with Kafka's message.
 */
export function applyDynamicUpdates(
  layer: ReadonlyMap<string, string>,
  updates: Readonly<Record<string, string | null>>,
  scope: DynamicScope,
): Map<string, string> {
  const set = Object.entries(updates).filter((e): e is [string, string] => e[1] !== null);
  const names = set.map(([name]) => name);
  reject(
    names.filter((name) => {
      const def = brokerConfigDef(name);
      return def !== undefined && updateModeOf(def) === 'read-only';
    }),
    'Cannot update these configs dynamically',
  );
  reject(
    names.filter((name) => LISTENER_ONLY_KEYS.has(name)),
    'These security configs can be dynamically updated only per-listener using the listener prefix',
  );
  for (const [name, value] of set) {
    const def = typeDefinition(name);
    if (def) parseAndValidate(def, name, value); // throws with Kafka's wording
  }
  if (scope === 'default') {
    reject(
      names.filter(isPerBroker),
      'Cannot update these configs at default cluster level, broker id must be specified',
    );
  }
  const next = new Map(layer);
  for (const [name, value] of Object.entries(updates)) {
    if (value === null) next.delete(name);
    else next.set(name, value);
  }
  return next;
}

/**
 * What a value is checked against: the key's dynamic definition, or for a listener-prefixed name
 * its base's; Kafka checks only dynamic keys' types, so read-only bases and custom names are not.
 */
function typeDefinition(name: string): ConfigKeyInit | undefined {
  const def = brokerConfigDef(name) ?? listenerOverride(name)?.base;
  if (def) return updateModeOf(def) === 'read-only' ? undefined : def;
  return undefinedPerBrokerDef(name);
}

function isPerBroker(name: string): boolean {
  const prefixed = LISTENER_PREFIX.exec(name);
  if (prefixed) return !CLUSTER_LEVEL_LISTENER_KEYS.has(prefixed[1] as string);
  const def = brokerConfigDef(name);
  if (def) return updateModeOf(def) === 'per-broker';
  return UNDEFINED_PER_BROKER_KEYS.has(name);
}

/** Kafka prints the offending names as a Scala set: "...: Set(a, b)". */
function reject(names: readonly string[], message: string): void {
  if (names.length > 0) {
    throw new ConfigError('NOT_DYNAMIC', names[0] as string, `${message}: Set(${names.join(', ')})`);
  }
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
