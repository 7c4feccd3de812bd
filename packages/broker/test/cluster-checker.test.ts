/**
 * The fault tests' checker must be able to fail: each violation it exists to catch, fabricated.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Ack, findProblems } from './support/cluster-workload.js';

const log = (...pairs: Array<[number, number]>) => new Map(pairs.map(([o, n]) => [BigInt(o), n]));
const ack = (n: number, partition: number, offset: number): Ack => ({ n, partition, offset: BigInt(offset), at: 0 });

describe('fault-test checker', () => {
  it('accepts a consistent history', () => {
    const final = new Map([
      [0, log([0, 0], [1, 2])],
      [1, log([0, 1])],
    ]);
    assert.deepEqual(findProblems(final, [ack(0, 0, 0), ack(1, 1, 0), ack(2, 0, 1)], new Map([[0, log([0, 0])]])), []);
  });

  it('reports a lost acknowledged write', () => {
    const problems = findProblems(new Map([[0, log([0, 0])]]), [ack(0, 0, 0), ack(2, 0, 1)], new Map());
    assert.match(problems.join('\n'), /lost: acknowledged 2/);
  });

  it('reports a duplicate, a write out of order, and one at another offset than acknowledged', () => {
    const problems = findProblems(new Map([[0, log([0, 4], [1, 3], [2, 4])]]), [ack(3, 0, 5)], new Map());
    const text = problems.join('\n');
    assert.match(text, /duplicate: 4/);
    assert.match(text, /order: 3 after 4/);
    assert.match(text, /moved: 3/);
  });

  it('reports a record that was read and later vanished (truncated committed data)', () => {
    const problems = findProblems(new Map([[0, log([0, 0])]]), [], new Map([[0, log([0, 0], [1, 7])]]));
    assert.match(problems.join('\n'), /vanished read: 0@1 was 7, now absent/);
  });
});
