/**
 * Topologies run on the TopologyTestDriver (no broker): word count through a repartition topic,
 * stateless chains, aggregate/reduce into stores, KTable operations, punctuation on stream time
 * and on mocked wall-clock time, record metadata, and the changelog records stores write.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type KeyValueStore,
  type ProcessorContext,
  PunctuationType,
  Serdes,
  Stores,
  StreamsBuilder,
  StreamsError,
  Topology,
  TopologyTestDriver,
} from '../src/index.js';

const str = Serdes.String();
const long = Serdes.Long();

function wordCount(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string | null, string>('text', { keySerde: Serdes.String(), valueSerde: str })
    .flatMapValues((line) =>
      line
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => w.length > 0),
    )
    .groupBy((_k, word) => word, { keySerde: str, valueSerde: str })
    .count({ storeName: 'counts' })
    .toStream()
    .to('word-counts', { keySerde: str, valueSerde: long });
  return builder.build();
}

describe('TopologyTestDriver', () => {
  it('counts words through the repartition topic, one update per word, store and changelog agree', () => {
    const driver = new TopologyTestDriver(wordCount(), { applicationId: 'wc' });
    const input = driver.createInputTopic('text', Serdes.String(), str);
    const output = driver.createOutputTopic('word-counts', str, long);
    input.pipeValue('Hello Kafka Streams', 1000);
    input.pipeValue('hello samsa', 2000);
    assert.deepEqual(output.readKeyValuesToList(), [
      { key: 'hello', value: 1 },
      { key: 'kafka', value: 1 },
      { key: 'streams', value: 1 },
      { key: 'hello', value: 2 },
      { key: 'samsa', value: 1 },
    ]);
    const store = driver.getKeyValueStore<string, number>('counts');
    assert.ok(store);
    assert.equal(store.get('hello'), 2);
    assert.equal(store.get('absent'), null);
    assert.deepEqual(
      store.all().map((e) => [e.key, e.value]),
      [
        ['hello', 2],
        ['kafka', 1],
        ['samsa', 1],
        ['streams', 1],
      ],
    );
    // Internal topics carry the application id: the repartition topic and the store's changelog.
    assert.deepEqual(
      driver
        .createOutputTopic('wc-counts-repartition', str, str)
        .readKeyValuesToList()
        .map((kv) => kv.key),
      ['hello', 'kafka', 'streams', 'hello', 'samsa'],
    );
    const changelog = driver.createOutputTopic('wc-counts-changelog', str, long).readRecordsToList();
    assert.deepEqual(
      changelog.map((r) => [r.key, r.value, r.timestamp]),
      [
        ['hello', 1, 1000],
        ['kafka', 1, 1000],
        ['streams', 1, 1000],
        ['hello', 2, 2000],
        ['samsa', 1, 2000],
      ],
    );
    // Output timestamps are the input records'.
    input.pipeValue('kafka', 5000);
    assert.equal(output.readRecord().timestamp, 5000);
    driver.close();
  });

  it('runs filter/map chains with typed JSON values, merge, peek and foreach', () => {
    interface Order {
      id: string;
      amount: number;
      country: string;
    }
    const builder = new StreamsBuilder();
    const json = Serdes.Json<Order | null>();
    const orders = builder.stream<string, Order | null>('orders', { keySerde: str, valueSerde: json });
    const refunds = builder.stream<string, Order | null>('refunds', { keySerde: str, valueSerde: json });
    const seen: string[] = [];
    const big = orders
      .merge(refunds)
      .filter((_k, o) => o !== null)
      .filterNot((_k, o) => (o as Order).amount < 100)
      .peek((k) => seen.push(k))
      .map((_k, o) => [(o as Order).country, (o as Order).amount] as [string, number]);
    big.to('big-by-country', { keySerde: str, valueSerde: Serdes.Double() });
    const each: number[] = [];
    big
      .selectKey((k) => k.toLowerCase())
      .mapValues((a) => a * 2)
      .foreach((_k, v) => each.push(v));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'orders' });
    const inOrders = driver.createInputTopic('orders', str, json);
    const inRefunds = driver.createInputTopic('refunds', str, json);
    const out = driver.createOutputTopic('big-by-country', str, Serdes.Double());
    inOrders.pipeInput('o1', { id: 'o1', amount: 50, country: 'FR' });
    inOrders.pipeInput('o2', { id: 'o2', amount: 150.5, country: 'DE' });
    inRefunds.pipeInput('r1', { id: 'r1', amount: 300, country: 'FR' });
    inOrders.pipeInput('o3', null);
    assert.deepEqual(out.readKeyValuesToList(), [
      { key: 'DE', value: 150.5 },
      { key: 'FR', value: 300 },
    ]);
    assert.deepEqual(seen, ['o2', 'r1']);
    assert.deepEqual(each, [301, 600]);
    assert.throws(
      () => driver.createInputTopic('nope', str, str),
      (e: unknown) => e instanceof StreamsError && e.code === 'UNKNOWN_TOPIC',
    );
    driver.close();
  });

  it('flatMap re-keys and forces a repartition before reduce; aggregate folds typed aggregates', () => {
    const builder = new StreamsBuilder();
    const s = builder.stream<string, string>('pairs', { keySerde: str, valueSerde: str });
    s.flatMap((_k, v) => v.split(',').map((p) => p.split('=') as [string, string]))
      .mapValues((v) => Number(v))
      .groupByKey({ keySerde: str, valueSerde: Serdes.Integer(), name: 'by-name' })
      .reduce((a, b) => Math.max(a, b), { storeName: 'max', keySerde: str, valueSerde: Serdes.Integer() })
      .toStream()
      .to('max-out', { keySerde: str, valueSerde: Serdes.Integer() });
    s.groupByKey({ keySerde: str, valueSerde: str }).aggregate(
      () => ({ n: 0, text: '' }),
      (_k, v, agg) => ({ n: agg.n + 1, text: agg.text + v }),
      {
        storeName: 'concat',
        valueSerde: Serdes.Json<{ n: number; text: string }>(),
      },
    );
    const topology = builder.build();
    assert.ok(topology.repartitionTopics.has('by-name-repartition'));
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const input = driver.createInputTopic('pairs', str, str);
    input.pipeInput('x', 'a=1,b=5');
    input.pipeInput('y', 'a=3,b=2');
    assert.deepEqual(driver.createOutputTopic('max-out', str, Serdes.Integer()).readKeyValuesToList(), [
      { key: 'a', value: 1 },
      { key: 'b', value: 5 },
      { key: 'a', value: 3 },
      { key: 'b', value: 5 },
    ]);
    assert.deepEqual(driver.getKeyValueStore('concat')?.get('x'), { n: 1, text: 'a=1,b=5' });
    driver.close();
  });

  it('KTable filter forwards rows that do not pass as deletes (Kafka without old values); mapValues and toStream', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, number>('scores', {
        keySerde: str,
        valueSerde: Serdes.Long(),
        materialized: { storeName: 'scores-store' },
      })
      .filter((_k, v) => v >= 10)
      .mapValues((v) => `score ${v}`)
      .toStream()
      .to('good', { keySerde: str, valueSerde: Serdes.String() });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 't' });
    const input = driver.createInputTopic('scores', str, Serdes.Long());
    const out = driver.createOutputTopic('good', str, Serdes.String());
    input.pipeInput('ann', 12);
    input.pipeInput('bob', 3); // does not pass: a delete (Kafka cannot know it never passed)
    input.pipeInput('ann', 4); // stopped passing: a delete
    input.pipeInput('bob', 30);
    assert.deepEqual(out.readKeyValuesToList(), [
      { key: 'ann', value: 'score 12' },
      { key: 'bob', value: null },
      { key: 'ann', value: null },
      { key: 'bob', value: 'score 30' },
    ]);
    assert.equal(driver.getKeyValueStore<string, number>('scores-store')?.get('ann'), 4);
    driver.close();
  });

  it('punctuates on stream time (aligned, once per jump) and on mocked wall-clock time; exposes record metadata', () => {
    const streamTicks: number[] = [];
    const wallTicks: number[] = [];
    const meta: string[] = [];
    const topology = new Topology()
      .addSource('src', 'events', { keySerde: str, valueSerde: str })
      .addProcessor(
        'proc',
        () => {
          let ctx: ProcessorContext<string, number>;
          let store: KeyValueStore<string, number>;
          return {
            init(c: ProcessorContext<string, number>) {
              ctx = c;
              store = c.getStateStore('seen');
              c.schedule(10, PunctuationType.STREAM_TIME, (ts) => {
                streamTicks.push(ts);
                for (const e of store.all()) ctx.forward({ key: e.key, value: e.value, timestamp: ts, headers: [] });
              });
              c.schedule(1000, PunctuationType.WALL_CLOCK_TIME, (ts) => wallTicks.push(ts));
            },
            process(r: {
              key: string;
              value: string;
              timestamp: number;
              headers: { key: string; value: Buffer | null }[];
            }) {
              const m = ctx.recordMetadata();
              meta.push(`${m?.topic}-${m?.partition}@${m?.offset}:${r.headers.map((h) => h.key).join()}`);
              store.put(r.key, (store.get(r.key) ?? 0) + 1);
            },
          };
        },
        'src',
      )
      .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('seen'), str, Serdes.Long()), 'proc')
      .addSink('out', 'totals', 'proc', { keySerde: str, valueSerde: Serdes.Long() });
    const driver = new TopologyTestDriver(topology, { applicationId: 'p', initialWallClockTimeMs: 0 });
    const input = driver.createInputTopic('events', str, str);
    const out = driver.createOutputTopic('totals', str, Serdes.Long());
    input.pipeInput('a', 'x', 3, [{ key: 'h', value: Buffer.from('1') }]); // stream time 3 ≥ 0: fires at 3
    input.pipeInput('a', 'x', 5);
    input.pipeInput('b', 'x', 12); // ≥ 10
    input.pipeInput('b', 'x', 4); // out of order: stream time stays 12
    input.pipeInput('a', 'x', 45); // jumps over 20, 30, 40: fires once
    input.pipeInput('a', 'x', 49);
    input.pipeInput('a', 'x', 50);
    assert.deepEqual(streamTicks, [3, 12, 45, 50]);
    assert.deepEqual(out.readKeyValuesToList().slice(0, 1), [{ key: 'a', value: 1 }]);
    assert.deepEqual(meta.slice(0, 2), ['events-0@0:h', 'events-0@1:']);
    assert.deepEqual(wallTicks, []);
    driver.advanceWallClockTime(999);
    assert.deepEqual(wallTicks, []);
    driver.advanceWallClockTime(1);
    driver.advanceWallClockTime(2500);
    assert.deepEqual(wallTicks, [1000, 3500]);
    driver.close();
  });

  it('refuses a store the processor is not connected to', () => {
    const topology = new Topology()
      .addSource('src', 'in', { keySerde: str, valueSerde: str })
      .addProcessor('a', () => ({ init: (c: ProcessorContext) => void c.getStateStore('s'), process() {} }), 'src')
      .addProcessor('b', () => ({ process() {} }), 'src')
      .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), str, str), 'b');
    assert.throws(
      () => new TopologyTestDriver(topology),
      (e: unknown) => e instanceof StreamsError && e.code === 'STATE_STORE',
    );
  });
});
