/**
 * The join semantics tables of Kafka's documentation (Streams DSL, "Join semantics"), one test per
 * table: the same two input sequences (one key, timestamps 1..15, nulls included) through each
 * join type, the results compared row by row with the table's column. Then what the tables do not
 * show: Kafka 3.x's left/outer stream-stream joins emit an unmatched record only once its window
 * has closed, never a spurious `[A, null]` that a later partner would contradict.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JoinWindows, type KStream, type KTable, Serdes, StreamsBuilder, TopologyTestDriver } from '../src/index.js';

const str = Serdes.String();
const LEFT: Array<[number, string | null]> = [
  [1, null],
  [3, 'A'],
  [5, 'B'],
  [7, null],
  [9, 'C'],
  [12, null],
  [15, 'D'],
];
const RIGHT: Array<[number, string | null]> = [
  [2, null],
  [4, 'a'],
  [6, 'b'],
  [8, null],
  [10, 'c'],
  [11, null],
  [13, null],
  [14, 'd'],
];
const joiner = (l: string | null, r: string | null) => `[${l}, ${r}]`;

type Build = (b: StreamsBuilder) => KStream<string, string | null>;

/** Pipes both sequences in timestamp order; returns "ts:value" per output record. */
function run(build: Build, leftTopic = 'left', rightTopic = 'right'): string[] {
  const b = new StreamsBuilder();
  build(b).to('out', { keySerde: str, valueSerde: str });
  const driver = new TopologyTestDriver(b.build(), { applicationId: 'joins' });
  try {
    const left = driver.createInputTopic(leftTopic, str, str);
    const right = driver.createInputTopic(rightTopic, str, str);
    const all = [
      ...LEFT.map(([t, v]) => ({ t, v, topic: left })),
      ...RIGHT.map(([t, v]) => ({ t, v, topic: right })),
    ].sort((x, y) => x.t - y.t);
    for (const r of all) r.topic.pipeInput('k', r.v as string, r.t);
    return driver
      .createOutputTopic('out', str, str)
      .readRecordsToList()
      .map((r) => `${r.timestamp}:${r.value}`);
  } finally {
    driver.close();
  }
}

const streams = (b: StreamsBuilder) => ({
  l: b.stream<string, string>('left', { keySerde: str, valueSerde: str }),
  r: b.stream<string, string>('right', { keySerde: str, valueSerde: str }),
});
const tables = (b: StreamsBuilder) => ({
  l: b.table<string, string>('left', { keySerde: str, valueSerde: str }),
  r: b.table<string, string>('right', { keySerde: str, valueSerde: str }),
});
// Every record of the tables falls into one join window, as the documentation assumes.
const WINDOW = JoinWindows.ofTimeDifferenceWithNoGrace(15);
const STREAM_STREAM = [
  '4:[A, a]',
  '5:[B, a]',
  '6:[A, b]',
  '6:[B, b]',
  '9:[C, a]',
  '9:[C, b]',
  '10:[A, c]',
  '10:[B, c]',
  '10:[C, c]',
  '14:[A, d]',
  '14:[B, d]',
  '14:[C, d]',
  '15:[D, a]',
  '15:[D, b]',
  '15:[D, c]',
  '15:[D, d]',
];

describe('join semantics (Kafka documentation tables)', () => {
  it('KStream-KStream inner join', () => {
    assert.deepEqual(
      run((b) => {
        const { l, r } = streams(b);
        return l.join(r, joiner, WINDOW);
      }),
      STREAM_STREAM,
    );
  });

  it('KStream-KStream left join: every left record found a partner inside the window, so no [X, null]', () => {
    assert.deepEqual(
      run((b) => {
        const { l, r } = streams(b);
        return l.leftJoin(r, joiner, WINDOW);
      }),
      STREAM_STREAM,
    );
  });

  it('KStream-KStream outer join', () => {
    assert.deepEqual(
      run((b) => {
        const { l, r } = streams(b);
        return l.outerJoin(r, joiner, WINDOW);
      }),
      STREAM_STREAM,
    );
  });

  it('KStream-KTable inner join: table updates emit nothing, a deleted row joins nothing', () => {
    const out = run((b) => {
      const s = b.stream<string, string>('left', { keySerde: str, valueSerde: str });
      return s.join(b.table<string, string>('right', { keySerde: str, valueSerde: str }), joiner);
    });
    assert.deepEqual(out, ['5:[B, a]', '15:[D, d]']);
  });

  it('KStream-KTable left join', () => {
    const out = run((b) => {
      const s = b.stream<string, string>('left', { keySerde: str, valueSerde: str });
      return s.leftJoin(b.table<string, string>('right', { keySerde: str, valueSerde: str }), joiner);
    });
    assert.deepEqual(out, ['3:[A, null]', '5:[B, a]', '9:[C, null]', '15:[D, d]']);
  });

  const tableJoin = (f: (l: KTable<string, string>, r: KTable<string, string>) => KTable<string, string>) =>
    run((b) => {
      const { l, r } = tables(b);
      return f(l, r).toStream();
    });

  it('KTable-KTable inner join: deletes of a joined row are emitted as null (tombstones)', () => {
    assert.deepEqual(
      tableJoin((l, r) => l.join(r, joiner)),
      ['4:[A, a]', '5:[B, a]', '6:[B, b]', '7:null', '10:[C, c]', '11:null', '15:[D, d]'],
    );
  });

  it('KTable-KTable left join', () => {
    assert.deepEqual(
      tableJoin((l, r) => l.leftJoin(r, joiner)),
      [
        '3:[A, null]',
        '4:[A, a]',
        '5:[B, a]',
        '6:[B, b]',
        '7:null',
        '9:[C, null]',
        '10:[C, c]',
        '11:[C, null]',
        '12:null',
        '15:[D, d]',
      ],
    );
  });

  it('KTable-KTable outer join', () => {
    assert.deepEqual(
      tableJoin((l, r) => l.outerJoin(r, joiner)),
      [
        '3:[A, null]',
        '4:[A, a]',
        '5:[B, a]',
        '6:[B, b]',
        '7:[null, b]',
        '8:null',
        '9:[C, null]',
        '10:[C, c]',
        '11:[C, null]',
        '12:null',
        '14:[null, d]',
        '15:[D, d]',
      ],
    );
  });
});

describe('stream-stream left/outer joins without spurious results (Kafka 3.x)', () => {
  /** Pipes (side, key, value, ts) in order; returns "ts:key=value". */
  function pipe(build: Build, records: Array<['L' | 'R', string, string, number]>): string[] {
    const b = new StreamsBuilder();
    build(b).to('out', { keySerde: str, valueSerde: str });
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'joins' });
    try {
      const left = driver.createInputTopic('left', str, str);
      const right = driver.createInputTopic('right', str, str);
      for (const [side, k, v, t] of records) (side === 'L' ? left : right).pipeInput(k, v, t);
      return driver
        .createOutputTopic('out', str, str)
        .readRecordsToList()
        .map((r) => `${r.timestamp}:${r.key}=${r.value}`);
    } finally {
      driver.close();
    }
  }
  const w = JoinWindows.ofTimeDifferenceWithNoGrace(10);

  it('left join: [A, null] only after A window closed; B joined later is never emitted unjoined', () => {
    const out = pipe(
      (b) => {
        const { l, r } = streams(b);
        return l.leftJoin(r, joiner, w);
      },
      [
        ['L', 'k1', 'A', 0],
        ['R', 'k2', 'x', 5], // right side of a left join: never emitted alone
        ['L', 'k1', 'B', 11], // stream time 11 > 0 + 10: A's window has closed
        ['R', 'k1', 'b', 12], // joins B (and removes it from the outer store)
        ['L', 'k1', 'C', 40], // closes B's window: nothing left to emit for it
      ],
    );
    assert.deepEqual(out, ['0:k1=[A, null]', '12:k1=[B, b]']);
  });

  it('outer join: unmatched right records come out with a null left once their window closed', () => {
    const out = pipe(
      (b) => {
        const { l, r } = streams(b);
        return l.outerJoin(r, joiner, w);
      },
      [
        ['R', 'k2', 'x', 5],
        ['L', 'k1', 'A', 6],
        ['L', 'k1', 'B', 16], // 5 + 10 < 16: x's window closed; A's (6 + 10) not yet
        ['L', 'k3', 'C', 30], // closes A and B
      ],
    );
    assert.deepEqual(out, ['5:k2=[null, x]', '6:k1=[A, null]', '16:k1=[B, null]']);
  });

  it('asymmetric windows (before/after) and grace: a late record within grace still joins', () => {
    const asym = JoinWindows.ofTimeDifferenceAndGrace(0, 5).after(10); // right within [t, t + 10]
    const out = pipe(
      (b) => {
        const { l, r } = streams(b);
        return l.join(r, joiner, asym);
      },
      [
        ['L', 'k', 'A', 100],
        ['R', 'k', 'early', 95], // before A: outside [100, 110]
        ['R', 'k', 'ok', 110],
        ['R', 'k', 'late', 105], // out of order, within grace: joins
        ['R', 'k', 'far', 111],
      ],
    );
    assert.deepEqual(out, ['110:k=[A, ok]', '105:k=[A, late]']);
  });

  it('keeps duplicates: two right records of one key and timestamp both join', () => {
    const out = pipe(
      (b) => {
        const { l, r } = streams(b);
        return l.join(r, joiner, w);
      },
      [
        ['R', 'k', 'x', 1],
        ['R', 'k', 'y', 1],
        ['L', 'k', 'A', 2],
      ],
    );
    assert.deepEqual(out, ['2:k=[A, x]', '2:k=[A, y]']);
  });
});
