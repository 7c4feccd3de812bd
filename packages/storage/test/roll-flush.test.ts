import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PartitionLog } from '../src/index.js';
import { batch, config, fsTest, openLog, T0, tempDir } from './helpers.js';

const SMALL = config({ 'segment.bytes': '2000', 'index.interval.bytes': '64' });

/** Appends until the log rolls; returns the base offset of the new active segment. */
function appendUntilRoll(log: PartitionLog): number {
  const segments = log.numberOfSegments;
  for (let i = 0; log.numberOfSegments === segments; i++) {
    log.appendAsLeader(batch({ count: 3, timestamp: T0 + i }), 1, T0 + i);
  }
  return log.localLog.segments.active.baseOffset;
}

fsTest(
  'a roll leaves the fsync of the old segment to the background; the recovery point follows it',
  async (t, fresh) => {
    const log = fresh().open(SMALL);
    t.after(() => log.close());
    const newBase = appendUntilRoll(log);
    // The append that rolled returned before any fsync: a synchronous flush would have moved it already.
    assert.equal(log.recoveryPoint, 0);
    await log.localLog.whenBackgroundFlushed();
    assert.equal(log.recoveryPoint, newBase);
  },
);

fsTest(
  'a truncation during the background flush keeps the recovery point where the data still is',
  async (t, fresh) => {
    const log = fresh().open(SMALL);
    t.after(() => log.close());
    const newBase = appendUntilRoll(log);
    log.truncateTo(3);
    await log.localLog.whenBackgroundFlushed();
    assert.ok(log.recoveryPoint <= 3, `recovery point ${log.recoveryPoint} is past the log end after truncation`);
    assert.ok(newBase > 3);
  },
);

fsTest('several rolls in a row: the recovery point ends at the last rolled segment', async (t, fresh) => {
  const log = fresh().open(SMALL);
  t.after(() => log.close());
  appendUntilRoll(log);
  appendUntilRoll(log);
  const lastBase = appendUntilRoll(log);
  await log.localLog.whenBackgroundFlushed();
  assert.equal(log.recoveryPoint, lastBase);
});

test('the background flush fsyncs the leader-epoch checkpoint before the recovery point moves', async (t) => {
  const log = openLog(tempDir(t), SMALL);
  t.after(() => log.close());
  const synced: string[] = [];
  const open = fsp.open;
  fsp.open = ((path: string, ...rest: unknown[]) => {
    synced.push(String(path));
    return (open as (...a: unknown[]) => ReturnType<typeof open>)(path, ...rest);
  }) as typeof open;
  t.after(() => {
    fsp.open = open;
  });
  const newBase = appendUntilRoll(log);
  await log.localLog.whenBackgroundFlushed();
  assert.equal(log.recoveryPoint, newBase);
  assert.ok(synced.includes(join(log.dir, 'leader-epoch-checkpoint')), `fsynced: ${synced.join(', ')}`);
});
