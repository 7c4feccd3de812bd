/**
 * The store layers: the in-memory store orders keys by bytes; the changelogging layer sends every
 * write (deletes as tombstones) to `<application.id>-<store>-changelog` at the task's partition;
 * a new task restores a store by replaying those records through the registration it exposes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type KeyValueStore, type OutputRecord, Serdes, StreamsBuilder, StreamTask } from '../src/index.js';

function buildTask(partition: number, sent: OutputRecord[]) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey()
    .count({ storeName: 'counts' });
  const topology = builder.build();
  const [subtopology] = topology.subtopologies();
  return new StreamTask({
    id: { subtopology: 0, partition },
    topology,
    subtopology,
    applicationId: 'app',
    collector: { send: (r) => sent.push(r) },
    defaultKeySerde: Serdes.String(),
    defaultValueSerde: null,
    clock: () => 0,
  });
}

const input = (key: string, offset: number) => ({
  topic: 'in',
  partition: 3,
  offset: BigInt(offset),
  timestamp: 100 + offset,
  key: Buffer.from(key),
  value: Buffer.from('v'),
  headers: [],
});

describe('state stores', () => {
  it('log every write to the changelog and restore a fresh task from it', () => {
    const sent: OutputRecord[] = [];
    const first = buildTask(3, sent);
    first.init();
    for (const [i, k] of ['b', 'a', 'b', 'c'].entries()) first.process(input(k, i), 'in');
    const store = first.getStore('counts') as KeyValueStore<string, number>;
    store.delete('c');
    assert.deepEqual(store.all(), [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    assert.ok(sent.every((r) => r.topic === 'app-counts-changelog' && r.partition === 3));
    assert.deepEqual(
      sent.map((r) => [r.key?.toString(), r.value === null ? null : r.value.readBigInt64BE(0)]),
      [
        ['b', 1n],
        ['a', 1n],
        ['b', 2n],
        ['c', 1n],
        ['c', null],
      ],
    );
    assert.deepEqual(sent.map((r) => r.timestamp).slice(0, 4), [100, 101, 102, 103]);

    const second = buildTask(3, []);
    assert.deepEqual(
      second.registrations.map((r) => [r.store, r.topic, r.partition]),
      [['counts', 'app-counts-changelog', 3]],
    );
    for (const r of sent) second.registrations[0].restore(r.key as Buffer, r.value, r.timestamp);
    second.init();
    const restored = second.getStore('counts') as KeyValueStore<string, number>;
    assert.deepEqual(restored.all(), [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    assert.deepEqual(restored.range('a', 'a'), [{ key: 'a', value: 1 }]);
    assert.equal(restored.approximateNumEntries(), 2);
  });
});
