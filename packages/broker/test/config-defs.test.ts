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
    for (const def of BROKER_CONFIG_DEFS.keys()) {
      assert.ok(def.doc.length > 10 && !def.doc.includes('\n'), `${def.name} doc`);
      // Defaults parse as their type and pass their own validators (the table would not load otherwise).
      assert.equal(def.defaultValue === null, def.default === null, def.name);
      if (def.defaultValue !== null) def.validator?.ensureValid(def.name, def.defaultValue);
    }
  });

  it("matches Kafka 3.8's types, importance and update modes for a sample", () => {
    const expect: ReadonlyArray<[string, string, string, string]> = [
      ['log.retention.ms', 'LONG', 'HIGH', 'cluster-wide'],
      ['log.retention.hours', 'INT', 'HIGH', 'read-only'],
      ['log.segment.bytes', 'INT', 'HIGH', 'cluster-wide'],
      ['log.cleanup.policy', 'LIST', 'MEDIUM', 'cluster-wide'],
      ['log.cleaner.enable', 'BOOLEAN', 'MEDIUM', 'read-only'],
      ['log.cleaner.threads', 'INT', 'MEDIUM', 'cluster-wide'],
      ['log.cleaner.min.cleanable.ratio', 'DOUBLE', 'MEDIUM', 'cluster-wide'],
      ['listeners', 'STRING', 'HIGH', 'per-broker'],
      ['advertised.listeners', 'STRING', 'HIGH', 'per-broker'],
      ['listener.security.protocol.map', 'STRING', 'LOW', 'per-broker'],
      ['num.network.threads', 'INT', 'HIGH', 'cluster-wide'],
      ['max.connections', 'INT', 'MEDIUM', 'cluster-wide'],
      ['message.max.bytes', 'INT', 'HIGH', 'cluster-wide'],
      ['ssl.keystore.password', 'PASSWORD', 'MEDIUM', 'per-broker'],
      ['ssl.client.auth', 'STRING', 'MEDIUM', 'per-broker'],
      ['sasl.enabled.mechanisms', 'LIST', 'MEDIUM', 'per-broker'],
      ['offsets.topic.replication.factor', 'SHORT', 'HIGH', 'read-only'],
      ['producer.id.expiration.ms', 'INT', 'LOW', 'cluster-wide'],
      ['unclean.leader.election.enable', 'BOOLEAN', 'HIGH', 'cluster-wide'],
      ['zookeeper.connect', 'STRING', 'HIGH', 'read-only'],
      ['broker.id', 'INT', 'HIGH', 'read-only'],
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
    const departures = [...BROKER_CONFIG_DEFS.keys()].filter((d) => d.kafkaDefault !== undefined).map((d) => d.name);
    assert.deepEqual(departures.sort(), ['broker.id', 'listeners', 'log.dir', 'node.id']);
  });
});
