import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLoopPacer } from '../src/consumer/event-loop-pacer.js';

const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
};

test('code that stays on microtasks is told to yield once the period has passed', async () => {
  const pacer = new EventLoopPacer(2);
  assert.equal(pacer.due(), false, 'the first ask only marks the loop');
  await Promise.resolve();
  assert.equal(pacer.due(), false, 'within the period');
  spin(3);
  await Promise.resolve();
  assert.equal(pacer.due(), true, 'microtasks only, past the period');
});

test('a turn of the event loop resets the period, so an application that yields is never told to', async () => {
  const pacer = new EventLoopPacer(2);
  for (let i = 0; i < 5; i++) {
    assert.equal(pacer.due(), false);
    spin(3);
    await new Promise((resolve) => setImmediate(resolve));
  }
});
