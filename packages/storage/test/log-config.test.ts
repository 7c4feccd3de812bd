import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '@samsa/common';
import {
  DEFAULT_LOG_CONFIG,
  isTopicConfig,
  logConfigDef,
  logConfigDefs,
  logConfigFromServerProperties,
  logConfigToProps,
  parseLogConfig,
} from '../src/index.js';

function rejectsKey(key: string) {
  return (e: unknown) => e instanceof ConfigError && e.key === key && e.message.includes(key);
}

test("defaults are Kafka's", () => {
  assert.deepEqual(DEFAULT_LOG_CONFIG['cleanup.policy'], ['delete']);
  assert.equal(DEFAULT_LOG_CONFIG['retention.ms'], 604800000);
  assert.equal(DEFAULT_LOG_CONFIG['retention.bytes'], -1);
  assert.equal(DEFAULT_LOG_CONFIG['segment.bytes'], 1073741824);
  assert.equal(DEFAULT_LOG_CONFIG['segment.ms'], 604800000);
  assert.equal(DEFAULT_LOG_CONFIG['max.message.bytes'], 1048588);
  assert.equal(DEFAULT_LOG_CONFIG['index.interval.bytes'], 4096);
  assert.equal(DEFAULT_LOG_CONFIG['segment.index.bytes'], 10485760);
  assert.equal(DEFAULT_LOG_CONFIG['min.cleanable.dirty.ratio'], 0.5);
  assert.equal(DEFAULT_LOG_CONFIG['message.timestamp.type'], 'CreateTime');
  assert.equal(DEFAULT_LOG_CONFIG['compression.type'], 'producer');
  assert.equal(logConfigToProps(DEFAULT_LOG_CONFIG)['flush.messages'], '9223372036854775807');
});

test("values are parsed with Kafka's types and ranges", () => {
  const c = parseLogConfig({
    'cleanup.policy': 'compact, delete',
    'retention.ms': '-1',
    'segment.bytes': ' 14 ',
    'min.cleanable.dirty.ratio': '0.1',
    preallocate: 'TRUE',
    'max.compaction.lag.ms': '9223372036854775807',
    'not.a.topic.config': 'ignored',
  });
  assert.deepEqual(c['cleanup.policy'], ['compact', 'delete']);
  assert.equal(c['retention.ms'], -1);
  assert.equal(c['segment.bytes'], 14);
  assert.equal(c['min.cleanable.dirty.ratio'], 0.1);
  assert.equal(c.preallocate, true);
  assert.equal(c['max.compaction.lag.ms'], Number.POSITIVE_INFINITY);
});

test('invalid values throw ConfigError naming the key', () => {
  assert.throws(() => parseLogConfig({ 'segment.bytes': '13' }), rejectsKey('segment.bytes'));
  assert.throws(() => parseLogConfig({ 'segment.bytes': '1e9' }), rejectsKey('segment.bytes'));
  assert.throws(() => parseLogConfig({ 'segment.bytes': '4294967296' }), rejectsKey('segment.bytes'));
  assert.throws(() => parseLogConfig({ 'retention.ms': '-2' }), rejectsKey('retention.ms'));
  assert.throws(() => parseLogConfig({ 'retention.ms': 'forever' }), rejectsKey('retention.ms'));
  assert.throws(() => parseLogConfig({ 'cleanup.policy': 'compact,archive' }), rejectsKey('cleanup.policy'));
  assert.throws(() => parseLogConfig({ 'compression.type': 'brotli' }), rejectsKey('compression.type'));
  assert.throws(() => parseLogConfig({ 'message.timestamp.type': 'createtime' }), rejectsKey('message.timestamp.type'));
  assert.throws(() => parseLogConfig({ 'min.cleanable.dirty.ratio': '1.5' }), rejectsKey('min.cleanable.dirty.ratio'));
  assert.throws(
    () => parseLogConfig({ 'unclean.leader.election.enable': 'yes' }),
    rejectsKey('unclean.leader.election.enable'),
  );
  assert.throws(() => parseLogConfig({ 'min.insync.replicas': '0' }), rejectsKey('min.insync.replicas'));
  assert.throws(
    () => parseLogConfig({ 'min.compaction.lag.ms': '10', 'max.compaction.lag.ms': '5' }),
    rejectsKey('min.compaction.lag.ms'),
  );
});

test('the definition table names the broker settings that supply defaults', () => {
  assert.equal(logConfigDef('retention.ms').serverDefaultProperty, 'log.retention.ms');
  assert.equal(logConfigDef('segment.bytes').serverDefaultProperty, 'log.segment.bytes');
  assert.equal(logConfigDef('cleanup.policy').serverDefaultProperty, 'log.cleanup.policy');
  assert.equal(logConfigDef('segment.ms').serverDefaultProperty, 'log.roll.ms');
  assert.equal(logConfigDef('max.message.bytes').serverDefaultProperty, 'message.max.bytes');
  assert.equal(logConfigDef('flush.messages').serverDefaultProperty, 'log.flush.interval.messages');
  assert.equal(logConfigDef('flush.ms').serverDefaultProperty, 'log.flush.interval.ms');
  assert.equal(logConfigDef('leader.replication.throttled.replicas').serverDefaultProperty, null);
  for (const def of logConfigDefs) {
    assert.ok(isTopicConfig(def.name));
    assert.ok(def.doc.length > 0, def.name);
    assert.ok(def.hasDefault, def.name);
    const dflt = def.defaultValue;
    if (dflt !== null) assert.doesNotThrow(() => def.validator?.ensureValid(def.name, dflt), def.name);
  }
  assert.ok(!isTopicConfig('log.retention.ms'));
  assert.ok(!isTopicConfig('toString'));
});

test("broker properties become the default topic config, honouring Kafka's precedence", () => {
  const c = logConfigFromServerProperties({
    'log.retention.hours': '1',
    'log.roll.hours': '2',
    'log.roll.ms': '5000',
    'log.segment.bytes': '2048',
    'message.max.bytes': '999',
    'log.cleanup.policy': 'compact',
  });
  assert.equal(c['retention.ms'], 3_600_000);
  assert.equal(c['segment.ms'], 5000);
  assert.equal(c['segment.bytes'], 2048);
  assert.equal(c['max.message.bytes'], 999);
  assert.deepEqual(c['cleanup.policy'], ['compact']);
  assert.equal(logConfigFromServerProperties({ 'log.retention.minutes': '2' })['retention.ms'], 120_000);
  assert.throws(() => logConfigFromServerProperties({ 'log.segment.bytes': 'big' }), rejectsKey('log.segment.bytes'));
  // Topic overrides then apply on top.
  assert.equal(parseLogConfig({ 'retention.ms': '10' }, c)['segment.bytes'], 2048);
});
