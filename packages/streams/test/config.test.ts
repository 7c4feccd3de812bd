/**
 * StreamsConfig: Kafka's names and defaults through @samsa/common's ConfigDef, given as camelCase
 * options or by Kafka's names; bad values give ConfigError with Kafka's message; KafkaStreams
 * refuses what is not built yet (exactly_once_v2) and a missing source topic with typed errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@samsa/common';
import { KafkaStreams, Serdes, STREAMS_CONFIG_DEF, StreamsBuilder, StreamsConfig, StreamsError } from '../src/index.js';

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

  it('KafkaStreams refuses exactly_once_v2 at start (not built yet) and stays CREATED', async () => {
    const builder = new StreamsBuilder();
    builder.stream('in').to('out');
    const streams = new KafkaStreams(builder.build(), {
      applicationId: 'a',
      bootstrapServers: '127.0.0.1:1',
      processingGuarantee: 'exactly_once_v2',
    });
    await assert.rejects(streams.start(), (e: unknown) => e instanceof StreamsError && e.code === 'ILLEGAL_STATE');
    assert.equal(streams.state(), 'CREATED');
    await streams.close();
  });
});
