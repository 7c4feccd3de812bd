/**
 * topology.describe() of join, global-table and split topologies, compared with the text Kafka
 * Streams 3.9.2 prints for the same DSL calls (join-describe.golden.ts): node names, store names
 * (KSTREAM-JOINTHIS-…-store, KSTREAM-OUTERSHARED-…-store, `<store>-outer-shared-join-store`), the
 * materialized source tables, the global store's sub-topology, and neighbour order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Branched, JoinWindows, type KStream, StreamJoined, StreamsBuilder } from '../src/index.js';
import * as golden from './join-describe.golden.js';

const j = (x: unknown, y: unknown) => `${x}${y}`;
const text = (b: StreamsBuilder) => b.build().describe().toString().trimEnd();
const expected = (s: string) => s.trimEnd();

function streamStream(kind: 'inner' | 'left' | 'outer' | 'named'): string {
  const b = new StreamsBuilder();
  const l = b.stream<string, string>('left');
  const r = b.stream<string, string>('right');
  const w = JoinWindows.ofTimeDifferenceAndGrace(10_000, 5_000);
  let o: KStream<string, string>;
  if (kind === 'inner') o = l.join(r, j, w);
  else if (kind === 'left') o = l.leftJoin(r, j, w);
  else if (kind === 'outer') o = l.outerJoin(r, j, w);
  else o = l.outerJoin(r, j, w, StreamJoined.as<string, string, string>('myjoin').withName('nm'));
  o.to('out');
  return text(b);
}

describe('describe() of joins matches Kafka Streams', () => {
  for (const kind of ['inner', 'left', 'outer', 'named'] as const) {
    it(`stream-stream ${kind} join`, () => assert.equal(streamStream(kind), expected(golden[kind])));
  }

  it('stream-table join (the table materialized under its drawn name) and a global-table left join', () => {
    const b = new StreamsBuilder();
    const s = b.stream<string, string>('orders');
    const t = b.table<string, string>('users');
    const g = b.globalTable<string, string>('products');
    s.join(t, j)
      .leftJoin(g, (_k, v) => v, j)
      .to('out');
    assert.equal(text(b), expected(golden.streamTable));
  });

  it('table-table inner, left and outer joins', () => {
    const b = new StreamsBuilder();
    const t1 = b.table<string, string>('t1');
    const t2 = b.table<string, string>('t2');
    t1.join(t2, j).toStream().to('o1');
    t1.leftJoin(t2, j).toStream().to('o2');
    t1.outerJoin(t2, j).toStream().to('o3');
    assert.equal(text(b), expected(golden.tableTable));
  });

  it('split() with a named branch, an unnamed one and the default branch', () => {
    const b = new StreamsBuilder();
    const branches = b
      .stream<string, string>('in')
      .split({ name: 'split-' })
      .branch((_k, v) => v.startsWith('a'), Branched.as('a'))
      .branch((_k, v) => v.startsWith('b'))
      .defaultBranch();
    assert.deepEqual([...branches.keys()], ['split-a', 'split-2', 'split-0']);
    for (const [name, stream] of branches) stream.to(`out-${name}`);
    assert.equal(text(b), expected(golden.split));
  });
});
