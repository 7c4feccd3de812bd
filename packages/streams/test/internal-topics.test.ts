/**
 * Sizing of tasks and internal topics (pure): a sub-topology has as many tasks as its largest
 * source topic has partitions, a repartition topic takes the partition count of the sub-topology
 * writing it (through chains of repartitions), and every logged store gets a compacted changelog
 * with its sub-topology's task count.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Serdes, StreamsBuilder, StreamsError } from '../src/index.js';
import { layoutTopics } from '../src/runtime/internal-topics.js';

const str = Serdes.String();

describe('internal topics', () => {
  it('sizes repartition and changelog topics from the source topics, through chained repartitions', () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('a', { keySerde: str, valueSerde: str });
    const b = builder.stream<string, string>('b', { keySerde: str, valueSerde: str });
    a.merge(b)
      .selectKey((_k, v) => v)
      .groupByKey({ name: 'first' })
      .count({ storeName: 'c1' })
      .toStream()
      .selectKey((k) => k.slice(0, 1))
      .groupByKey({ name: 'second', keySerde: str, valueSerde: Serdes.Long() })
      .reduce((x, y) => x + y, { storeName: 'c2', loggingEnabled: true })
      .toStream()
      .to('out');
    const layout = layoutTopics(
      builder.build(),
      'app',
      new Map([
        ['a', 3],
        ['b', 5],
      ]),
    );
    assert.deepEqual([...layout.tasksPerSubtopology].sort(), [
      [0, 5],
      [1, 5],
      [2, 5],
    ]);
    assert.deepEqual(layout.internalTopics.map((t) => [t.name, t.numPartitions, t.configs['cleanup.policy']]).sort(), [
      ['app-c1-changelog', 5, 'compact'],
      ['app-c2-changelog', 5, 'compact'],
      ['app-first-repartition', 5, 'delete'],
      ['app-second-repartition', 5, 'delete'],
    ]);
  });

  it('leaves unlogged stores without a changelog and names a missing source topic', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in').groupByKey().count({ storeName: 's', loggingEnabled: false });
    assert.deepEqual(layoutTopics(builder.build(), 'app', new Map([['in', 2]])).internalTopics, []);
    assert.throws(
      () => layoutTopics(builder.build(), 'app', new Map()),
      (e: unknown) => e instanceof StreamsError && e.code === 'TOPOLOGY' && /in/.test(e.message),
    );
  });
});
