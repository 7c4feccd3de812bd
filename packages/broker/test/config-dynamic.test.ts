import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, type ConfigErrorCode } from '@samsa/common';
import { loadBrokerConfig } from '../src/config/index.js';

const base = () => loadBrokerConfig({ overrides: ['log.retention.hours=24'] }).config;

function assertRejected(fn: () => unknown, code: ConfigErrorCode, key: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.key, key);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('BrokerConfig.withDynamic', () => {
  it('returns a new config and leaves the old one untouched', () => {
    const before = base();
    const after = before.withDynamic({ 'log.retention.ms': '60000', 'message.max.bytes': '2000000' }, 'default');
    assert.equal(after.logRetentionMs, 60000);
    assert.equal(after.messageMaxBytes, 2000000);
    assert.equal(before.logRetentionMs, 24 * 3600000);
    assert.deepEqual(after.dynamicConfigs('default'), { 'log.retention.ms': '60000', 'message.max.bytes': '2000000' });
    assert.deepEqual(after.dynamicConfigs('broker'), {});
  });

  it('gives the per-broker value precedence over the cluster default, and null removes a value', () => {
    const c = base()
      .withDynamic({ 'min.insync.replicas': '2' }, 'default')
      .withDynamic({ 'min.insync.replicas': '3' }, 'broker');
    assert.equal(c.minInsyncReplicas, 3);
    const withoutBroker = c.withDynamic({ 'min.insync.replicas': null }, 'broker');
    assert.equal(withoutBroker.minInsyncReplicas, 2);
    assert.equal(withoutBroker.withDynamic({ 'min.insync.replicas': null }, 'default').minInsyncReplicas, 1);
  });

  it('merges with what is already set at that scope', () => {
    const c = base()
      .withDynamic({ 'log.segment.bytes': '1048576' }, 'default')
      .withDynamic({ 'log.preallocate': 'true' }, 'default');
    assert.deepEqual(c.dynamicConfigs('default'), { 'log.segment.bytes': '1048576', 'log.preallocate': 'true' });
  });

  it('refuses read-only configs, saying they cannot be updated dynamically', () => {
    assertRejected(
      () => base().withDynamic({ 'num.partitions': '3' }, 'broker'),
      'NOT_DYNAMIC',
      'num.partitions',
      /Cannot update these configs dynamically: Set\(num\.partitions\)/,
    );
    // The hour spelling is read-only even though log.retention.ms is dynamic.
    assertRejected(
      () => base().withDynamic({ 'log.retention.ms': '1', 'log.retention.hours': '1' }, 'default'),
      'NOT_DYNAMIC',
      'log.retention.hours',
      /cannot|Cannot/,
    );
  });

  it('stores custom (unknown) keys at either scope, as Kafka allows custom props on brokers', () => {
    const c = base().withDynamic({ 'no.such.config': '1' }, 'broker').withDynamic({ 'cleanup.policy': 'x' }, 'default');
    assert.deepEqual(c.dynamicConfigs('broker'), { 'no.such.config': '1' });
    assert.deepEqual(c.dynamicConfigs('default'), { 'cleanup.policy': 'x' });
  });

  it('refuses per-broker configs at the cluster-default level', () => {
    assertRejected(
      () => base().withDynamic({ listeners: 'PLAINTEXT://localhost:9093' }, 'default'),
      'NOT_DYNAMIC',
      'listeners',
      /at default cluster level, broker id must be specified: Set\(listeners\)/,
    );
    const c = base().withDynamic({ listeners: 'PLAINTEXT://localhost:9093' }, 'broker');
    assert.equal(c.listeners[0]?.port, 9093);
  });

  it('requires the listener prefix for key and trust stores', () => {
    assertRejected(
      () => base().withDynamic({ 'ssl.keystore.location': '/new.jks' }, 'broker'),
      'NOT_DYNAMIC',
      'ssl.keystore.location',
      /only per-listener using the listener prefix/,
    );
    const c = base().withDynamic({ 'listener.name.plaintext.ssl.keystore.location': '/new.jks' }, 'broker');
    assert.equal(c.listenerConfig('PLAINTEXT', 'ssl.keystore.location'), '/new.jks');
    assertRejected(
      () => base().withDynamic({ 'listener.name.plaintext.ssl.keystore.location': '/new.jks' }, 'default'),
      'NOT_DYNAMIC',
      'listener.name.plaintext.ssl.keystore.location',
      /default cluster level/,
    );
  });

  it('validates types and cross-key rules of the new values', () => {
    assertRejected(
      () => base().withDynamic({ 'log.retention.ms': 'soon' }, 'default'),
      'INVALID_VALUE',
      'log.retention.ms',
      /Invalid value soon for configuration log\.retention\.ms: Not a number of type LONG/,
    );
    assertRejected(
      () => base().withDynamic({ 'log.retention.ms': '0' }, 'broker'),
      'INVALID_VALUE',
      'log.retention.ms',
      /unlimited \(-1\).*\(dynamic broker config\)/,
    );
  });

  it('lets thread pools grow or shrink by at most a factor of two per update', () => {
    assert.equal(base().withDynamic({ 'num.io.threads': '16' }, 'default').numIoThreads, 16);
    assertRejected(
      () => base().withDynamic({ 'num.io.threads': '17' }, 'default'),
      'INVALID_VALUE',
      'num.io.threads',
      /should not be greater than double the current value 8/,
    );
    assertRejected(
      () => base().withDynamic({ 'num.io.threads': '3' }, 'default'),
      'INVALID_VALUE',
      'num.io.threads',
      /at least half the current value 8/,
    );
    assertRejected(
      () => base().withDynamic({ 'log.cleaner.threads': '0' }, 'default'),
      'INVALID_VALUE',
      'log.cleaner.threads',
      /at least 1/,
    );
    // Stored values re-applied at startup skip the step limit.
    assert.equal(base().withDynamic({ 'num.io.threads': '64' }, 'default', { restoring: true }).numIoThreads, 64);
  });
});
