import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BROKER_CONFIG_DEFS,
  brokerConfigDef,
  listenerOverride,
  synonymNames,
  updateModeOf,
} from '../src/config/index.js';

describe('broker config definition table', () => {
  it('has one line of documentation and a valid default for every config', () => {
    for (const def of BROKER_CONFIG_DEFS.values()) {
      assert.ok(def.doc.length > 10 && !def.doc.includes('\n'), `${def.name} doc`);
      if (def.default !== null && def.validator) {
        // Defaults pass their own validators (the loader parses them like any value).
        assert.equal(def.validator.check(parseDefault(def.type, def.default)), undefined, def.name);
      }
    }
  });

  it("matches Kafka 3.8's types, importance and update modes for a sample", () => {
    const expect: ReadonlyArray<[string, string, string, string]> = [
      ['log.retention.ms', 'long', 'high', 'cluster-wide'],
      ['log.retention.hours', 'int', 'high', 'read-only'],
      ['log.segment.bytes', 'int', 'high', 'cluster-wide'],
      ['log.cleanup.policy', 'list', 'medium', 'cluster-wide'],
      ['log.cleaner.enable', 'boolean', 'medium', 'read-only'],
      ['log.cleaner.threads', 'int', 'medium', 'cluster-wide'],
      ['log.cleaner.min.cleanable.ratio', 'double', 'medium', 'cluster-wide'],
      ['listeners', 'string', 'high', 'per-broker'],
      ['advertised.listeners', 'string', 'high', 'per-broker'],
      ['listener.security.protocol.map', 'string', 'low', 'per-broker'],
      ['num.network.threads', 'int', 'high', 'cluster-wide'],
      ['max.connections', 'int', 'medium', 'cluster-wide'],
      ['message.max.bytes', 'int', 'high', 'cluster-wide'],
      ['ssl.keystore.password', 'password', 'medium', 'per-broker'],
      ['ssl.client.auth', 'string', 'medium', 'per-broker'],
      ['sasl.enabled.mechanisms', 'list', 'medium', 'per-broker'],
      ['offsets.topic.replication.factor', 'short', 'high', 'read-only'],
      ['producer.id.expiration.ms', 'int', 'low', 'cluster-wide'],
      ['unclean.leader.election.enable', 'boolean', 'high', 'cluster-wide'],
      ['zookeeper.connect', 'string', 'high', 'read-only'],
      ['broker.id', 'int', 'high', 'read-only'],
    ];
    for (const [name, type, importance, mode] of expect) {
      const def = brokerConfigDef(name);
      assert.ok(def, name);
      assert.deepEqual([def.type, def.importance, updateModeOf(def)], [type, importance, mode], name);
    }
  });

  it('prints validators the way Kafka docs show valid values', () => {
    assert.equal(brokerConfigDef('num.partitions')?.validator?.validValues, '[1,...]');
    assert.equal(brokerConfigDef('log.cleaner.min.cleanable.ratio')?.validator?.validValues, '[0,...,1]');
    assert.equal(brokerConfigDef('log.cleanup.policy')?.validator?.validValues, '[compact, delete]');
    assert.equal(brokerConfigDef('compression.gzip.level')?.validator?.validValues, '[1,...,9] or -1');
  });

  it("knows Kafka's synonym order", () => {
    assert.deepEqual(synonymNames('log.retention.hours'), [
      'log.retention.ms',
      'log.retention.minutes',
      'log.retention.hours',
    ]);
    assert.deepEqual(synonymNames('log.roll.ms'), ['log.roll.ms', 'log.roll.hours']);
    assert.deepEqual(synonymNames('log.flush.interval.ms'), [
      'log.flush.interval.ms',
      'log.flush.scheduler.interval.ms',
    ]);
    assert.deepEqual(synonymNames('log.flush.scheduler.interval.ms'), ['log.flush.scheduler.interval.ms']);
    assert.deepEqual(synonymNames('listener.name.ssl.ssl.keystore.location'), [
      'listener.name.ssl.ssl.keystore.location',
      'ssl.keystore.location',
    ]);
  });

  it('resolves listener-prefixed names, including per-mechanism SASL settings', () => {
    assert.equal(
      listenerOverride('listener.name.internal.ssl.truststore.location')?.base.name,
      'ssl.truststore.location',
    );
    assert.equal(
      listenerOverride('listener.name.internal.scram-sha-256.sasl.jaas.config')?.base.name,
      'sasl.jaas.config',
    );
    assert.equal(listenerOverride('listener.name.internal.not.a.config'), undefined);
    assert.equal(listenerOverride('ssl.truststore.location'), undefined);
  });

  it('records where Samsa deliberately departs from Kafka defaults', () => {
    const departures = [...BROKER_CONFIG_DEFS.values()].filter((d) => d.kafkaDefault !== undefined).map((d) => d.name);
    assert.deepEqual(departures.sort(), ['broker.id', 'listeners', 'log.dir', 'node.id']);
  });
});

function parseDefault(type: string, text: string): number | string | boolean | string[] {
  switch (type) {
    case 'int':
    case 'short':
    case 'long':
    case 'double':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'list':
      return text === '' ? [] : text.split(',');
    default:
      return text;
  }
}
