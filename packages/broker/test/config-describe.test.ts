import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BROKER_CONFIG_DEFS, type ConfigEntry, loadBrokerConfig } from '../src/config/index.js';

const load = (...overrides: string[]) => loadBrokerConfig({ overrides }).config;

function entry(entries: readonly ConfigEntry[], name: string): ConfigEntry {
  const e = entries.find((x) => x.name === name);
  assert.ok(e, `no entry for ${name}`);
  return e;
}

describe('BrokerConfig.describe (DescribeConfigs for a broker)', () => {
  it('lists every documented config once, sorted, with type, docs and update mode', () => {
    const entries = load().describe();
    const names = entries.map((e) => e.name);
    assert.deepEqual(names, [...names].sort());
    assert.equal(new Set(names).size, names.length);
    for (const def of BROKER_CONFIG_DEFS.keys()) assert.equal(names.includes(def.name), !def.internal, def.name);
    const partitions = entry(entries, 'num.partitions');
    assert.deepEqual(partitions, {
      name: 'num.partitions',
      value: '1',
      source: 'DEFAULT_CONFIG',
      isSensitive: false,
      readOnly: true,
      type: 'INT',
      documentation: BROKER_CONFIG_DEFS.get('num.partitions')?.doc,
      synonyms: [{ name: 'num.partitions', value: '1', source: 'DEFAULT_CONFIG' }],
    });
    assert.equal(entry(entries, 'log.segment.bytes').readOnly, false);
    assert.equal(entry(entries, 'listeners').readOnly, false);
  });

  it('reports a static value with its default as a lower synonym', () => {
    const e = entry(load('num.partitions=3').describe(), 'num.partitions');
    assert.equal(e.value, '3');
    assert.equal(e.source, 'STATIC_BROKER_CONFIG');
    assert.deepEqual(e.synonyms, [
      { name: 'num.partitions', value: '3', source: 'STATIC_BROKER_CONFIG' },
      { name: 'num.partitions', value: '1', source: 'DEFAULT_CONFIG' },
    ]);
  });

  it('orders retention synonyms ms > minutes > hours and drops those ranked above the described name', () => {
    const entries = load('log.retention.minutes=30').describe();
    const ms = entry(entries, 'log.retention.ms');
    assert.equal(ms.value, null);
    assert.deepEqual(ms.synonyms, []); // log.retention.ms itself has no value anywhere
    const minutes = entry(entries, 'log.retention.minutes');
    assert.equal(minutes.source, 'STATIC_BROKER_CONFIG');
    assert.deepEqual(minutes.synonyms, [
      { name: 'log.retention.minutes', value: '30', source: 'STATIC_BROKER_CONFIG' },
      { name: 'log.retention.hours', value: '168', source: 'DEFAULT_CONFIG' },
    ]);
    const hours = entry(entries, 'log.retention.hours');
    assert.equal(hours.source, 'DEFAULT_CONFIG');
    assert.deepEqual(hours.synonyms, [{ name: 'log.retention.hours', value: '168', source: 'DEFAULT_CONFIG' }]);
  });

  it('never returns password values, in entries or synonyms', () => {
    const c = load('ssl.keystore.password=s3cret', 'listener.name.plaintext.ssl.key.password=k3y');
    const entries = c.describe();
    const ks = entry(entries, 'ssl.keystore.password');
    assert.equal(ks.value, null);
    assert.equal(ks.isSensitive, true);
    assert.equal(ks.source, 'STATIC_BROKER_CONFIG');
    assert.deepEqual(ks.synonyms, [{ name: 'ssl.keystore.password', value: null, source: 'STATIC_BROKER_CONFIG' }]);
    const perListener = entry(entries, 'listener.name.plaintext.ssl.key.password');
    assert.equal(perListener.value, null);
    assert.equal(perListener.type, 'PASSWORD');
    assert.doesNotMatch(JSON.stringify(entries), /s3cret|k3y/);
  });

  it('treats keys of unknown type as sensitive, as Kafka does', () => {
    const e = entry(load('some.plugin.secret=abc').describe(), 'some.plugin.secret');
    assert.deepEqual(e, {
      name: 'some.plugin.secret',
      value: null,
      source: 'STATIC_BROKER_CONFIG',
      isSensitive: true,
      readOnly: true,
      type: 'UNKNOWN',
      documentation: null,
      synonyms: [{ name: 'some.plugin.secret', value: null, source: 'STATIC_BROKER_CONFIG' }],
    });
  });

  it('reports listener overrides with the base config as a lower synonym', () => {
    const e = entry(
      load('ssl.keystore.location=/base.jks', 'listener.name.plaintext.ssl.keystore.location=/l.jks').describe(),
      'listener.name.plaintext.ssl.keystore.location',
    );
    assert.equal(e.value, '/l.jks');
    assert.equal(e.type, 'STRING');
    assert.deepEqual(e.synonyms, [
      { name: 'listener.name.plaintext.ssl.keystore.location', value: '/l.jks', source: 'STATIC_BROKER_CONFIG' },
      { name: 'ssl.keystore.location', value: '/base.jks', source: 'STATIC_BROKER_CONFIG' },
    ]);
  });

  it('shows dynamic sources first: per-broker, then cluster default, then static, then default', () => {
    const c = load('log.retention.ms=1000')
      .withDynamic({ 'log.retention.ms': '2000' }, 'default')
      .withDynamic({ 'log.retention.ms': '3000' }, 'broker');
    assert.equal(c.logRetentionMs, 3000);
    const e = entry(c.describe(), 'log.retention.ms');
    assert.equal(e.value, '3000');
    assert.equal(e.source, 'DYNAMIC_BROKER_CONFIG');
    assert.deepEqual(
      e.synonyms.map((s) => [s.name, s.value, s.source]),
      [
        ['log.retention.ms', '3000', 'DYNAMIC_BROKER_CONFIG'],
        ['log.retention.ms', '2000', 'DYNAMIC_DEFAULT_BROKER_CONFIG'],
        ['log.retention.ms', '1000', 'STATIC_BROKER_CONFIG'],
        ['log.retention.hours', '168', 'DEFAULT_CONFIG'],
      ],
    );
  });

  it('describes the cluster default resource: only keys set there, with their stored values', () => {
    const c = load().withDynamic({ 'log.retention.ms': '2000', 'num.io.threads': '10' }, 'default');
    const entries = c.describe({ scope: 'default' });
    assert.deepEqual(
      entries.map((e) => [e.name, e.value, e.source, e.synonyms.length]),
      [
        ['log.retention.ms', '2000', 'DYNAMIC_DEFAULT_BROKER_CONFIG', 1],
        ['num.io.threads', '10', 'DYNAMIC_DEFAULT_BROKER_CONFIG', 1],
      ],
    );
  });

  it('filters by the requested names', () => {
    const entries = load().describe({ names: ['num.partitions', 'log.dirs', 'no.such.key'] });
    assert.deepEqual(
      entries.map((e) => e.name),
      ['log.dirs', 'num.partitions'],
    );
  });
});
