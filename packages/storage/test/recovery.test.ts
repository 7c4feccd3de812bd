import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PartitionLog } from '../src/index.js';
import { assertReadsValid, batch, config, decode, openLog, readAll, T0, tempDir } from './helpers.js';

const SMALL = config({ 'segment.bytes': '2000', 'index.interval.bytes': '64' });

function fill(log: PartitionLog, batches: number): void {
  for (let i = 0; i < batches; i++) log.appendAsLeader(batch({ count: 3, timestamp: T0 + i }), 1, T0 + i);
}

function activeLogFile(log: PartitionLog): string {
  const files = fs
    .readdirSync(log.dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  return join(log.dir, files.at(-1) as string);
}

for (const [name, damage] of [
  ['half a batch', (file: string) => fs.appendFileSync(file, batch({ count: 5 }).subarray(0, 40))],
  [
    'garbage bytes',
    (file: string) => fs.appendFileSync(file, Buffer.from('this is not a record batch at all, just garbage')),
  ],
  ['a zeroed tail', (file: string) => fs.appendFileSync(file, Buffer.alloc(4096))],
] as const) {
  test(`recovery truncates ${name} after the last valid batch`, (t) => {
    const dir = tempDir(t);
    const log = openLog(dir, SMALL);
    fill(log, 40);
    const end = log.logEndOffset;
    const file = activeLogFile(log);
    const validSize = fs.statSync(file).size;
    log.close();
    const indexFile = file.replace(/\.log$/, '.index');
    const index = fs.readFileSync(indexFile);
    damage(file);

    const reopened = openLog(dir, SMALL);
    assert.equal(reopened.logEndOffset, end);
    assert.equal(fs.statSync(file).size, validSize);
    assert.ok(reopened.loadStats.recoveredSegments >= 1);
    assert.deepEqual(fs.readFileSync(indexFile), index, 'the rebuilt index matches the one written on append');
    assert.ok(reopened.loadStats.truncatedBytes > 0);
    assertReadsValid(reopened);
    // Appends continue right after the last valid batch.
    assert.equal(reopened.appendAsLeader(batch(), 1, T0).firstOffset, end);
    reopened.close();
  });
}

test('recovery cuts at a batch with a flipped CRC byte and drops what follows', (t) => {
  const dir = tempDir(t);
  const log = openLog(dir, SMALL);
  fill(log, 40);
  const file = activeLogFile(log);
  const { records } = log.read(log.logEndOffset - 3, 1 << 20, log.logEndOffset, true);
  const lastBase = Number(decode(records)[0]?.baseOffset);
  log.close();
  const bytes = fs.readFileSync(file);
  const lastPos = bytes.length - records.length;
  bytes[lastPos + 30] ^= 0x01; // inside the CRC-covered part of the last batch
  fs.writeFileSync(file, bytes);

  const reopened = openLog(dir, SMALL);
  assert.equal(reopened.logEndOffset, lastBase);
  assert.equal(fs.statSync(file).size, lastPos);
  assertReadsValid(reopened);
  reopened.close();
});

test('corruption in an earlier unflushed segment removes the later segments', (t) => {
  const dir = tempDir(t);
  const log = openLog(dir, SMALL);
  fill(log, 60);
  const files = fs
    .readdirSync(log.dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  assert.ok(files.length >= 3);
  log.close();
  const victim = join(log.dir, files[1] as string);
  const bytes = fs.readFileSync(victim);
  bytes[bytes.length - 5] ^= 0xff;
  fs.writeFileSync(victim, bytes);

  const reopened = openLog(dir, SMALL, { recoveryPoint: 0 });
  const remaining = fs
    .readdirSync(reopened.dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  assert.deepEqual(remaining, files.slice(0, 2));
  assertReadsValid(reopened);
  reopened.close();
});

test('missing or damaged index files are rebuilt from the log', (t) => {
  const dir = tempDir(t);
  const log = openLog(dir, SMALL);
  fill(log, 60);
  const expected = readAll(log);
  const end = log.logEndOffset;
  log.flush();
  log.close();
  const indexes = fs
    .readdirSync(join(dir, 'topic-0'))
    .filter((f) => f.endsWith('.index'))
    .sort();
  const first = join(dir, 'topic-0', indexes[0] as string);
  const before = fs.readFileSync(first);
  assert.ok(before.length > 0 && before.length % 8 === 0);
  fs.rmSync(first);
  fs.writeFileSync(join(dir, 'topic-0', indexes[1] as string), Buffer.alloc(13, 0xff));

  const reopened = openLog(dir, SMALL, { recoveryPoint: end, hadCleanShutdown: true });
  assert.equal(reopened.loadStats.recoveredSegments, 2);
  assert.deepEqual(fs.readFileSync(first), before);
  assert.deepEqual(readAll(reopened), expected);
  assertReadsValid(reopened);
  reopened.close();
});

test('a clean shutdown reopens without scanning and keeps the log end', (t) => {
  const dir = tempDir(t);
  const log = openLog(dir, SMALL);
  fill(log, 30);
  const end = log.logEndOffset;
  log.flush();
  log.close();
  const reopened = openLog(dir, SMALL, { recoveryPoint: end, hadCleanShutdown: true });
  assert.equal(reopened.loadStats.recoveredSegments, 0);
  assert.equal(reopened.logEndOffset, end);
  assertReadsValid(reopened);
  reopened.close();
});

test('without a clean shutdown only segments from the recovery point on are scanned', (t) => {
  const dir = tempDir(t);
  const log = openLog(dir, SMALL);
  fill(log, 60);
  const segments = log.numberOfSegments;
  const end = log.logEndOffset;
  log.close();
  const all = openLog(dir, SMALL, { recoveryPoint: 0 });
  assert.equal(all.loadStats.recoveredSegments, segments);
  all.close();
  const tail = openLog(dir, SMALL, { recoveryPoint: end });
  assert.equal(tail.loadStats.recoveredSegments, 1);
  tail.close();
});

test('leftovers of interrupted operations are removed on load', (t) => {
  const dir = tempDir(t);
  const log = openLog(dir, SMALL);
  fill(log, 10);
  log.close();
  const pdir = join(dir, 'topic-0');
  for (const f of [
    '00000000000000000100.log.deleted',
    '00000000000000000000.log.cleaned',
    'x.tmp',
    '00000000000000009999.index',
  ]) {
    fs.writeFileSync(join(pdir, f), 'junk');
  }
  const reopened = openLog(dir, SMALL);
  const left = fs.readdirSync(pdir);
  assert.ok(!left.some((f) => f.endsWith('.deleted') || f.endsWith('.cleaned') || f.endsWith('.tmp')));
  assert.ok(!left.includes('00000000000000009999.index'));
  reopened.close();
});
