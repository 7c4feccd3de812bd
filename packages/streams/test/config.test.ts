/**
 * StreamsConfig: Kafka's names and defaults through @samsa/common's ConfigDef, given as camelCase
 * options or by Kafka's names; bad values give ConfigError with Kafka's message; Kafka's
 * commit.interval.ms rule under exactly_once_v2; `consumer.`/`producer.` prefixed client settings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@samsa/common';
import { Serdes, STREAMS_CONFIG_DEF, StreamsConfig } from '../src/index.js';

describe('StreamsConfig', () => {
  it('has Kafka defaults and takes camelCase options or Kafka names', () => {
    const c = new StreamsConfig({
      applicationId: 'app',
      bootstrapServers: 'h1:9092,h2:9092',
      defaultKeySerde: Serdes.String(),
    });
    assert.equal(c.applicationId, 'app');
    assert.deepEqual(c.get('bootstrap.servers'), ['h1:9092', 'h2:9092']);
    assert.equal(c.get('processing.guarantee'), 'at_least_once');
    assert.equal(c.commitIntervalMs, 30000);
    assert.equal(c.get('cache.max.bytes.buffering'), 10485760);
    assert.equal(c.get('num.stream.threads'), 1);
    assert.equal(c.get('replication.factor'), -1);
    assert.ok(c.defaultKeySerde);
    assert.equal(c.defaultValueSerde, null);
    const byName = new StreamsConfig({
      'application.id': 'x',
      'bootstrap.servers': 'h:1',
      'commit.interval.ms': '250',
    });
    assert.equal(byName.commitIntervalMs, 250);
    assert.deepEqual([...STREAMS_CONFIG_DEF.keys()].map((k) => k.name).sort(), [
      'application.id',
      'bootstrap.servers',
      'cache.max.bytes.buffering',
      'commit.interval.ms',
      'default.key.serde',
      'default.value.serde',
      'num.stream.threads',
      'processing.guarantee',
      'replication.factor',
      'state.dir',
      'windowstore.changelog.additional.retention.ms',
    ]);
    assert.equal(byName.get('windowstore.changelog.additional.retention.ms'), 86_400_000);
  });

  it('refuses bad values and missing required keys with ConfigError', () => {
    assert.throws(
      () =>
        new StreamsConfig({
          applicationId: 'a',
          bootstrapServers: 'h:1',
          processingGuarantee: 'exactly_once' as never,
        }),
      (e: unknown) => e instanceof ConfigError && e.code === 'INVALID_VALUE' && /processing\.guarantee/.test(e.message),
    );
    assert.throws(
      () => new StreamsConfig({ applicationId: 'a', bootstrapServers: 'h:1', commitIntervalMs: -1 }),
      (e: unknown) => e instanceof ConfigError && e.code === 'INVALID_VALUE',
    );
    assert.throws(
      () => new StreamsConfig({ bootstrapServers: 'h:1' } as never),
      (e: unknown) => e instanceof ConfigError && e.code === 'MISSING' && e.key === 'application.id',
    );
  });

  it('commit.interval.ms defaults to 100 under exactly_once_v2 unless set; client overrides by prefix', () => {
    const eos = new StreamsConfig({
      applicationId: 'a',
      bootstrapServers: 'h:1',
      processingGuarantee: 'exactly_once_v2',
    });
    assert.equal(eos.eos, true);
    assert.equal(eos.commitIntervalMs, 100);
    const set = new StreamsConfig({
      applicationId: 'a',
      bootstrapServers: 'h:1',
      processingGuarantee: 'exactly_once_v2',
      commitIntervalMs: 30000,
    });
    assert.equal(set.commitIntervalMs, 30000);
    const c = new StreamsConfig({
      applicationId: 'a',
      bootstrapServers: 'h:1',
      'consumer.session.timeout.ms': '6000',
      'consumer.group.instance.id': 'i1',
      'producer.linger.ms': 20,
    });
    assert.deepEqual(c.clientOverrides('consumer.'), { sessionTimeoutMs: 6000, groupInstanceId: 'i1' });
    assert.deepEqual(c.clientOverrides('producer.'), { lingerMs: 20 });
  });
});
