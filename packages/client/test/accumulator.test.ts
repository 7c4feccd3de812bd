/**
 * The accumulator's ordering rules, without a broker: batches that fail together and come back in
 * any order are resent in the order they were created (so pipelined idempotent batches keep their
 * sequence order), the halves of a split batch take its place, and sends waiting for bufferMemory
 * are released first come, first served, or fail after maxBlockMs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordAccumulator } from '../src/producer/accumulator.js';
import type { ProducerBatch } from '../src/producer/producer-batch.js';

function fill(acc: RecordAccumulator, n: number): ProducerBatch[] {
  const out: ProducerBatch[] = [];
  for (let i = 0; i < n; i++) {
    // batchSize 100 and 60-byte records: every record starts a new batch.
    out.push(acc.append('t', 0, { value: Buffer.from(`r${i}`), timestamp: 1 }, 60, 1));
  }
  return out;
}

describe('record accumulator', () => {
  it('re-enqueues failed batches in creation order, whatever order they fail in', () => {
    const acc = new RecordAccumulator(100, 1 << 20, 1000);
    const [a, b, c, d] = fill(acc, 4) as [ProducerBatch, ProducerBatch, ProducerBatch, ProducerBatch];
    for (const x of [a, b, c]) acc.take(x);
    // In flight a, b, c; queued d. They fail in reverse order.
    acc.reenqueue(c);
    acc.reenqueue(a);
    acc.reenqueue(b);
    assert.deepEqual(acc.queues.get('t')?.get(0), [a, b, c, d]);
  });

  it('puts the halves of a split batch where the batch was', () => {
    const acc = new RecordAccumulator(10_000, 1 << 20, 1000);
    const big = acc.append('t', 0, { value: Buffer.from('x'), timestamp: 1 }, 60, 1);
    for (let i = 0; i < 5; i++) acc.append('t', 0, { value: Buffer.from(`y${i}`), timestamp: 1 }, 60, 1);
    const later = fill(new RecordAccumulator(100, 1 << 20, 1000), 1)[0] as ProducerBatch;
    acc.take(big);
    acc.reenqueue(later);
    const [first, second] = big.split();
    acc.reenqueue(second);
    acc.reenqueue(first);
    assert.deepEqual(acc.queues.get('t')?.get(0), [first, second, later]);
    assert.deepEqual([first.count, second.count], [3, 3]);
    // Both halves sent, the second still too large: its halves go back before `later`.
    acc.take(first);
    acc.take(second);
    const [q, r] = second.split();
    acc.reenqueue(r);
    acc.reenqueue(q);
    assert.deepEqual(acc.queues.get('t')?.get(0), [q, r, later]);
  });

  it('releases memory waiters first come, first served, and fails those past maxBlockMs', async () => {
    const acc = new RecordAccumulator(100, 100, 50);
    acc.reserveNow(100);
    const order: string[] = [];
    const first = acc.reserve(60).then(() => order.push('first'));
    const second = acc.reserve(40).then(() => order.push('second'));
    const third = acc.reserve(100).then(
      () => order.push('third'),
      (e: { code?: string }) => order.push(`third ${e.code}`),
    );
    acc.release(100);
    await Promise.all([first, second, third]);
    assert.deepEqual(order, ['first', 'second', 'third BUFFER_EXHAUSTED']);
  });
});
