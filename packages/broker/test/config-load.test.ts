import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, Password } from '@samsa/common';
import { loadBrokerConfig } from '../src/config/index.js';

/** One temp dir for every properties file of this file's tests, removed when they end. */
const scratch = mkdtempSync(join(tmpdir(), 'samsa-config-'));
let files = 0;
after(() => rmSync(scratch, { recursive: true, force: true }));

function propertiesFile(text: string): string {
  const dir = join(scratch, String(++files));
  mkdirSync(dir);
  const file = join(dir, 'server.properties');
  writeFileSync(file, text);
  return file;
}

const load = (...overrides: string[]) => loadBrokerConfig({ overrides }).config;

/** config/server.properties at the repository root, found from this file or the working directory. */
function sampleConfigFile(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'config', 'server.properties');
    if (existsSync(candidate)) return candidate;
  }
  return join(process.cwd(), 'config', 'server.properties');
}

/** Asserts that `fn` throws a ConfigError for `key` whose message matches `pattern`. */
function assertConfigError(fn: () => unknown, key: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.key, key);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('loadBrokerConfig defaults', () => {
  it("uses Samsa's single-node defaults where they differ from Kafka", () => {
    const { config, warnings } = loadBrokerConfig();
    assert.deepEqual(warnings, []);
    assert.equal(config.brokerId, 0);
    assert.equal(config.nodeId, 0);
    assert.deepEqual(config.listeners, [
      { name: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 'PLAINTEXT' },
    ]);
    assert.deepEqual(config.advertisedListeners, config.listeners);
    assert.deepEqual(config.logDirs, ['./data']);
  });

  it("uses Kafka 3.8's defaults elsewhere", () => {
    const c = load();
    assert.equal(c.numPartitions, 1);
    assert.equal(c.defaultReplicationFactor, 1);
    assert.equal(c.autoCreateTopicsEnable, true);
    assert.equal(c.deleteTopicEnable, true);
    assert.equal(c.messageMaxBytes, 1048588);
    assert.equal(c.socketRequestMaxBytes, 104857600);
    assert.equal(c.socketSendBufferBytes, 102400);
    assert.equal(c.connectionsMaxIdleMs, 600000);
    assert.equal(c.maxConnections, 2147483647);
    assert.equal(c.numNetworkThreads, 3);
    assert.equal(c.numIoThreads, 8);
    assert.equal(c.queuedMaxRequests, 500);
    assert.equal(c.logSegmentBytes, 1073741824);
    assert.equal(c.logRollMs, 168 * 3600000);
    assert.equal(c.logRollJitterMs, 0);
    assert.equal(c.logRetentionMs, 604800000);
    assert.equal(c.logRetentionBytes, -1);
    assert.equal(c.logRetentionCheckIntervalMs, 300000);
    assert.deepEqual(c.logCleanupPolicy, ['delete']);
    assert.equal(c.logCleanerEnable, true);
    assert.equal(c.logCleanerMinCleanableRatio, 0.5);
    assert.equal(c.logCleanerDeleteRetentionMs, 86400000);
    assert.equal(c.logCleanerDedupeBufferSize, 134217728);
    assert.equal(c.logIndexIntervalBytes, 4096);
    assert.equal(c.logIndexSizeMaxBytes, 10485760);
    assert.equal(c.logFlushOffsetCheckpointIntervalMs, 60000);
    assert.equal(c.logMessageTimestampType, 'CreateTime');
    assert.equal(c.compressionType, 'producer');
    assert.equal(c.minInsyncReplicas, 1);
    assert.equal(c.uncleanLeaderElectionEnable, false);
    assert.equal(c.replicaLagTimeMaxMs, 30000);
    assert.equal(c.replicaFetchMaxBytes, 1048576);
    assert.equal(c.replicaFetchWaitMaxMs, 500);
    assert.equal(c.offsetsTopicNumPartitions, 50);
    assert.equal(c.offsetsTopicReplicationFactor, 3);
    assert.equal(c.offsetsTopicSegmentBytes, 104857600);
    assert.equal(c.offsetsRetentionMinutes, 10080);
    assert.equal(c.offsetsRetentionMs, 10080 * 60000);
    assert.equal(c.groupInitialRebalanceDelayMs, 3000);
    assert.equal(c.groupMinSessionTimeoutMs, 6000);
    assert.equal(c.groupMaxSessionTimeoutMs, 1800000);
    assert.equal(c.transactionStateLogNumPartitions, 50);
    assert.equal(c.transactionStateLogReplicationFactor, 3);
    assert.equal(c.transactionStateLogMinIsr, 2);
    assert.equal(c.transactionMaxTimeoutMs, 900000);
    assert.equal(c.transactionalIdExpirationMs, 604800000);
    assert.equal(c.producerIdExpirationMs, 86400000);
    assert.equal(c.fetchMaxBytes, 57671680);
    assert.equal(c.maxIncrementalFetchSessionCacheSlots, 1000);
    assert.equal(c.quotaWindowNum, 11);
    assert.equal(c.zookeeperConnect, null);
    assert.equal(c.zookeeperSessionTimeoutMs, 18000);
    assert.equal(c.zookeeperConnectionTimeoutMs, 18000);
    assert.equal(c.brokerRack, null);
    assert.equal(c.authorizerClassName, '');
    assert.deepEqual(c.superUsers, []);
    assert.equal(c.interBrokerListenerName, 'PLAINTEXT');
    assert.deepEqual(c.saslEnabledMechanisms, ['GSSAPI']);
  });

  it('keeps Long.MAX_VALUE defaults exact in text', () => {
    const c = load();
    assert.equal(c.getText('log.flush.interval.messages'), '9223372036854775807');
    assert.equal(c.getText('log.cleaner.io.max.bytes.per.second'), '1.7976931348623157E308');
    assert.ok(c.logFlushSchedulerIntervalMs > Number.MAX_SAFE_INTEGER);
  });
});

describe('loadBrokerConfig sources', () => {
  it('loads the sample config/server.properties without warnings', () => {
    const { config, warnings } = loadBrokerConfig({ file: sampleConfigFile() });
    assert.deepEqual(warnings, []);
    assert.equal(config.brokerId, 0);
    assert.deepEqual(config.logDirs, ['./data']);
    assert.equal(config.listeners[0]?.host, 'localhost');
    assert.equal(config.offsetsTopicReplicationFactor, 1);
    assert.equal(config.transactionStateLogMinIsr, 1);
    assert.equal(config.groupInitialRebalanceDelayMs, 0);
    assert.equal(config.zookeeperConnect, null);
  });

  it('reads a properties file and lets --override win over it', () => {
    const file = propertiesFile('broker.id=3\nnum.partitions=4\nlog.dirs=/a, /b\n');
    const { config } = loadBrokerConfig({ file, overrides: ['num.partitions=6', 'auto.create.topics.enable=false'] });
    assert.equal(config.brokerId, 3);
    assert.equal(config.numPartitions, 6);
    assert.equal(config.autoCreateTopicsEnable, false);
    assert.deepEqual(config.logDirs, ['/a', '/b']);
    assert.equal(config.originals['num.partitions'], '6');
  });

  it('applies programmatic properties between the file and --override', () => {
    const file = propertiesFile('num.partitions=2\nmessage.max.bytes=100\n');
    const { config } = loadBrokerConfig({
      file,
      properties: { 'num.partitions': '3' },
      overrides: ['message.max.bytes=200'],
    });
    assert.equal(config.numPartitions, 3);
    assert.equal(config.messageMaxBytes, 200);
  });

  it('splits an --override at the first = only', () => {
    assert.equal(load('super.users=User:a=b;User:c').get('super.users'), 'User:a=b;User:c');
    assert.throws(
      () => load('novalue'),
      (e: unknown) => e instanceof ConfigError && e.code === 'SYNTAX',
    );
  });

  it('warns about unknown keys, naming them and where they were set, instead of failing', () => {
    const file = propertiesFile('num.partitions=2\nnot.a.kafka.config=1\n');
    const { config, warnings } = loadBrokerConfig({ file, overrides: ['another.unknown=x'] });
    assert.equal(config.numPartitions, 2);
    assert.equal(warnings.length, 2);
    assert.match(
      warnings[0] as string,
      /'not\.a\.kafka\.config' was supplied but isn't a known config \(.*server\.properties:2\)/,
    );
    assert.match(warnings[1] as string, /'another\.unknown'.*--override/);
    assert.equal(config.originals['not.a.kafka.config'], '1');
  });

  it('warns when a file sets a key twice, and the later line wins', () => {
    const file = propertiesFile('num.partitions=2\nnum.partitions=5\n');
    const { config, warnings } = loadBrokerConfig({ file });
    assert.equal(config.numPartitions, 5);
    assert.match(warnings.join('\n'), /num\.partitions is set more than once .*line 2 overrides line 1/);
  });

  it('warns when a deprecated key is set', () => {
    const { warnings } = loadBrokerConfig({ overrides: ['log.message.timestamp.difference.max.ms=1000'] });
    assert.match(warnings.join('\n'), /log\.message\.timestamp\.difference\.max\.ms is deprecated/);
  });

  it('accepts listener-prefixed overrides of known configs without warning', () => {
    const { config, warnings } = loadBrokerConfig({
      overrides: [
        'listener.name.plaintext.ssl.keystore.location=/ks.jks',
        'listener.name.plaintext.plain.sasl.jaas.config=secret',
      ],
    });
    assert.deepEqual(warnings, []);
    assert.equal(config.listenerConfig('PLAINTEXT', 'ssl.keystore.location'), '/ks.jks');
    assert.equal(config.listenerConfig('OTHER', 'ssl.keystore.location'), null);
    const jaas = config.listenerConfig('PLAINTEXT', 'sasl.jaas.config', 'PLAIN');
    assert.ok(jaas instanceof Password);
    assert.equal(jaas.value, 'secret');
  });

  it('fails with a FILE error for a missing file', () => {
    assert.throws(
      () => loadBrokerConfig({ file: '/nonexistent/server.properties' }),
      (e: unknown) =>
        e instanceof ConfigError && e.code === 'FILE' && e.message.includes('/nonexistent/server.properties'),
    );
  });
});

describe('loadBrokerConfig validation errors name the key and the value', () => {
  it('rejects a non-number with Kafka wording and the file line', () => {
    const file = propertiesFile('# comment\nnum.partitions=abc\n');
    assertConfigError(
      () => loadBrokerConfig({ file }),
      'num.partitions',
      /^Invalid value abc for configuration num\.partitions: Not a number of type INT \(.*server\.properties:2\)$/,
    );
  });

  it('rejects out-of-range, non-boolean, non-enum and overflowing values', () => {
    assertConfigError(
      () => load('num.partitions=0'),
      'num.partitions',
      /Invalid value 0 .*: Value must be at least 1 \(--override\)/,
    );
    assertConfigError(
      () => load('auto.create.topics.enable=yes'),
      'auto.create.topics.enable',
      /Invalid value yes .*: Expected value to be either true or false/,
    );
    assertConfigError(
      () => load('log.cleanup.policy=delete,shred'),
      'log.cleanup.policy',
      /String must be one of: compact, delete/,
    );
    assertConfigError(
      () => load('compression.type=brotli'),
      'compression.type',
      /String must be one of: uncompressed, zstd/,
    );
    assertConfigError(() => load('message.max.bytes=2147483648'), 'message.max.bytes', /Not a number of type INT/);
    assertConfigError(
      () => load('log.retention.bytes=9223372036854775808'),
      'log.retention.bytes',
      /Not a number of type LONG/,
    );
    assertConfigError(
      () => load('log.cleaner.min.cleanable.ratio=1.5'),
      'log.cleaner.min.cleanable.ratio',
      /Invalid value 1\.5 .*: Value must be no more than 1/,
    );
    assertConfigError(
      () => load('offsets.topic.replication.factor=40000'),
      'offsets.topic.replication.factor',
      /Not a number of type SHORT/,
    );
  });

  it('trims values like Kafka and accepts booleans in any case', () => {
    const c = load('num.partitions=  7  ', 'delete.topic.enable=FALSE', 'log.cleanup.policy=compact , delete');
    assert.equal(c.numPartitions, 7);
    assert.equal(c.deleteTopicEnable, false);
    assert.deepEqual(c.logCleanupPolicy, ['compact', 'delete']);
  });

  it('rejects inconsistent combinations like KafkaConfig.validateValues', () => {
    assertConfigError(() => load('broker.id=1', 'node.id=2'), 'node.id', /node\.id.*same value as `broker\.id`/);
    assertConfigError(
      () => load('log.retention.ms=0'),
      'log.retention.ms',
      /unlimited \(-1\) or, greater than or equal to 1/,
    );
    assertConfigError(() => load('log.retention.minutes=0'), 'log.retention.minutes', /Invalid value 0/);
    assertConfigError(() => load('log.roll.ms=0'), 'log.roll.ms', /greater than or equal to 1/);
    assertConfigError(
      () => load('replica.fetch.wait.max.ms=40000'),
      'replica.socket.timeout.ms',
      /at least replica\.fetch\.wait\.max\.ms/,
    );
    assertConfigError(
      () => load('log.cleaner.dedupe.buffer.size=1048576'),
      'log.cleaner.dedupe.buffer.size',
      /1MB per cleaner thread/,
    );
    assertConfigError(() => load('log.dirs= , '), 'log.dirs', /At least one log directory/);
    assertConfigError(() => load('max.connections.per.ip=0'), 'max.connections.per.ip', /overrides/);
  });

  it('never puts a password in an error message', () => {
    // Passwords have no validator of their own; a listener problem in the same load must not echo them.
    try {
      load('ssl.keystore.password=s3cret', 'listeners=bogus');
      assert.fail('expected a ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.doesNotMatch(e.message, /s3cret/);
    }
  });
});

describe('precedence of synonyms', () => {
  it('log.retention.ms > log.retention.minutes > log.retention.hours', () => {
    assert.equal(load('log.retention.hours=1').logRetentionMs, 3600000);
    assert.equal(load('log.retention.hours=1', 'log.retention.minutes=2').logRetentionMs, 120000);
    assert.equal(load('log.retention.hours=1', 'log.retention.minutes=2', 'log.retention.ms=5').logRetentionMs, 5);
  });

  it('any negative retention means unlimited (-1)', () => {
    assert.equal(load('log.retention.ms=-1').logRetentionMs, -1);
    assert.equal(load('log.retention.ms=-5').logRetentionMs, -1);
    assert.equal(load('log.retention.hours=-1').logRetentionMs, -1);
    assert.equal(load('log.retention.minutes=-3').effectiveText('log.retention.ms'), '-1');
  });

  it('log.roll.ms > log.roll.hours, and the jitter likewise', () => {
    assert.equal(load('log.roll.hours=2').logRollMs, 7200000);
    assert.equal(load('log.roll.hours=2', 'log.roll.ms=1000').logRollMs, 1000);
    assert.equal(load('log.roll.jitter.hours=1').logRollJitterMs, 3600000);
    assert.equal(load('log.roll.jitter.hours=1', 'log.roll.jitter.ms=10').logRollJitterMs, 10);
  });

  it('log.dirs > log.dir', () => {
    assert.deepEqual(load('log.dir=/one').logDirs, ['/one']);
    assert.deepEqual(load('log.dir=/one', 'log.dirs=/two,/three').logDirs, ['/two', '/three']);
  });

  it('log.flush.interval.ms falls back to log.flush.scheduler.interval.ms', () => {
    assert.equal(load('log.flush.scheduler.interval.ms=2000').logFlushIntervalMs, 2000);
    assert.equal(load('log.flush.scheduler.interval.ms=2000', 'log.flush.interval.ms=10').logFlushIntervalMs, 10);
  });

  it('timestamp bounds fall back to the deprecated difference while at their default', () => {
    const c = load('log.message.timestamp.difference.max.ms=1000');
    assert.equal(c.logMessageTimestampBeforeMaxMs, 1000);
    assert.equal(c.logMessageTimestampAfterMaxMs, 1000);
    assert.equal(
      load('log.message.timestamp.difference.max.ms=1000', 'log.message.timestamp.after.max.ms=5')
        .logMessageTimestampAfterMaxMs,
      5,
    );
  });

  it('broker.id and node.id copy each other when only one is set', () => {
    const byBroker = load('broker.id=7');
    assert.equal(byBroker.nodeId, 7);
    const byNode = load('node.id=9');
    assert.equal(byNode.brokerId, 9);
  });

  it('zookeeper.connection.timeout.ms falls back to the session timeout', () => {
    assert.equal(load('zookeeper.session.timeout.ms=6000').zookeeperConnectionTimeoutMs, 6000);
    assert.equal(load('zookeeper.connection.timeout.ms=100').zookeeperConnectionTimeoutMs, 100);
  });
});

describe('BrokerConfig.get', () => {
  it('returns typed values by Kafka name and throws for unknown names', () => {
    const c = load('ssl.keystore.password=s3cret', 'super.users=User:admin; User:ops');
    assert.equal(c.get('num.partitions'), 1);
    assert.equal(c.get('log.retention.ms'), null);
    assert.deepEqual(c.get('log.cleanup.policy'), ['delete']);
    assert.deepEqual(c.superUsers, ['User:admin', 'User:ops']);
    const password = c.get('ssl.keystore.password');
    assert.ok(password instanceof Password);
    assert.equal(password.value, 's3cret');
    assert.equal(c.getText('ssl.keystore.password'), null);
    assert.throws(
      () => c.get('no.such.config'),
      (e: unknown) => e instanceof ConfigError && e.code === 'UNKNOWN_CONFIG',
    );
  });

  it('hides passwords when the config is printed, inspected or serialised', async () => {
    const { inspect } = await import('node:util');
    const c = load('ssl.keystore.password=s3cret', 'ssl.key.password=k3y');
    for (const shown of [String(c), inspect(c), JSON.stringify(c), JSON.stringify(c.get('ssl.key.password'))]) {
      assert.doesNotMatch(shown, /s3cret|k3y/);
    }
    assert.match(String(c), /ssl\.keystore\.password = \[hidden\]/);
    assert.match(String(c), /num\.partitions = 1/);
  });
});
