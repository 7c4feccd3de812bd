import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFileSystem } from '../src/index.js';

/* The model the crash tests rely on: only fsynced data and fsynced directory entries survive. */

function syncDir(mfs: MemoryFileSystem, dir: string): void {
  const fd = mfs.openSync(dir, 'r');
  mfs.fsyncSync(fd);
  mfs.closeSync(fd);
}

function write(mfs: MemoryFileSystem, path: string, text: string, sync: boolean): void {
  const fd = mfs.openSync(path, 'w');
  mfs.writeSync(fd, Buffer.from(text), 0, text.length, 0);
  if (sync) mfs.fsyncSync(fd);
  mfs.closeSync(fd);
}

const read = (mfs: MemoryFileSystem, path: string) => mfs.readFileSync(path).toString();

test('a crash keeps fsynced data and drops what was written after the fsync', () => {
  const mfs = new MemoryFileSystem(['/d']);
  const fd = mfs.openSync('/d/f', 'w+');
  mfs.writeSync(fd, Buffer.from('durable'), 0, 7, 0);
  mfs.fsyncSync(fd);
  mfs.writeSync(fd, Buffer.from(' and lost'), 0, 9, 7);
  syncDir(mfs, '/d');
  assert.equal(read(mfs, '/d/f'), 'durable and lost');
  mfs.crash();
  assert.equal(read(mfs, '/d/f'), 'durable');
  assert.throws(() => mfs.readSync(fd, Buffer.alloc(1), 0, 1, 0), { code: 'EBADF' });
});

test('a new file needs an fsync of its directory to survive, even when its data was fsynced', () => {
  const mfs = new MemoryFileSystem(['/d']);
  write(mfs, '/d/a', 'a', true);
  mfs.crash();
  assert.equal(mfs.existsSync('/d/a'), false);
  write(mfs, '/d/a', 'a', true);
  syncDir(mfs, '/d');
  mfs.crash();
  assert.equal(read(mfs, '/d/a'), 'a');
});

test('renames and removals become durable with the directory fsync', () => {
  const mfs = new MemoryFileSystem(['/d']);
  write(mfs, '/d/old', 'x', true);
  write(mfs, '/d/gone', 'y', true);
  syncDir(mfs, '/d');
  mfs.renameSync('/d/old', '/d/new');
  mfs.rmSync('/d/gone');
  mfs.crash();
  assert.deepEqual(mfs.readdirSync('/d'), ['gone', 'old']);
  mfs.renameSync('/d/old', '/d/new');
  mfs.rmSync('/d/gone');
  syncDir(mfs, '/d');
  mfs.crash();
  assert.deepEqual(mfs.readdirSync('/d'), ['new']);
  assert.equal(read(mfs, '/d/new'), 'x');
});

test('injected faults fail the next matching writes or fsyncs with EIO and change nothing', async () => {
  const mfs = new MemoryFileSystem(['/d']);
  const fd = mfs.openSync('/d/x.log', 'w+');
  mfs.failNext('write', 2, '.log');
  mfs.failNext('fsync', 1);
  write(mfs, '/d/other', 'ok', false); // does not match '.log'
  for (let i = 0; i < 2; i++) assert.throws(() => mfs.writeSync(fd, Buffer.from('z'), 0, 1, 0), { code: 'EIO' });
  assert.equal(mfs.fstatSync(fd).size, 0);
  mfs.writeSync(fd, Buffer.from('z'), 0, 1, 0);
  await assert.rejects(mfs.fsync(fd), { code: 'EIO' });
  mfs.fsyncSync(fd);
  syncDir(mfs, '/d');
  mfs.crash();
  assert.equal(read(mfs, '/d/x.log'), 'z');
});

test('statfs reports its capacity less what the files hold', () => {
  const mfs = new MemoryFileSystem(['/d'], 1024 * 1024);
  const before = mfs.statfsSync('/d');
  assert.deepEqual(before, { bsize: 4096, blocks: 256, bavail: 256 });
  write(mfs, '/d/a', 'x'.repeat(8192), false);
  write(mfs, '/d/b', 'y'.repeat(4096), false);
  assert.equal(mfs.statfsSync('/d').bavail, 256 - 3);
  mfs.rmSync('/d/a');
  assert.equal(mfs.statfsSync('/d').bavail, 256 - 1);
  assert.throws(() => mfs.statfsSync('/nowhere'), { code: 'ENOENT' });
});
