/**
 * KTable#suppress on the TopologyTestDriver, against Kafka Streams' KTableSuppressProcessor:
 * untilWindowCloses emits one final result per window only when stream time passes window end +
 * grace (a later record must arrive), with the timestamp of the window's last update, in
 * window-end-then-key order; untilTimeLimit emits a key's latest value a time limit after its
 * first buffered update, or early when the buffer is full; the buffer logs Kafka's v3 changelog
 * format. Also seed 003's topology (log levels per window, through a repartition) composes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BufferConfig,
  Duration,
  Materialized,
  Serdes,
  SessionWindows,
  StreamsBuilder,
  StreamsError,
  Suppressed,
  TimeWindows,
  TopologyTestDriver,
  type Windowed,
  WindowedSerdes,
} from '../src/index.js';
import { deserializeBufferValue } from '../src/state/buffer-value-format.js';

const str = Serdes.String();
const long = Serdes.Long();
const show = (w: Windowed<string>) => `${w.key()}@${w.window().start()}/${w.window().end()}`;

describe('suppress', () => {
  it('untilWindowCloses emits each window once, when stream time passes its end + grace', () => {
    const builder = new StreamsBuilder();
    const keySerde = WindowedSerdes.timeWindowedSerdeFrom(str, 10_000);
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeAndGrace(10_000, 2_000))
      .count()
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .toStream()
      .to('final', { keySerde, valueSerde: long });
    const topology = builder.build();
    assert.ok(topology.nodes.has('KTABLE-SUPPRESS-0000000003'));
    assert.ok(topology.stores.has('KTABLE-SUPPRESS-STATE-STORE-0000000004'));
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const events = driver.createInputTopic('events', str, str);
    const out = driver.createOutputTopic('final', keySerde, long);
    const read = () => out.readRecordsToList().map((r) => [show(r.key), r.value, r.timestamp]);

    events.pipeInput('a', 'x', 1_000);
    events.pipeInput('a', 'x', 5_000);
    events.pipeInput('b', 'x', 7_000);
    events.pipeInput('a', 'x', 11_000); // stream time 11000: [0,10000) closes at 12000
    events.pipeInput('a', 'x', 9_000); // late, but within grace: counted
    assert.deepEqual(read(), []);
    events.pipeInput('b', 'x', 12_000); // 12000 - 2000 >= 10000: [0,10000) is final
    assert.deepEqual(read(), [
      ['a@0/10000', 3, 9_000],
      ['b@0/10000', 1, 7_000],
    ]);
    events.pipeInput('a', 'x', 8_000); // after the close: dropped by the aggregation, nothing emitted
    events.pipeInput('a', 'x', 25_000);
    assert.deepEqual(read(), [
      ['a@10000/20000', 1, 11_000],
      ['b@10000/20000', 1, 12_000],
    ]);

    // The buffer's changelog: Kafka's v3 value (context, prior/old/new values, buffer time), then a tombstone on eviction.
    const changelog = driver
      .createOutputTopic('app-KTABLE-SUPPRESS-STATE-STORE-0000000004-changelog', Serdes.Buffer(), Serdes.Buffer())
      .readRecordsToList();
    const first = changelog[0];
    assert.ok(first);
    assert.deepEqual(first.headers, [{ key: 'v', value: Buffer.from([3]) }]);
    assert.deepEqual(keySerde.deserialize('', first.key).key(), 'a');
    const v = deserializeBufferValue(first.value);
    assert.equal(v.time, 10_000);
    assert.equal(v.context.timestamp, 1_000);
    assert.equal(v.context.topic, 'events');
    assert.equal(long.deserialize('', v.new), 1);
    const evicted = changelog.filter((r) => r.value === null).map((r) => show(keySerde.deserialize('', r.key)));
    assert.deepEqual(evicted, ['a@0/10000', 'b@0/10000', 'a@10000/20000', 'b@10000/20000']);
    driver.close();
  });

  it('untilWindowCloses on sessions waits for end + gap + grace and drops merged-away sessions', () => {
    const builder = new StreamsBuilder();
    const keySerde = WindowedSerdes.sessionWindowedSerdeFrom(str);
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(1_000, 500))
      .count()
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('final'))
      .toStream()
      .to('final', { keySerde, valueSerde: long });
    const topology = builder.build();
    assert.ok(topology.stores.has('final-store'));
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const events = driver.createInputTopic('events', str, str);
    const out = driver.createOutputTopic('final', keySerde, long);
    events.pipeInput('a', 'x', 0);
    events.pipeInput('a', 'x', 800); // merges: [0,0] is a tombstone, never emitted
    events.pipeInput('a', 'x', 2_299); // new session; [0,800] closes at 800 + 1000 + 500 = 2300
    assert.deepEqual(out.readRecordsToList(), []);
    events.pipeInput('a', 'x', 2_300);
    assert.deepEqual(
      out.readRecordsToList().map((r) => [show(r.key), r.value, r.timestamp]),
      [['a@0/800', 2, 800]],
    );
  });

  it('untilTimeLimit emits a key a time limit after its first update, or early when the buffer is full', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .count(Materialized.as('counts'))
      .suppress(Suppressed.untilTimeLimit(Duration.ofSeconds(5), BufferConfig.maxRecords(2)))
      .toStream()
      .to('limited', { keySerde: str, valueSerde: long });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const events = driver.createInputTopic('events', str, str);
    const out = driver.createOutputTopic('limited', str, long);
    const read = () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
    events.pipeInput('x', '-', 1_000);
    events.pipeInput('y', '-', 2_000);
    events.pipeInput('x', '-', 3_000); // x keeps its buffer time 1000
    assert.deepEqual(read(), []);
    events.pipeInput('z', '-', 4_000); // three keys > maxRecords 2: the oldest (x) goes early
    assert.deepEqual(read(), [['x', 2, 3_000]]);
    events.pipeInput('y', '-', 6_000); // y's buffer time stays 2000; 6000 - 5000 < 2000
    assert.deepEqual(read(), []);
    events.pipeInput('w', '-', 7_500); // 7500 - 5000 >= 2000: y is due
    assert.deepEqual(read(), [['y', 2, 6_000]]);
  });

  it('shutDownWhenFull fails the task; untilWindowCloses needs a windowed table and a strict buffer', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .count()
      .suppress(Suppressed.untilTimeLimit(60_000, BufferConfig.maxRecords(1).shutDownWhenFull()))
      .toStream()
      .to('out', { keySerde: str, valueSerde: long });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const events = driver.createInputTopic('events', str, str);
    events.pipeInput('a', '-', 1);
    assert.throws(
      () => events.pipeInput('b', '-', 2),
      /KTABLE-SUPPRESS-0000000003 buffer exceeded its max capacity. Currently \[2\/1\] records/,
    );

    const table = new StreamsBuilder()
      .stream<string, string>('t', { keySerde: str, valueSerde: str })
      .groupByKey()
      .count();
    assert.throws(
      () => table.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())),
      (e: unknown) =>
        e instanceof StreamsError && e.code === 'TOPOLOGY' && /only defined for windowed computations/.test(e.message),
    );
    assert.throws(() => Suppressed.untilWindowCloses(BufferConfig.maxRecords(10)), /strict buffer config/);
  });

  it("composes seed 003's pipeline: event time from the line, parse, count log levels per service in hopping windows, final results, alerts", () => {
    interface LogLine {
      service: string;
      level: string;
    }
    const builder = new StreamsBuilder();
    const json = Serdes.Json<LogLine>();
    const keySerde = WindowedSerdes.timeWindowedSerdeFrom(str, 60_000);
    builder
      .stream<string | null, string>('raw-logs', {
        keySerde: str,
        valueSerde: str,
        // Event time: the epoch milliseconds a line starts with; a line without one is dropped.
        timestampExtractor: (record) => Number.parseInt(String(record.value), 10) || -1,
      })
      .mapValues((line) => {
        const [, service = '', level = ''] = line.split(' ');
        return { service, level: level.toUpperCase() };
      })
      .filter((_k, log) => log.level !== '')
      .groupBy((_k, log) => `${log.service}:${log.level}`, { keySerde: str, valueSerde: json })
      .windowedBy(
        TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)).advanceBy(Duration.ofSeconds(30)),
      )
      .count(Materialized.as('level-counts'))
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .toStream()
      .filter((w, count) => w.key().endsWith(':ERROR') && count >= 2)
      .to('alerts', { keySerde, valueSerde: long });
    const topology = builder.build();
    assert.ok(topology.repartitionTopics.has('level-counts-repartition'));
    const driver = new TopologyTestDriver(topology, { applicationId: 'logs' });
    const raw = driver.createInputTopic('raw-logs', str, str);
    // The records' own timestamps (999) are ignored: windows follow the lines' event time.
    raw.pipeValue('61000 api error', 999);
    raw.pipeValue('75000 api ERROR', 999);
    raw.pipeValue('garbage', 999); // no event time: dropped
    raw.pipeValue('80000 api info', 999);
    raw.pipeValue('85000 web error', 999);
    raw.pipeValue('160000 api info', 999); // closes every window ending at or before 150000
    assert.deepEqual(
      driver
        .createOutputTopic('alerts', keySerde, long)
        .readRecordsToList()
        .map((r) => [show(r.key), r.value]),
      [
        ['api:ERROR@30000/90000', 2],
        ['api:ERROR@60000/120000', 2],
      ],
    );
    assert.equal(driver.metrics().find((m) => m.tags['task-id'] === '0_0')?.value, 1);
  });
});
