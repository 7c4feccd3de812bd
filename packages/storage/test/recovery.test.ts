import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FileSystem, PartitionLog } from '../src/index.js';
import { assertReadsValid, batch, config, decode, fsTest, readAll, T0 } from './helpers.js';

const SMALL = config({ 'segment.bytes': '2000', 'index.interval.bytes': '64' });

function fill(log: PartitionLog, batches: number): void {
  for (let i = 0; i < batches; i++) log.appendAsLeader(batch({ count: 3, timestamp: T0 + i }), 1, T0 + i);
}

function activeLogFile(fs: FileSystem, log: PartitionLog): string {
  const files = fs
    .readdirSync(log.dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  return join(log.dir, files.at(-1) as string);
}

for (const [name, damage] of [
  ['half a batch', (fs: FileSystem, file: string) => fs.appendFileSync(file, batch({ count: 5 }).subarray(0, 40))],
  [
    'garbage bytes',
    (fs: FileSystem, file: string) =>
      fs.appendFileSync(file, Buffer.from('this is not a record batch at all, just garbage')),
  ],
  ['a zeroed tail', (fs: FileSystem, file: string) => fs.appendFileSync(file, Buffer.alloc(4096))],
] as const) {
  fsTest(`recovery truncates ${name} after the last valid batch`, (_t, fresh) => {
    const d = fresh();
    const log = d.open(SMALL);
    fill(log, 40);
    const end = log.logEndOffset;
    const file = activeLogFile(d.fs, log);
    const validSize = d.fs.statSync(file).size;
    log.close();
    const indexFile = file.replace(/\.log$/, '.index');
    const index = d.fs.readFileSync(indexFile);
    damage(d.fs, file);

    const reopened = d.open(SMALL);
    assert.equal(reopened.logEndOffset, end);
    assert.equal(d.fs.statSync(file).size, validSize);
    assert.ok(reopened.loadStats.recoveredSegments >= 1);
    assert.deepEqual(d.fs.readFileSync(indexFile), index, 'the rebuilt index matches the one written on append');
    assert.ok(reopened.loadStats.truncatedBytes > 0);
    assertReadsValid(reopened);
    // Appends continue right after the last valid batch.
    assert.equal(reopened.appendAsLeader(batch(), 1, T0).firstOffset, end);
    reopened.close();
  });
}

fsTest('recovery cuts at a batch with a flipped CRC byte and drops what follows', (_t, fresh) => {
  const d = fresh();
  const log = d.open(SMALL);
  fill(log, 40);
  const file = activeLogFile(d.fs, log);
  const { records } = log.read({
    startOffset: log.logEndOffset - 3,
    maxBytes: 1 << 20,
    limit: log.logEndOffset,
    minOneBatch: true,
  });
  const lastBase = Number(decode(records)[0]?.baseOffset);
  log.close();
  const bytes = d.fs.readFileSync(file);
  const lastPos = bytes.length - records.length;
  bytes[lastPos + 30] ^= 0x01; // inside the CRC-covered part of the last batch
  d.fs.writeFileSync(file, bytes);

  const reopened = d.open(SMALL);
  assert.equal(reopened.logEndOffset, lastBase);
  assert.equal(d.fs.statSync(file).size, lastPos);
  assertReadsValid(reopened);
  reopened.close();
});

fsTest('corruption in an earlier unflushed segment removes the later segments', (_t, fresh) => {
  const d = fresh();
  const log = d.open(SMALL);
  fill(log, 60);
  const files = d.fs
    .readdirSync(log.dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  assert.ok(files.length >= 3);
  log.close();
  const victim = join(log.dir, files[1] as string);
  const bytes = d.fs.readFileSync(victim);
  bytes[bytes.length - 5] ^= 0xff;
  d.fs.writeFileSync(victim, bytes);

  const reopened = d.open(SMALL, { recoveryPoint: 0 });
  const remaining = d.fs
    .readdirSync(reopened.dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  assert.deepEqual(remaining, files.slice(0, 2));
  assertReadsValid(reopened);
  reopened.close();
});

fsTest('missing or damaged index files are rebuilt from the log', (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const log = d.open(SMALL);
  fill(log, 60);
  const expected = readAll(log);
  const end = log.logEndOffset;
  log.flush();
  log.close();
  const indexes = d.fs
    .readdirSync(join(dir, 'topic-0'))
    .filter((f) => f.endsWith('.index'))
    .sort();
  const first = join(dir, 'topic-0', indexes[0] as string);
  const before = d.fs.readFileSync(first);
  assert.ok(before.length > 0 && before.length % 8 === 0);
  d.fs.rmSync(first);
  d.fs.writeFileSync(join(dir, 'topic-0', indexes[1] as string), Buffer.alloc(13, 0xff));

  const reopened = d.open(SMALL, { recoveryPoint: end, hadCleanShutdown: true });
  assert.equal(reopened.loadStats.recoveredSegments, 2);
  assert.deepEqual(d.fs.readFileSync(first), before);
  assert.deepEqual(readAll(reopened), expected);
  assertReadsValid(reopened);
  reopened.close();
});

fsTest('a clean shutdown reopens without scanning and keeps the log end', (_t, fresh) => {
  const d = fresh();
  const log = d.open(SMALL);
  fill(log, 30);
  const end = log.logEndOffset;
  log.flush();
  log.close();
  const reopened = d.open(SMALL, { recoveryPoint: end, hadCleanShutdown: true });
  assert.equal(reopened.loadStats.recoveredSegments, 0);
  assert.equal(reopened.logEndOffset, end);
  assertReadsValid(reopened);
  reopened.close();
});

fsTest('without a clean shutdown only segments from the recovery point on are scanned', (_t, fresh) => {
  const d = fresh();
  const log = d.open(SMALL);
  fill(log, 60);
  const segments = log.numberOfSegments;
  const end = log.logEndOffset;
  log.close();
  const all = d.open(SMALL, { recoveryPoint: 0 });
  assert.equal(all.loadStats.recoveredSegments, segments);
  all.close();
  const tail = d.open(SMALL, { recoveryPoint: end });
  assert.equal(tail.loadStats.recoveredSegments, 1);
  tail.close();
});

fsTest('leftovers of interrupted operations are removed on load', (_t, fresh) => {
  const d = fresh();
  const dir = d.dir;
  const log = d.open(SMALL);
  fill(log, 10);
  log.close();
  const pdir = join(dir, 'topic-0');
  for (const f of [
    '00000000000000000100.log.deleted',
    '00000000000000000000.log.cleaned',
    'x.tmp',
    '00000000000000009999.index',
  ]) {
    d.fs.writeFileSync(join(pdir, f), Buffer.from('junk'));
  }
  const reopened = d.open(SMALL);
  const left = d.fs.readdirSync(pdir);
  assert.ok(!left.some((f) => f.endsWith('.deleted') || f.endsWith('.cleaned') || f.endsWith('.tmp')));
  assert.ok(!left.includes('00000000000000009999.index'));
  reopened.close();
});
