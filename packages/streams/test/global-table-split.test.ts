/**
 * Global tables and split() on the TopologyTestDriver: a stream enriched from a GlobalKTable by a
 * key taken from the value (inner and left), the global store filled from its topic and readable
 * by name; split() routing each record to the first matching branch, else the default one
 * (seed 003's dead-letter topic); and the co-partitioning groups a join records.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Branched, JoinWindows, Serdes, StreamsBuilder, TopologyTestDriver } from '../src/index.js';

const str = Serdes.String();

describe('GlobalKTable', () => {
  it('joins a stream with a global table by a selected key; left join keeps unmatched records', () => {
    const b = new StreamsBuilder();
    const products = b.globalTable<string, string>('products', { keySerde: str, valueSerde: str });
    const orders = b.stream<string, string>('orders', { keySerde: str, valueSerde: str });
    // order value: "<productId>:<quantity>"
    const productOf = (_k: string, v: string) => v.split(':')[0] as string;
    orders.join(products, productOf, (o, p) => `${o} ${p}`).to('enriched', { keySerde: str, valueSerde: str });
    orders.leftJoin(products, productOf, (o, p) => `${o} ${p}`).to('all', { keySerde: str, valueSerde: str });
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'global' });
    try {
      const p = driver.createInputTopic('products', str, str);
      const o = driver.createInputTopic('orders', str, str);
      p.pipeInput('p1', 'apple', 1);
      p.pipeInput('p2', 'pear', 2);
      o.pipeInput('o1', 'p1:3', 10);
      o.pipeInput('o2', 'p9:1', 11);
      p.pipeInput('p1', null as unknown as string, 12); // deleted from the global table
      o.pipeInput('o3', 'p1:1', 13);
      o.pipeInput('o4', 'p2:5', 14);
      const read = (t: string) =>
        driver
          .createOutputTopic(t, str, str)
          .readRecordsToList()
          .map((r) => `${r.key}=${r.value}@${r.timestamp}`);
      assert.deepEqual(read('enriched'), ['o1=p1:3 apple@10', 'o4=p2:5 pear@14']);
      assert.deepEqual(read('all'), ['o1=p1:3 apple@10', 'o2=p9:1 null@11', 'o3=p1:1 null@13', 'o4=p2:5 pear@14']);
      const store = driver.getKeyValueStore<string, string>('products-STATE-STORE-0000000000');
      assert.equal(store?.get('p2'), 'pear');
      assert.equal(store?.get('p1'), null);
    } finally {
      driver.close();
    }
  });
});

describe('split()', () => {
  it('routes to the first matching branch, the rest to the default branch', () => {
    const b = new StreamsBuilder();
    const branches = b
      .stream<string, string>('lines', { keySerde: str, valueSerde: str })
      .split({ name: 'parse-' })
      .branch((_k, v) => v.startsWith('ERROR'), Branched.as('errors'))
      .branch(
        (_k, v) => v.includes(' '),
        Branched.withFunction((s) => s.mapValues((v) => v.toUpperCase()), 'ok'),
      )
      .defaultBranch(Branched.as('dead-letter'));
    for (const [name, s] of branches) s.to(name, { keySerde: str, valueSerde: str });
    assert.deepEqual([...branches.keys()], ['parse-errors', 'parse-ok', 'parse-dead-letter']);
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'split' });
    try {
      const input = driver.createInputTopic('lines', str, str);
      for (const v of ['ERROR disk full', 'GET /index', 'garbage', 'ERROR x']) input.pipeInput('k', v, 1);
      const read = (t: string) => driver.createOutputTopic(t, str, str).readValuesToList();
      assert.deepEqual(read('parse-errors'), ['ERROR disk full', 'ERROR x']);
      assert.deepEqual(read('parse-ok'), ['GET /INDEX']);
      assert.deepEqual(read('parse-dead-letter'), ['garbage']);
    } finally {
      driver.close();
    }
  });
});

describe('co-partitioning', () => {
  it('a join records its two sides source topics as one co-partition group', () => {
    const b = new StreamsBuilder();
    const l = b.stream<string, string>('clicks');
    const r = b.stream<string, string>('views');
    const t = b.table<string, string>('users');
    l.join(r, (x, y) => x + y, JoinWindows.ofTimeDifferenceWithNoGrace(10)).join(t, (x, y) => x + y);
    assert.deepEqual(b.build().copartitionGroups, [
      ['clicks', 'views'],
      ['clicks', 'users', 'views'],
    ]);
  });
});
