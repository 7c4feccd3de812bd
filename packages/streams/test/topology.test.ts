/**
 * Topology building refuses what Kafka's refuses, with typed TOPOLOGY errors: duplicate names, a
 * topic read by two sources, unknown or sink parents, unknown stores; and sub-topologies are
 * joined by shared stores, as Kafka groups them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Serdes, Stores, StreamsError, Topology } from '../src/index.js';

const isTopology = (e: unknown) => e instanceof StreamsError && e.code === 'TOPOLOGY';
const noop = () => ({ process() {} });
const store = (name: string) =>
  Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.String());

describe('Topology', () => {
  it('refuses duplicate names, shared topics, bad parents and unknown stores', () => {
    const t = new Topology().addSource('s', 'in').addProcessor('p', noop, 's').addSink('k', 'out', 'p');
    assert.throws(() => t.addSource('s', 'other'), isTopology);
    assert.throws(() => t.addSource('s2', 'in'), isTopology);
    assert.throws(() => t.addSource('s3', []), isTopology);
    assert.throws(() => t.addProcessor('q', noop, 'missing'), isTopology);
    assert.throws(() => t.addProcessor('q', noop, 'k'), isTopology);
    assert.throws(() => t.addProcessor('q', noop), isTopology);
    assert.throws(() => t.connectProcessorAndStateStores('p', 'nope'), isTopology);
    t.addStateStore(store('st'), 'p');
    assert.throws(() => t.addStateStore(store('st')), isTopology);
  });

  it('puts processors that share a store into one sub-topology', () => {
    const t = new Topology()
      .addSource('a', 'ta')
      .addSource('b', 'tb')
      .addProcessor('pa', noop, 'a')
      .addProcessor('pb', noop, 'b')
      .addSource('c', 'tc')
      .addProcessor('pc', noop, 'c');
    assert.equal(t.subtopologies().length, 3);
    t.addStateStore(store('shared'), 'pa', 'pb');
    const subs = t.subtopologies();
    assert.deepEqual(
      subs.map((s) => [s.id, s.sourceTopics, s.stores]),
      [
        [0, ['ta', 'tb'], ['shared']],
        [1, ['tc'], []],
      ],
    );
  });
});
