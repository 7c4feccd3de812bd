/**
 * Checks that involve more than one key, ported from KafkaConfig.validateValues (3.8). Each failure
 * is a ConfigError naming the key whose value is at fault, its value, and where it was set. The
 * ZooKeeper/KRaft mode checks are left out: Samsa runs standalone when zookeeper.connect is unset.
 */

import { ConfigError } from '@samsa/common';
import type { BrokerSettings } from './broker-settings.js';
import { logRetentionMs, logRollJitterMs, logRollMs } from './derived-values.js';
import { originOf, type ResolvedConfig } from './resolved-config.js';

/** authorizer.class.name values naming the built-in ACL authorizer (Kafka's two, and the pre-2.4 name). */
export const BUILT_IN_AUTHORIZERS: readonly string[] = [
  'kafka.security.authorizer.AclAuthorizer',
  'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
  'kafka.security.auth.SimpleAclAuthorizer',
];

const MIB = 1024 * 1024;

export function validateSettings(r: ResolvedConfig, s: BrokerSettings): void {
  const fail = (key: string, reason: string): never => {
    const entry = r.entry(key);
    throw ConfigError.invalidValue(key, entry.text, reason).withOrigin(originOf(r.layers, key, entry.source));
  };

  if (s.nodeId !== s.brokerId) fail('node.id', 'You must set `node.id` to the same value as `broker.id`.');
  if (r.boolean('broker.id.generation.enable')) {
    if (s.brokerId < -1 || s.brokerId > r.number('reserved.broker.max.id')) {
      fail('broker.id', 'broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id');
    }
  } else if (s.brokerId < 0) {
    fail('broker.id', 'broker.id must be greater than or equal to 0');
  }

  const roll = logRollMs(r);
  if (roll.value < 1) fail(roll.from, 'log.roll.ms must be greater than or equal to 1');
  const jitter = logRollJitterMs(r);
  if (jitter.value < 0) fail(jitter.from, 'log.roll.jitter.ms must be greater than or equal to 0');
  const retention = logRetentionMs(r);
  if (retention.value === 0)
    fail(retention.from, 'log.retention.ms must be unlimited (-1) or, greater than or equal to 1');
  if (s.logDirs.length === 0) {
    fail(
      r.value('log.dirs') !== null ? 'log.dirs' : 'log.dir',
      'At least one log directory must be defined via log.dirs or log.dir.',
    );
  }
  if (s.logCleanerThreads > 0 && s.logCleanerDedupeBufferSize / s.logCleanerThreads <= MIB) {
    fail('log.cleaner.dedupe.buffer.size', 'log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.');
  }

  if (s.replicaFetchWaitMaxMs > s.replicaSocketTimeoutMs) {
    fail('replica.socket.timeout.ms', 'replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms');
  }
  if (s.replicaFetchWaitMaxMs > s.replicaLagTimeMaxMs) {
    fail(
      'replica.fetch.wait.max.ms',
      'replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms',
    );
  }

  validateListeners(r, s, fail);

  if (s.authorizerClassName !== '' && !BUILT_IN_AUTHORIZERS.includes(s.authorizerClassName)) {
    fail(
      'authorizer.class.name',
      `Samsa's only authorizer is the built-in ACL one: ${BUILT_IN_AUTHORIZERS.join(' or ')}`,
    );
  }
  for (const u of s.superUsers) {
    if (!/^[^:]+:.+$/.test(u)) fail('super.users', `\`${u}\` is not a principal (Type:name, e.g. User:admin)`);
  }

  if (s.queuedMaxRequestBytes > 0 && s.queuedMaxRequestBytes < s.socketRequestMaxBytes) {
    fail('queued.max.request.bytes', 'queued.max.request.bytes must be larger or equal to socket.request.max.bytes');
  }
  if (s.maxConnectionsPerIp === 0 && s.maxConnectionsPerIpOverrides.size === 0) {
    fail(
      'max.connections.per.ip',
      'max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides property is set.',
    );
  }
  const authDelay = r.number('connection.failed.authentication.delay.ms');
  if (s.connectionsMaxIdleMs >= 0 && authDelay >= s.connectionsMaxIdleMs) {
    fail('connection.failed.authentication.delay.ms', 'should always be less than connections.max.idle.ms');
  }
}

function validateListeners(r: ResolvedConfig, s: BrokerSettings, fail: (key: string, reason: string) => never): void {
  const listenerNames = new Set(s.listeners.map((l) => l.name));
  const advertisedNames = s.advertisedListeners.map((l) => l.name);
  // Blame the key the user wrote: advertised.listeners defaults to listeners, and the inter-broker
  // listener to the one named by security.inter.broker.protocol.
  const advertisedKey = r.value('advertised.listeners') !== null ? 'advertised.listeners' : 'listeners';
  const interBrokerKey =
    r.value('inter.broker.listener.name') !== null ? 'inter.broker.listener.name' : 'security.inter.broker.protocol';
  if (!advertisedNames.includes(s.interBrokerListenerName)) {
    fail(
      interBrokerKey,
      `inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options based on currently configured listeners are ${advertisedNames.join(',')}`,
    );
  }
  if (!advertisedNames.every((name) => listenerNames.has(name))) {
    fail(
      'advertised.listeners',
      `advertised.listeners listener names must be equal to or a subset of the ones defined in listeners. Found ${advertisedNames.join(',')}`,
    );
  }
  const controlPlane = s.controlPlaneListenerName;
  if (controlPlane !== null) {
    // Kafka's KafkaConfig: the control plane listener is its own, advertised, non-inter-broker one.
    if (!listenerNames.has(controlPlane) || !advertisedNames.includes(controlPlane)) {
      fail(
        'control.plane.listener.name',
        'control.plane.listener.name must be a listener name defined in listeners and advertised.listeners',
      );
    }
    if (controlPlane === s.interBrokerListenerName) {
      fail(
        'control.plane.listener.name',
        'control.plane.listener.name, when defined, should have a different value from the inter broker listener name.',
      );
    }
  }
  if (s.advertisedListeners.some((l) => l.host === '0.0.0.0')) {
    fail(
      advertisedKey,
      'advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.',
    );
  }
  if (s.interBrokerSecurityProtocol.startsWith('SASL_')) {
    // Kafka reads the mechanisms of the inter-broker listener, which may be overridden per listener.
    const perListener = `listener.name.${s.interBrokerListenerName.toLowerCase()}.sasl.enabled.mechanisms`;
    const mechanisms = r.entries.has(perListener) ? r.list(perListener) : s.saslEnabledMechanisms;
    if (!mechanisms.includes(s.saslMechanismInterBrokerProtocol)) {
      fail(
        'sasl.mechanism.inter.broker.protocol',
        'sasl.mechanism.inter.broker.protocol must be included in sasl.enabled.mechanisms when SASL is used for inter-broker communication',
      );
    }
  }
}
