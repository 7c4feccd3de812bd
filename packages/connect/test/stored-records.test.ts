/**
 * The internal-topic records of distributed mode, byte for byte as Kafka 3.9's
 * KafkaConfigBackingStore and KafkaStatusBackingStore write them (the expected strings were printed
 * by Kafka's own classes), and the replay rule Kafka applies to the config topic: task configs
 * count only once their commit record arrives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigState } from '../src/runtime/distributed/config-state.js';
import { StoredRecords } from '../src/runtime/distributed/stored-records.js';

const text = (r: { key: string; value: Buffer | null }) => [r.key, r.value?.toString('utf8') ?? null];

test("config and status records are Kafka's keys and JSON values", () => {
  assert.deepEqual(text(StoredRecords.connectorConfig('sink', { 'connector.class': 'FileStreamSink', topics: 't' })), [
    'connector-sink',
    '{"properties":{"connector.class":"FileStreamSink","topics":"t"}}',
  ]);
  assert.deepEqual(text(StoredRecords.taskConfig('sink', 0, { file: 'x' })), [
    'task-sink-0',
    '{"properties":{"file":"x"}}',
  ]);
  assert.deepEqual(text(StoredRecords.commit('sink', 2)), ['commit-sink', '{"tasks":2}']);
  assert.deepEqual(text(StoredRecords.targetState('sink', 'PAUSED')), [
    'target-state-sink',
    '{"state":"PAUSED","state.v2":"PAUSED"}',
  ]);
  assert.deepEqual(text(StoredRecords.targetState('sink', 'STOPPED')), [
    'target-state-sink',
    '{"state":"PAUSED","state.v2":"STOPPED"}',
  ]);
  assert.deepEqual(text(StoredRecords.restartRequest('sink', true, false)), [
    'restart-connector-sink',
    '{"include-tasks":true,"only-failed":false}',
  ]);
  assert.deepEqual(
    text(StoredRecords.connectorStatus('sink', { state: 'RUNNING', trace: null, workerId: 'w:8083', generation: 3 })),
    ['status-connector-sink', '{"state":"RUNNING","trace":null,"worker_id":"w:8083","generation":3}'],
  );
  assert.deepEqual(text(StoredRecords.connectorConfig('sink', null)), ['connector-sink', null]);
});

test('replaying the config topic: task configs appear with their commit, tombstones delete', () => {
  const state = new ConfigState();
  const apply = (r: { key: string; value: Buffer | null }) => state.apply(r.key, r.value);
  apply(StoredRecords.connectorConfig('c', { 'connector.class': 'FileStreamSink', 'tasks.max': '2' }));
  assert.equal(state.targetStates.get('c'), 'STARTED');
  apply(StoredRecords.taskConfig('c', 0, { a: '0' }));
  apply(StoredRecords.taskConfig('c', 1, { a: '1' }));
  assert.equal(state.taskConfigs.get('c'), undefined, 'not visible before the commit');
  apply(StoredRecords.commit('c', 2));
  assert.deepEqual(state.taskConfigs.get('c'), [{ a: '0' }, { a: '1' }]);
  // A leader that died after writing one of two new task configs: the old set stays.
  apply(StoredRecords.taskConfig('c', 0, { a: 'new' }));
  apply(StoredRecords.commit('c', 2));
  assert.ok(state.inconsistent.has('c'));
  assert.deepEqual(state.taskConfigs.get('c'), [{ a: '0' }, { a: '1' }]);
  apply(StoredRecords.taskConfig('c', 1, { a: 'new1' }));
  apply(StoredRecords.commit('c', 2));
  assert.deepEqual(state.taskConfigs.get('c'), [{ a: 'new' }, { a: 'new1' }]);
  assert.ok(!state.inconsistent.has('c'));
  apply(StoredRecords.targetState('c', 'STOPPED'));
  assert.equal(state.targetStates.get('c'), 'STOPPED');
  state.apply('target-state-c', Buffer.from('{"state":"PAUSED"}'));
  assert.equal(state.targetStates.get('c'), 'PAUSED', 'a pre-3.5 record without state.v2');
  apply(StoredRecords.connectorConfig('c', null));
  assert.equal(state.connectors.has('c'), false);
  assert.equal(state.taskConfigs.has('c'), false);
});
