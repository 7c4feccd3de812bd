/**
 * State on disk without a broker: the LMDB store (byte-ordered range/all across its write buffer and
 * its files, data kept across close and reopen), the `.checkpoint` file in Kafka's format, and the
 * state directory's lock (refused while held, taken over from a dead process).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LmdbKeyValueStore, type StateStoreContext, StreamsError } from '../src/index.js';
import { decodeCheckpoint, encodeCheckpoint, readCheckpoint, writeCheckpoint } from '../src/runtime/checkpoint-file.js';
import { StateDirectory } from '../src/runtime/state-directory.js';

const root = mkdtempSync(join(tmpdir(), 'samsa-streams-state-'));
after(() => rmSync(root, { recursive: true, force: true }));

function context(stateDir: string | null): StateStoreContext {
  return {
    applicationId: 'app',
    partition: 0,
    stateDir,
    logChange: () => {},
    timestamp: () => 0,
    currentSystemTimeMs: () => 0,
    register: () => {},
  };
}

const b = (...bytes: number[]) => Buffer.from(bytes);

describe('LmdbKeyValueStore', () => {
  it('iterates in unsigned byte order over flushed and buffered writes, and keeps data across reopen', async () => {
    const dir = join(root, 'store');
    const store = new LmdbKeyValueStore('s');
    store.init(context(dir));
    assert.ok(existsSync(join(dir, 'lmdb', 's')), 'files under <task dir>/lmdb/<store>');
    store.put(b(0x80), b(1));
    store.put(b(0x00), b(2));
    store.flush();
    store.put(b(0xff), b(3));
    store.put(b(0x7f), b(4));
    store.put(b(0x00, 0x01), b(5));
    store.delete(b(0x80));
    assert.deepEqual(
      store.all().map((e) => [...e.key]),
      [[0x00], [0x00, 0x01], [0x7f], [0xff]],
    );
    assert.deepEqual(
      store.range(b(0x00, 0x01), b(0x80)).map((e) => e.value[0]),
      [5, 4],
    );
    assert.equal(store.get(b(0x80)), null);
    assert.equal(store.putIfAbsent(b(0x7f), b(9))?.[0], 4);
    assert.equal(store.approximateNumEntries(), 4);
    store.close();
    await new Promise((r) => setTimeout(r, 50));
    const again = new LmdbKeyValueStore('s');
    again.init(context(dir));
    assert.deepEqual(
      again.all().map((e) => [[...e.key], e.value[0]]),
      [
        [[0x00], 2],
        [[0x00, 0x01], 5],
        [[0x7f], 4],
        [[0xff], 3],
      ],
    );
    again.close();
  });

  it('uses a temporary folder when the task has none (the test driver) and removes it on close', async () => {
    const store = new LmdbKeyValueStore('t');
    store.init(context(null));
    store.put(b(1), b(1));
    const dir = (store as unknown as { tempDir: string }).tempDir;
    assert.ok(existsSync(dir));
    store.close();
    assert.ok(!existsSync(dir));
  });
});

describe('.checkpoint files', () => {
  it("write Kafka's format: version 0, count, then `topic partition offset` lines", () => {
    const offsets = new Map([
      ['app-counts-changelog:0', 41n],
      ['app-other-changelog:3', 7n],
    ]);
    assert.equal(encodeCheckpoint(offsets), '0\n2\napp-counts-changelog 0 41\napp-other-changelog 3 7\n');
    const dir = join(root, 'task');
    mkdirSync(dir, { recursive: true });
    assert.deepEqual(readCheckpoint(dir), new Map());
    writeCheckpoint(dir, offsets);
    assert.equal(readFileSync(join(dir, '.checkpoint'), 'utf8'), encodeCheckpoint(offsets));
    assert.deepEqual(readCheckpoint(dir), offsets);
  });

  it('read a file written by Kafka (negative sentinel offsets skipped) and refuse malformed ones', () => {
    assert.deepEqual(decodeCheckpoint('0\n2\na.b-changelog 1 100\nx 0 -2\n'), new Map([['a.b-changelog:1', 100n]]));
    const malformed = ['1\n0\n', '0\n2\nt 0 1\n', '0\n1\nt zero 1\n', '0\nx\n', ''];
    for (const text of malformed) {
      assert.throws(
        () => decodeCheckpoint(text),
        (e: unknown) => e instanceof StreamsError && e.code === 'STATE_STORE',
        JSON.stringify(text),
      );
    }
  });
});

describe('StateDirectory', () => {
  it('refuses a second instance on the same application folder, and frees it on unlock', () => {
    const first = new StateDirectory(join(root, 'dirs'), 'app');
    first.lock();
    const second = new StateDirectory(join(root, 'dirs'), 'app');
    assert.throws(
      () => second.lock(),
      (e: unknown) =>
        e instanceof StreamsError &&
        e.code === 'STATE_DIR_LOCKED' &&
        /multiple instances of Kafka Streams/.test(e.message),
    );
    first.unlock();
    second.lock();
    second.unlock();
  });

  it('refuses a lock held by another live process and takes over one left by a dead process', () => {
    const dir = join(root, 'dirs2', 'app');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.lock'), `${process.ppid}\n`);
    const sd = new StateDirectory(join(root, 'dirs2'), 'app');
    assert.throws(
      () => sd.lock(),
      (e: unknown) => e instanceof StreamsError && e.code === 'STATE_DIR_LOCKED',
    );
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, '.lock'), `${dead.stdout.toString()}\n`);
    sd.lock();
    assert.equal(readFileSync(join(dir, '.lock'), 'utf8').trim(), String(process.pid));
    sd.unlock();
  });

  it('keeps the process id across instances', () => {
    const a = new StateDirectory(join(root, 'dirs3'), 'app').processId();
    assert.match(a, /^[0-9a-f-]{36}$/);
    assert.equal(new StateDirectory(join(root, 'dirs3'), 'app').processId(), a);
  });
});
