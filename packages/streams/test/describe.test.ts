/**
 * topology.describe() against the text Kafka Streams prints for the same programs: node names and
 * numbering (which internal topic names derive from), sub-topology split at repartition topics,
 * node order (larger subtree first, then name), and the exact layout.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Serdes, Stores, StreamsBuilder, Topology } from '../src/index.js';

describe('topology.describe()', () => {
  it('prints a Processor API topology as Kafka does', () => {
    const topology = new Topology()
      .addSource('Source', 'source-topic')
      .addProcessor('Process', () => ({ process() {} }), 'Source')
      .addStateStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('Counts'), Serdes.String(), Serdes.Long()),
        'Process',
      )
      .addSink('Sink', 'sink-topic', 'Process');
    assert.equal(
      topology.describe().toString(),
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: Source (topics: [source-topic])\n' +
        '      --> Process\n' +
        '    Processor: Process (stores: [Counts])\n' +
        '      --> Sink\n' +
        '      <-- Source\n' +
        '    Sink: Sink (topic: sink-topic)\n' +
        '      <-- Process\n' +
        '\n',
    );
  });

  it('numbers DSL nodes and splits at the repartition topic of groupBy().count() as Kafka does', () => {
    // Java: builder.stream("input-topic").groupBy((k, v) -> v).count().toStream().to("output-topic")
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('input-topic')
      .groupBy((_k, v) => v)
      .count()
      .toStream()
      .to('output-topic');
    assert.equal(
      builder.build().describe().toString(),
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])\n' +
        '      --> KSTREAM-KEY-SELECT-0000000001\n' +
        '    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])\n' +
        '      --> KSTREAM-FILTER-0000000005\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-FILTER-0000000005 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000004\n' +
        '      <-- KSTREAM-KEY-SELECT-0000000001\n' +
        '    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition)\n' +
        '      <-- KSTREAM-FILTER-0000000005\n' +
        '\n' +
        '  Sub-topology: 1\n' +
        '    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition])\n' +
        '      --> KSTREAM-AGGREGATE-0000000003\n' +
        '    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000002])\n' +
        '      --> KTABLE-TOSTREAM-0000000007\n' +
        '      <-- KSTREAM-SOURCE-0000000006\n' +
        '    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000008\n' +
        '      <-- KSTREAM-AGGREGATE-0000000003\n' +
        '    Sink: KSTREAM-SINK-0000000008 (topic: output-topic)\n' +
        '      <-- KTABLE-TOSTREAM-0000000007\n' +
        '\n',
    );
  });

  it('names the repartition nodes after a named store (the WordCountDemo topology), still drawing their indexes', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, string>('streams-plaintext-input')
      .flatMapValues((v) => v.toLowerCase().split(/\W+/))
      .groupBy((_k, word) => word)
      .count({ storeName: 'counts-store' })
      .toStream()
      .to('streams-wordcount-output');
    assert.equal(
      builder.build().describe().toString(),
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [streams-plaintext-input])\n' +
        '      --> KSTREAM-FLATMAPVALUES-0000000001\n' +
        '    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])\n' +
        '      --> KSTREAM-KEY-SELECT-0000000002\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])\n' +
        '      --> counts-store-repartition-filter\n' +
        '      <-- KSTREAM-FLATMAPVALUES-0000000001\n' +
        '    Processor: counts-store-repartition-filter (stores: [])\n' +
        '      --> counts-store-repartition-sink\n' +
        '      <-- KSTREAM-KEY-SELECT-0000000002\n' +
        '    Sink: counts-store-repartition-sink (topic: counts-store-repartition)\n' +
        '      <-- counts-store-repartition-filter\n' +
        '\n' +
        '  Sub-topology: 1\n' +
        '    Source: counts-store-repartition-source (topics: [counts-store-repartition])\n' +
        '      --> KSTREAM-AGGREGATE-0000000003\n' +
        '    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [counts-store])\n' +
        '      --> KTABLE-TOSTREAM-0000000007\n' +
        '      <-- counts-store-repartition-source\n' +
        '    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000008\n' +
        '      <-- KSTREAM-AGGREGATE-0000000003\n' +
        '    Sink: KSTREAM-SINK-0000000008 (topic: streams-wordcount-output)\n' +
        '      <-- KTABLE-TOSTREAM-0000000007\n' +
        '\n',
    );
  });

  it('orders siblings by subtree size, then name, and groupByKey without a key change needs no repartition', () => {
    const builder = new StreamsBuilder();
    const s = builder.stream<string, string>('in');
    s.filter(() => true).to('a');
    s.mapValues((v) => v)
      .mapValues((v) => v)
      .to('b');
    s.groupByKey().count();
    const text = builder.build().describe().toString();
    assert.match(
      text,
      /Source: KSTREAM-SOURCE-0000000000 \(topics: \[in\]\)\n {6}--> KSTREAM-MAPVALUES-0000000003, KSTREAM-FILTER-0000000001, KSTREAM-AGGREGATE-0000000007\n/,
    );
    assert.doesNotMatch(text, /repartition/);
    assert.match(
      text,
      /Processor: KSTREAM-AGGREGATE-0000000007 \(stores: \[KSTREAM-AGGREGATE-STATE-STORE-0000000006\]\)\n {6}--> none\n/,
    );
    assert.equal(text.match(/Sub-topology/g)?.length, 1);
  });

  it("draws but does not materialize the store of an unnamed table (Kafka's kTableNonMaterializedMapValues)", () => {
    // Java: builder.table("input-topic").mapValues((readOnlyKey, value) -> null)
    const builder = new StreamsBuilder();
    builder.table('input-topic').mapValues(() => null);
    assert.equal(
      builder.build().describe().toString(),
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic])\n' +
        '      --> KTABLE-SOURCE-0000000002\n' +
        '    Processor: KTABLE-SOURCE-0000000002 (stores: [])\n' +
        '      --> KTABLE-MAPVALUES-0000000003\n' +
        '      <-- KSTREAM-SOURCE-0000000001\n' +
        '    Processor: KTABLE-MAPVALUES-0000000003 (stores: [])\n' +
        '      --> none\n' +
        '      <-- KTABLE-SOURCE-0000000002\n\n',
    );
  });
});
