import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import {
  atLeast,
  between,
  CONFIG_SOURCE_IDS,
  ConfigDef,
  ConfigError,
  type ConfigKeyInit,
  custom,
  inList,
  ParsedConfig,
  Password,
  pickValue,
} from '../src/index.js';

interface TestKey extends ConfigKeyInit {
  /** A package's own metadata, carried through untouched. */
  readonly area?: string;
}

function defs(): ConfigDef<TestKey> {
  return new ConfigDef<TestKey>([
    {
      name: 'num.partitions',
      type: 'INT',
      default: '1',
      validator: atLeast(1),
      importance: 'MEDIUM',
      doc: 'Partitions.',
    },
    { name: 'retention.ms', type: 'LONG', default: 604800000, importance: 'HIGH', doc: 'Retention.', area: 'log' },
    {
      name: 'cleanup.policy',
      type: 'LIST',
      default: ['delete'],
      validator: inList('compact', 'delete'),
      importance: 'MEDIUM',
      doc: 'Policy.',
    },
    { name: 'ssl.key.password', type: 'PASSWORD', default: null, importance: 'HIGH', doc: 'Key password.' },
    { name: 'zookeeper.connect', type: 'STRING', importance: 'HIGH', doc: 'Required here.' },
    { name: 'internal.thing', type: 'BOOLEAN', default: false, importance: 'LOW', doc: 'Hidden.', internal: true },
  ]);
}

describe('ConfigDef', () => {
  test('defaults are parsed once, from text or typed values, and printed as Kafka prints them', () => {
    const d = defs();
    assert.equal(d.get('num.partitions')?.defaultValue, 1);
    assert.equal(d.get('retention.ms')?.defaultText, '604800000');
    assert.deepEqual(d.get('cleanup.policy')?.defaultValue, ['delete']);
    assert.equal(d.get('ssl.key.password')?.hasDefault, true);
    assert.equal(d.get('ssl.key.password')?.defaultValue, null);
    assert.equal(d.get('zookeeper.connect')?.hasDefault, false);
    assert.equal(d.get('retention.ms')?.area, 'log');
  });

  test('a default its own validator refuses, or a duplicate name, fails at definition', () => {
    assert.throws(
      () => new ConfigDef([{ name: 'x', type: 'INT', default: 0, validator: atLeast(1), importance: 'LOW', doc: '' }]),
      (e: unknown) => e instanceof ConfigError && e.key === 'x',
    );
    const d = new ConfigDef([{ name: 'x', type: 'INT', default: 1, importance: 'LOW', doc: '' }]);
    assert.throws(
      () => d.define({ name: 'x', type: 'INT', default: 1, importance: 'LOW', doc: '' }),
      (e: unknown) => e instanceof ConfigError && e.code === 'DEFINITION' && e.key === 'x',
    );
  });

  test('parseValue validates; the error names key, value and why', () => {
    const d = defs();
    assert.deepEqual(d.parseValue('num.partitions', '3'), { value: 3, text: '3' });
    assert.throws(
      () => d.parseValue('num.partitions', '0'),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.key === 'num.partitions' &&
        e.value === '0' &&
        e.reason === 'Value must be at least 1' &&
        e.message === 'Invalid value 0 for configuration num.partitions: Value must be at least 1',
    );
    // A listener override validated with its base definition is named as written.
    assert.throws(
      () => d.parseValue('num.partitions', 'x', 'listener.name.a.num.partitions'),
      (e: unknown) => e instanceof ConfigError && e.key === 'listener.name.a.num.partitions',
    );
    assert.throws(
      () => d.parseValue('no.such.key', '1'),
      (e: unknown) => e instanceof ConfigError && e.code === 'UNKNOWN_CONFIG' && e.key === 'no.such.key',
    );
  });

  test('a refused value is shown as Kafka prints it, not as JS does', () => {
    const d = new ConfigDef([
      { name: 'ratio', type: 'DOUBLE', default: 0.5, validator: between(0, 1), importance: 'LOW', doc: '' },
      {
        name: 'small',
        type: 'LONG',
        default: 1,
        validator: custom('tiny', (v) => (v === 1 ? undefined : 'Too big')),
        importance: 'LOW',
        doc: '',
      },
    ]);
    assert.throws(
      () => d.parseValue('ratio', '2'),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message === 'Invalid value 2.0 for configuration ratio: Value must be no more than 1',
    );
    assert.throws(
      () => d.parseValue('small', '9223372036854775807'),
      (e: unknown) => e instanceof ConfigError && e.value === '9223372036854775807' && e.reason === 'Too big',
    );
  });

  test('a PASSWORD value is hidden in the error that refuses it', () => {
    const d = new ConfigDef([
      { name: 'p', type: 'PASSWORD', default: null, importance: 'LOW', doc: '', validator: inList('only') },
    ]);
    assert.throws(
      () => d.parseValue('p', 'secret'),
      (e: unknown) => e instanceof ConfigError && e.value === '[hidden]' && !e.message.includes('secret'),
    );
  });
});

describe('ParsedConfig (AbstractConfig)', () => {
  test('given values win over defaults; a required key without a value is MISSING', () => {
    const c = new ParsedConfig(defs(), { 'zookeeper.connect': 'zk:2181', 'num.partitions': 3 });
    assert.equal(c.get('num.partitions'), 3);
    assert.equal(c.get('retention.ms'), 604800000);
    assert.throws(
      () => new ParsedConfig(defs(), {}),
      (e: unknown) => e instanceof ConfigError && e.code === 'MISSING' && e.key === 'zookeeper.connect',
    );
  });

  test('unknown keys are kept among the originals and listed, not refused', () => {
    const c = new ParsedConfig(defs(), { 'zookeeper.connect': 'zk', 'my.plugin.setting': 'on', 'num.partitions': '2' });
    assert.deepEqual(c.unknownKeys(), ['my.plugin.setting']);
    assert.equal(c.originals['my.plugin.setting'], 'on');
    assert.throws(
      () => c.get('my.plugin.setting'),
      (e: unknown) => e instanceof ConfigError && e.code === 'UNKNOWN_CONFIG',
    );
  });

  test('originalsWithPrefix hands a prefixed group on, unknown keys included', () => {
    const c = new ParsedConfig(defs(), {
      'zookeeper.connect': 'zk',
      'producer.linger.ms': 5,
      'producer.acks': 'all',
      'producer.': 'empty name, left out',
      'consumer.group.id': 'g',
    });
    assert.deepEqual(c.originalsWithPrefix('producer.'), { 'linger.ms': 5, acks: 'all' });
    assert.deepEqual(c.originalsWithPrefix('consumer.', false), { 'consumer.group.id': 'g' });
  });

  test('an invalid value refuses the whole configuration', () => {
    assert.throws(
      () => new ParsedConfig(defs(), { 'zookeeper.connect': 'zk', 'cleanup.policy': 'compact,archive' }),
      (e: unknown) => e instanceof ConfigError && e.key === 'cleanup.policy' && e.value === 'archive',
    );
  });

  test('PASSWORD values are hidden in toString, inspect, JSON and describe', () => {
    const c = new ParsedConfig(defs(), { 'zookeeper.connect': 'zk', 'ssl.key.password': 'hunter2' });
    assert.ok(c.get('ssl.key.password') instanceof Password);
    assert.equal((c.get('ssl.key.password') as Password).value, 'hunter2');
    for (const shown of [c.toString(), inspect(c), JSON.stringify(c), JSON.stringify(c.describe())]) {
      assert.ok(!shown.includes('hunter2'), shown);
    }
    assert.match(c.toString(), /\tssl\.key\.password = \[hidden\]/);
    assert.equal(c.text('ssl.key.password'), null);
    const entry = c.describe().find((e) => e.name === 'ssl.key.password');
    assert.deepEqual(entry && { value: entry.value, isSensitive: entry.isSensitive }, {
      value: null,
      isSensitive: true,
    });
  });

  test('describe: Kafka text, given keys carry the source, others DEFAULT_CONFIG; internal keys left out', () => {
    const c = new ParsedConfig(
      defs(),
      { 'zookeeper.connect': 'zk', 'num.partitions': '4' },
      { source: 'STATIC_BROKER_CONFIG' },
    );
    const byName = new Map(c.describe().map((e) => [e.name, e]));
    assert.equal(byName.get('num.partitions')?.source, 'STATIC_BROKER_CONFIG');
    assert.equal(byName.get('num.partitions')?.value, '4');
    assert.equal(byName.get('retention.ms')?.source, 'DEFAULT_CONFIG');
    assert.equal(byName.get('cleanup.policy')?.value, 'delete');
    assert.equal(byName.get('retention.ms')?.type, 'LONG');
    assert.equal(byName.has('internal.thing'), false);
    assert.deepEqual([...byName.keys()], [...byName.keys()].sort());
  });
});

describe('sources', () => {
  test('the first layer that sets a key wins; none means DEFAULT_CONFIG with the fallback', () => {
    const layers = [
      { source: 'DYNAMIC_BROKER_CONFIG' as const, values: new Map([['a', '1']]) },
      {
        source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' as const,
        values: new Map([
          ['a', '2'],
          ['b', '2'],
        ]),
      },
      { source: 'STATIC_BROKER_CONFIG' as const, values: new Map([['c', '3']]) },
    ];
    assert.deepEqual(pickValue(layers, 'a', null), { raw: '1', source: 'DYNAMIC_BROKER_CONFIG' });
    assert.deepEqual(pickValue(layers, 'b', null), { raw: '2', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' });
    assert.deepEqual(pickValue(layers, 'c', null), { raw: '3', source: 'STATIC_BROKER_CONFIG' });
    assert.deepEqual(pickValue(layers, 'd', '9'), { raw: '9', source: 'DEFAULT_CONFIG' });
  });

  test("the wire ids are DescribeConfigsResponse's", () => {
    assert.deepEqual(
      [
        CONFIG_SOURCE_IDS.TOPIC_CONFIG,
        CONFIG_SOURCE_IDS.DYNAMIC_BROKER_CONFIG,
        CONFIG_SOURCE_IDS.DYNAMIC_DEFAULT_BROKER_CONFIG,
        CONFIG_SOURCE_IDS.STATIC_BROKER_CONFIG,
        CONFIG_SOURCE_IDS.DEFAULT_CONFIG,
      ],
      [1, 2, 3, 4, 5],
    );
  });
});
