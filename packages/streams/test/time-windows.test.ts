/**
 * Tumbling and hopping windows on the TopologyTestDriver, with expectations worked out from Kafka
 * Streams' semantics (KStreamWindowAggregate): windows aligned to the epoch, a hopping record
 * counted in every window holding it, the result timestamp the largest of the window's records,
 * late records dropped once stream time passes window end + grace and counted in
 * dropped-records-total, retention expiring old windows, and the changelog in Kafka's layout.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Duration,
  Materialized,
  Serdes,
  StreamsBuilder,
  StreamsError,
  TimeWindows,
  TopologyTestDriver,
  type Windowed,
  WindowedSerdes,
} from '../src/index.js';

const str = Serdes.String();
const long = Serdes.Long();
const show = (w: Windowed<string>) => `${w.key()}@${w.window().start()}/${w.window().end()}`;

function windowedCount(windows: TimeWindows, materialized = Materialized.as<string, number>('counts')) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('events', { keySerde: str, valueSerde: str })
    .groupByKey()
    .windowedBy(windows)
    .count(materialized)
    .toStream()
    .to('out', { keySerde: WindowedSerdes.timeWindowedSerdeFrom(str, windows.size()), valueSerde: long });
  return builder.build();
}

function run(windows: TimeWindows, input: Array<[string, number]>) {
  const driver = new TopologyTestDriver(windowedCount(windows), { applicationId: 'app' });
  const events = driver.createInputTopic('events', str, str);
  const out = driver.createOutputTopic('out', WindowedSerdes.timeWindowedSerdeFrom(str, windows.size()), long);
  for (const [key, ts] of input) events.pipeInput(key, 'x', ts);
  const records = out.readRecordsToList().map((r) => [show(r.key), r.value, r.timestamp]);
  const dropped = driver.metrics().find((m) => m.name === 'dropped-records-total' && m.tags['task-id'] === '0_0');
  return { driver, records, dropped: dropped?.value };
}

describe('TimeWindows', () => {
  it('tumbling: one window per record, aligned to the epoch; late records beyond grace dropped and counted', () => {
    const { driver, records, dropped } = run(
      TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5)),
      [
        ['a', 1000],
        ['a', 9999],
        ['a', 10000],
        ['b', 3000],
        ['a', 16000], // stream time 16000: windows ending at or before 11000 are closed
        ['a', 8000], // [0,10000) is closed: dropped
        ['a', 14000], // out of order but open: the result keeps the larger timestamp 16000
      ],
    );
    assert.deepEqual(records, [
      ['a@0/10000', 1, 1000],
      ['a@0/10000', 2, 9999],
      ['a@10000/20000', 1, 10000],
      ['b@0/10000', 1, 3000],
      ['a@10000/20000', 2, 16000],
      ['a@10000/20000', 3, 16000],
    ]);
    assert.equal(dropped, 1);
    const store = driver.getWindowStore<string, number>('counts');
    assert.ok(store);
    assert.equal(store.fetch('a', 0), 2);
    assert.equal(store.fetch('a', 10000), 3);
    assert.deepEqual(
      store.fetch('a', 0, 20000).map((e) => [e.key, e.value]),
      [
        [0, 2],
        [10000, 3],
      ],
    );
    assert.deepEqual(
      store.fetchAll(0, 0).map((e) => [show(e.key), e.value]),
      [
        ['a@0/10000', 2],
        ['b@0/10000', 1],
      ],
    );
    assert.deepEqual(driver.getTimestampedWindowStore<string, number>('counts')?.fetch('a', 10000), {
      value: 3,
      timestamp: 16000,
    });
    driver.close();
  });

  it('hopping: a record counts in size/advance windows, oldest first; a late record is counted once per closed window', () => {
    const { records, dropped } = run(TimeWindows.ofSizeWithNoGrace(10_000).advanceBy(5_000), [
      ['a', 3000], // only [0,10000): no window starts before the epoch
      ['a', 7000], // [0,10000) and [5000,15000)
      ['a', 12000], // [5000,15000) and [10000,20000); stream time 12000 closes [0,10000)
      ['a', 4000], // only in [0,10000), closed: dropped
      ['a', 9000], // [0,10000) closed (dropped), [5000,15000) open
    ]);
    assert.deepEqual(records, [
      ['a@0/10000', 1, 3000],
      ['a@0/10000', 2, 7000],
      ['a@5000/15000', 1, 7000],
      ['a@5000/15000', 2, 12000],
      ['a@10000/20000', 1, 12000],
      ['a@5000/15000', 3, 12000],
    ]);
    assert.equal(dropped, 2);
  });

  it('logs to <application.id>-<store>-changelog with key + start + seqnum and the aggregate timestamp', () => {
    const { driver } = run(TimeWindows.ofSizeWithNoGrace(10_000), [
      ['a', 1000],
      ['a', 4000],
    ]);
    const changelog = driver.createOutputTopic('app-counts-changelog', Serdes.Buffer(), long).readRecordsToList();
    const key = Buffer.concat([Buffer.from('a'), Buffer.alloc(8), Buffer.alloc(4)]);
    assert.deepEqual(
      changelog.map((r) => [r.key.toString('hex'), r.value, r.timestamp]),
      [
        [key.toString('hex'), 1, 1000],
        [key.toString('hex'), 2, 4000],
      ],
    );
  });

  it("writes windowed keys in Kafka's layout when the sink names no serde (the table's windowed serde)", () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10_000))
      .count()
      .toStream()
      .to('plain');
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    driver.createInputTopic('events', str, str).pipeInput('k', 'x', 12_345);
    const [record] = driver.createOutputTopic('plain', Serdes.Buffer(), Serdes.Buffer()).readRecordsToList();
    const key = Buffer.alloc(9);
    key.write('k');
    key.writeBigInt64BE(10_000n, 1);
    assert.equal(record?.key.toString('hex'), key.toString('hex'));
    assert.equal(record?.value.readBigInt64BE(0), 1n);
  });

  it('expires windows older than the retention period, measured from the newest window start', () => {
    const { driver } = run(TimeWindows.ofSizeWithNoGrace(10_000), [['a', 1000]]);
    const store = driver.getWindowStore<string, number>('counts');
    assert.equal(store?.fetch('a', 0), 1);
    driver.createInputTopic('events', str, str).pipeInput('a', 'x', 30_000);
    // retention = size + grace = 10000: window starts at or before 30000 - 10000 are gone
    assert.equal(store?.fetch('a', 0), null);
    assert.deepEqual(
      store?.all().map((e) => [show(e.key), e.value]),
      [['a@30000/40000', 1]],
    );
  });

  it('names unnamed stores as Kafka does and refuses a retention shorter than size + grace', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 10_000))
      .count();
    const topology = builder.build();
    assert.deepEqual([...topology.stores.keys()], ['KSTREAM-AGGREGATE-STATE-STORE-0000000001']);
    assert.ok(topology.nodes.has('KSTREAM-AGGREGATE-0000000002'));
    assert.equal(topology.stores.get('KSTREAM-AGGREGATE-STATE-STORE-0000000001')?.retentionMs, 70_000);

    const tooShort = () =>
      new StreamsBuilder()
        .stream<string, string>('events', { keySerde: str, valueSerde: str })
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 10_000))
        .count(Materialized.as<string, number>('w').withRetention(65_000));
    assert.throws(
      tooShort,
      (e: unknown) =>
        e instanceof StreamsError &&
        e.code === 'ILLEGAL_ARGUMENT' &&
        e.message ===
          'The retention period of the window store w must be no smaller than its window size plus the grace period. Got size=[60000], grace=[10000], retention=[65000]',
    );
    assert.throws(() => TimeWindows.ofSizeWithNoGrace(0), /Window size \(sizeMs\) must be larger than zero/);
    assert.throws(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(11), /advancement interval/);
  });
});
