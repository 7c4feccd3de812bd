/**
 * SlidingWindows and SessionWindows on the TopologyTestDriver; expectations worked out by hand from
 * Kafka Streams' KStreamSlidingWindowAggregate and KStreamSessionWindowAggregate:
 * - sliding: each distinct set of records within the time difference gets one window, out-of-order
 *   records update every window holding them and create their own left and right windows;
 * - sessions: records within the gap merge into one session (the merged-away sessions forwarded as
 *   tombstones), a record past the gap starts a new one, a record for a closed session (end before
 *   stream time - gap - grace) is dropped; the session store expires by retention and logs
 *   key + end + start.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Materialized,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  TopologyTestDriver,
  type Windowed,
  WindowedSerdes,
} from '../src/index.js';

const str = Serdes.String();
const long = Serdes.Long();
const show = (w: Windowed<string>) => `${w.key()}@${w.window().start()}/${w.window().end()}`;
const dropped = (driver: TopologyTestDriver) =>
  driver.metrics().find((m) => m.name === 'dropped-records-total' && m.tags['task-id'] === '0_0')?.value;

describe('SlidingWindows', () => {
  function slidingCount(windows: SlidingWindows) {
    const builder = new StreamsBuilder();
    const keySerde = WindowedSerdes.timeWindowedSerdeFrom(str, windows.timeDifferenceMs());
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .windowedBy(windows)
      .count(Materialized.as('sliding'))
      .toStream()
      .to('out', { keySerde, valueSerde: long });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    return {
      driver,
      pipe: (key: string, ts: number) => driver.createInputTopic('events', str, str).pipeInput(key, 'x', ts),
      read: () =>
        driver
          .createOutputTopic('out', keySerde, long)
          .readRecordsToList()
          .map((r) => [show(r.key), r.value, r.timestamp]),
    };
  }

  it('creates left and right windows and updates every window holding an out-of-order record', () => {
    const { driver, pipe, read } = slidingCount(SlidingWindows.ofTimeDifferenceAndGrace(10_000, 30_000));
    pipe('a', 10_000);
    assert.deepEqual(read(), [['a@0/10000', 1, 10_000]]);
    pipe('a', 15_000); // the right window of 10000 and its own left window
    assert.deepEqual(read(), [
      ['a@10001/20001', 1, 15_000],
      ['a@5000/15000', 2, 15_000],
    ]);
    pipe('a', 12_000); // out of order: in [10001,20001] and [5000,15000]; creates [2000,12000] and [12001,22001]
    assert.deepEqual(read(), [
      ['a@10001/20001', 2, 15_000],
      ['a@5000/15000', 3, 15_000],
      ['a@2000/12000', 2, 12_000],
      ['a@12001/22001', 1, 15_000],
    ]);
    const store = driver.getWindowStore<string, number>('sliding');
    assert.deepEqual(
      store?.fetch('a', 0, 30_000).map((e) => [e.key, e.value]),
      [
        [0, 1],
        [2000, 2],
        [5000, 3],
        [10001, 2],
        [12001, 1],
      ],
    );
    assert.equal(dropped(driver), 0);
  });

  it('drops a record whose windows all closed (end before stream time - grace)', () => {
    const { driver, pipe, read } = slidingCount(SlidingWindows.ofTimeDifferenceWithNoGrace(10_000));
    pipe('a', 15_000);
    read();
    pipe('a', 4_000); // its windows end by 4000 + 10000 < 15000: closed
    assert.deepEqual(read(), []);
    assert.equal(dropped(driver), 1);
  });
});

describe('SessionWindows', () => {
  it('merges sessions within the gap, starts new ones past it, drops records for closed sessions', () => {
    const builder = new StreamsBuilder();
    const keySerde = WindowedSerdes.sessionWindowedSerdeFrom(str);
    builder
      .stream<string, string>('events', { keySerde: str, valueSerde: str })
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(5_000, 10_000))
      .count(Materialized.as('sessions'))
      .toStream()
      .to('out', { keySerde, valueSerde: long });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const events = driver.createInputTopic('events', str, str);
    const out = driver.createOutputTopic('out', keySerde, long);
    const read = () => out.readRecordsToList().map((r) => [show(r.key), r.value, r.timestamp]);

    events.pipeInput('a', 'x', 1_000);
    events.pipeInput('a', 'x', 3_000); // within the gap: [1000,1000] merges into [1000,3000]
    assert.deepEqual(read(), [
      ['a@1000/1000', 1, 1_000],
      ['a@1000/1000', null, 1_000],
      ['a@1000/3000', 2, 3_000],
    ]);
    events.pipeInput('a', 'x', 20_000); // past the gap: a new session
    events.pipeInput('a', 'x', 12_000); // out of order, its own session (stream time 20000 closes ends < 5000)
    assert.deepEqual(read(), [
      ['a@20000/20000', 1, 20_000],
      ['a@12000/12000', 1, 12_000],
    ]);
    events.pipeInput('a', 'x', 16_000); // bridges [12000] and [20000]: both merged away
    assert.deepEqual(read(), [
      ['a@12000/12000', null, 12_000],
      ['a@20000/20000', null, 20_000],
      ['a@12000/20000', 3, 20_000],
    ]);
    events.pipeInput('b', 'x', 1_000); // its session would end at 1000 < 20000 - 10000 - 5000
    assert.deepEqual(read(), []);
    assert.equal(dropped(driver), 1);

    const store = driver.getSessionStore<string, number>('sessions');
    // retention = gap + grace = 15000 from the newest end (20000): [1000,3000] has expired
    assert.deepEqual(
      store?.fetch('a').map((e) => [show(e.key), e.value]),
      [['a@12000/20000', 3]],
    );
    assert.equal(store?.fetchSession('a', 12_000, 20_000), 3);

    const changelog = driver.createOutputTopic('app-sessions-changelog', Serdes.Buffer(), long).readRecordsToList();
    const sessionKey = (start: number, end: number) => {
      const b = Buffer.alloc(17);
      b.write('a');
      b.writeBigInt64BE(BigInt(end), 1);
      b.writeBigInt64BE(BigInt(start), 9);
      return b.toString('hex');
    };
    assert.deepEqual(
      changelog.slice(0, 3).map((r) => [r.key.toString('hex'), r.value]),
      [
        [sessionKey(1000, 1000), 1],
        [sessionKey(1000, 1000), null],
        [sessionKey(1000, 3000), 2],
      ],
    );
    driver.close();
  });

  it('reduce and aggregate merge session aggregates with the merger', () => {
    const builder = new StreamsBuilder();
    const grouped = builder.stream<string, string>('events', { keySerde: str, valueSerde: str }).groupByKey();
    const windows = SessionWindows.ofInactivityGapAndGrace(100, 1000);
    const keySerde = WindowedSerdes.sessionWindowedSerdeFrom(str);
    grouped
      .windowedBy(windows)
      .reduce((agg, v) => `${agg}+${v}`, Materialized.with(str, str))
      .toStream()
      .to('reduced', { keySerde, valueSerde: str });
    grouped
      .windowedBy(windows)
      .aggregate(
        () => '',
        (_k, v, agg) => agg + v,
        (_k, one, two) => `(${one}|${two})`,
        Materialized.with(str, str),
      )
      .toStream()
      .to('aggregated', { keySerde, valueSerde: str });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const events = driver.createInputTopic('events', str, str);
    events.pipeInput('k', 'x', 0);
    events.pipeInput('k', 'z', 200);
    events.pipeInput('k', 'y', 100); // within the gap of both
    const last = (topic: string) => driver.createOutputTopic(topic, keySerde, str).readKeyValuesToList().at(-1);
    assert.deepEqual(
      [last('reduced')].map((e) => e && [show(e.key), e.value]),
      [['k@0/200', 'x+z+y']],
    );
    assert.deepEqual(
      [last('aggregated')].map((e) => e && [show(e.key), e.value]),
      [['k@0/200', '((|x)|z)y']],
    );
  });
});
