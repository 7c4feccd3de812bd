import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logConfigDefs, parseLogConfig } from '@samsa/storage';
import {
  brokerConfigDef,
  loadBrokerConfig,
  topicConfigDefaults,
  topicConfigServerDefaults,
} from '../src/config/index.js';

const load = (...overrides: string[]) => loadBrokerConfig({ overrides }).config;

describe('topicConfigDefaults (KafkaConfig.extractLogConfigMap)', () => {
  it("maps Kafka's broker defaults onto topic config names", () => {
    const d = topicConfigDefaults(load());
    assert.equal(d['segment.bytes'], '1073741824');
    assert.equal(d['segment.ms'], '604800000');
    assert.equal(d['segment.jitter.ms'], '0');
    assert.equal(d['segment.index.bytes'], '10485760');
    assert.equal(d['retention.ms'], '604800000');
    assert.equal(d['retention.bytes'], '-1');
    assert.equal(d['cleanup.policy'], 'delete');
    assert.equal(d['max.message.bytes'], '1048588');
    assert.equal(d['min.insync.replicas'], '1');
    assert.equal(d['compression.type'], 'producer');
    assert.equal(d['flush.messages'], '9223372036854775807');
    assert.equal(d['flush.ms'], '9223372036854775807');
    assert.equal(d['delete.retention.ms'], '86400000');
    assert.equal(d['min.cleanable.dirty.ratio'], '0.5');
    assert.equal(d['max.compaction.lag.ms'], '9223372036854775807');
    assert.equal(d['file.delete.delay.ms'], '60000');
    assert.equal(d['message.timestamp.type'], 'CreateTime');
    assert.equal(d['unclean.leader.election.enable'], 'false');
    assert.equal(d['index.interval.bytes'], '4096');
    assert.equal(d.preallocate, 'false');
  });

  it('applies the broker precedence rules before handing values to topics', () => {
    const d = topicConfigDefaults(
      load(
        'log.retention.minutes=90',
        'log.roll.hours=1',
        'log.flush.scheduler.interval.ms=5000',
        'log.cleanup.policy=compact,delete',
        'message.max.bytes=2000000',
        'log.message.timestamp.difference.max.ms=60000',
      ),
    );
    assert.equal(d['retention.ms'], String(90 * 60000));
    assert.equal(d['segment.ms'], '3600000');
    assert.equal(d['flush.ms'], '5000');
    assert.equal(d['cleanup.policy'], 'compact,delete');
    assert.equal(d['max.message.bytes'], '2000000');
    assert.equal(d['message.timestamp.before.max.ms'], '60000');
    assert.equal(topicConfigDefaults(load('log.retention.hours=-1'))['retention.ms'], '-1');
  });

  it('follows dynamic broker updates', () => {
    const c = load().withDynamic({ 'log.retention.ms': '1234', 'log.segment.bytes': '4096' }, 'default');
    const d = topicConfigDefaults(c);
    assert.equal(d['retention.ms'], '1234');
    assert.equal(d['segment.bytes'], '4096');
  });

  it("uses storage's serverDefaultProperty table, every entry naming a broker config Samsa defines", () => {
    const mapping = topicConfigServerDefaults();
    for (const def of logConfigDefs) {
      if (def.serverDefaultProperty === null) continue;
      assert.ok(
        brokerConfigDef(def.serverDefaultProperty),
        `${def.name} → ${def.serverDefaultProperty} is not a broker config`,
      );
      assert.equal(mapping.get(def.name), def.serverDefaultProperty);
    }
    assert.equal(mapping.get('retention.ms'), 'log.retention.ms');
    assert.equal(mapping.get('max.message.bytes'), 'message.max.bytes');
    assert.equal(mapping.get('min.cleanable.dirty.ratio'), 'log.cleaner.min.cleanable.ratio');
  });

  it('produces values the storage layer accepts', () => {
    const defaults = topicConfigDefaults(load('log.retention.hours=48', 'log.cleanup.policy=compact'));
    const config = parseLogConfig(defaults);
    assert.equal(config['retention.ms'], 48 * 3600000);
    assert.deepEqual(config['cleanup.policy'], ['compact']);
  });
});
