/**
 * Start-up failures stop the broker before it writes anything: a taken port (listeners bind
 * first), a log dir that cannot be created or written, a corrupt metadata file, no ZooKeeper. The `samsa broker` process exits 1 with
 * a message naming the listener or dir and the config key; the embedded API rejects with a typed
 * error; the log dirs are left as they were.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InconsistentBrokerIdError, ListenerBindError, LogDirError, startBroker } from '@samsa/broker';
import { ConfigError } from '@samsa/common';
import { SAMSA_BIN } from './support/broker-process.js';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `samsa broker --override ...` as a child, bounded; `asUser` drops root so permissions apply. */
function samsaBroker(overrides: string[], options: { asUser?: number } = {}): Promise<Exit> {
  const args = [SAMSA_BIN, 'broker', ...overrides.flatMap((o) => ['--override', o])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SAMSA_LOG_LEVEL: 'warn' },
      ...(options.asUser !== undefined ? { uid: options.asUser, gid: options.asUser } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((socket) => socket.destroy());
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

function portOf(s: Server): number {
  return (s.address() as { port: number }).port;
}

describe('start-up with a port already taken', () => {
  let taken: Server;
  let port = 0;
  let root = '';
  before(async () => {
    taken = await listen();
    port = portOf(taken);
    root = mkdtempSync(join(tmpdir(), 'samsa-bind-'));
  });
  after(async () => {
    await new Promise((r) => taken.close(r));
    rmSync(root, { recursive: true, force: true });
  });

  it('samsa broker exits 1 naming the listener, address and key, and writes nothing', async () => {
    const empty = join(root, 'cli-empty');
    mkdirSync(empty);
    const missing = join(root, 'cli-missing');
    const r = await samsaBroker([`listeners=PLAINTEXT://127.0.0.1:${port}`, `log.dirs=${empty},${missing}`]);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`listener PLAINTEXT to 127\\.0\\.0\\.1:${port}: address already in use`));
    assert.match(r.stderr, /'listeners'/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(readdirSync(empty), [], 'the existing log dir is untouched');
    assert.equal(existsSync(missing), false, 'a missing log dir is not created');
  });

  it('the embedded start rejects with ListenerBindError and writes nothing', async () => {
    const dir = join(root, 'embedded');
    mkdirSync(dir);
    await assert.rejects(startBroker({ port, logDirs: dir }), (err: unknown) => {
      assert.ok(err instanceof ListenerBindError, String(err));
      assert.equal(err.listener, 'PLAINTEXT');
      assert.equal(err.address, `127.0.0.1:${port}`);
      assert.equal(err.key, 'listeners');
      assert.equal(err.code, 'EADDRINUSE');
      return true;
    });
    assert.deepEqual(readdirSync(dir), []);
  });

  it('cluster mode: fails before contacting ZooKeeper, so nothing is registered', async () => {
    const dir = join(root, 'cluster');
    mkdirSync(dir);
    // A stand-in for ZooKeeper that only counts who connects to it.
    let contacts = 0;
    const zk = createServer((socket) => {
      contacts++;
      socket.destroy();
    });
    await new Promise<void>((r) => zk.listen(0, '127.0.0.1', r));
    try {
      await assert.rejects(
        startBroker({
          port,
          logDirs: dir,
          config: { 'zookeeper.connect': `127.0.0.1:${portOf(zk)}`, 'zookeeper.connection.timeout.ms': 2000 },
        }),
        ListenerBindError,
      );
    } finally {
      await new Promise((r) => zk.close(r));
    }
    assert.equal(contacts, 0);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a second listener on a taken port releases the first one', async () => {
    const dir = join(root, 'two-listeners');
    mkdirSync(dir);
    const free = await listen();
    const freePort = portOf(free);
    await new Promise((r) => free.close(r));
    await assert.rejects(
      startBroker({
        logDirs: dir,
        config: {
          listeners: `PLAINTEXT://127.0.0.1:${freePort},INTERNAL://127.0.0.1:${port}`,
          'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT',
        },
      }),
      (err: unknown) => err instanceof ListenerBindError && err.listener === 'INTERNAL',
    );
    assert.deepEqual(readdirSync(dir), []);
    // The first listener's port was bound, then released: it can be bound again at once.
    const again = await listen(freePort);
    await new Promise((r) => again.close(r));
  });
});

describe('start-up with an unusable log dir', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'samsa-logdir-'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('a log dir that cannot be created: LogDirError naming the dir and log.dirs, the port released', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const dir = join(file, 'logs');
    const free = await listen();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    await assert.rejects(startBroker({ port, logDirs: dir }), (err: unknown) => {
      assert.ok(err instanceof LogDirError, String(err));
      assert.equal(err.dir, dir);
      assert.equal(err.key, 'log.dirs');
      assert.match(err.message, /cannot be created \(ENOTDIR\)/);
      return true;
    });
    const again = await listen(port);
    await new Promise((r) => again.close(r));
  });

  it('a log dir listed twice is refused before anything is created', async () => {
    const dir = join(root, 'twice');
    await assert.rejects(startBroker({ logDirs: [dir, `${dir}/`] }), (err: unknown) => {
      assert.ok(err instanceof LogDirError, String(err));
      assert.match(err.message, /is listed more than once.*'log\.dirs'/);
      return true;
    });
    assert.equal(existsSync(dir), false);
  });

  it('the embedded start removes the temp log dir it made when a config value is invalid', async () => {
    const scratch = join(root, 'tmp');
    mkdirSync(scratch);
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = scratch; // where startBroker makes its temp log dir
    try {
      await assert.rejects(startBroker({ config: { 'num.partitions': 'abc' } }), ConfigError);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    assert.deepEqual(readdirSync(scratch), []);
  });

  it('samsa broker on a file as log dir exits 1 naming it', async () => {
    const file = join(root, 'plain-file');
    writeFileSync(file, 'x');
    const r = await samsaBroker(['listeners=PLAINTEXT://127.0.0.1:0', `log.dirs=${file}`]);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`Log directory ${file} is not a directory.*'log\\.dirs'`));
  });

  it('samsa broker on a read-only log dir exits 1 naming it, writing nothing', async () => {
    const dir = join(root, 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    chmodSync(root, 0o755); // mkdtemp's 0700 would stop the other user before the dir itself
    // root writes anywhere: run the broker as nobody so that the mode applies.
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    const r = await samsaBroker(['listeners=PLAINTEXT://127.0.0.1:0', `log.dirs=${dir}`], { asUser });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`Log directory ${dir} is not writable \\(EACCES\\).*'log\\.dirs'`));
    assert.deepEqual(readdirSync(dir), []);
  });

  it('samsa broker on a corrupt metadata file exits 1 naming the file, leaving it as it was', async () => {
    const dir = join(root, 'corrupt-metadata');
    mkdirSync(dir);
    const file = join(dir, 'samsa-metadata.json');
    writeFileSync(file, '{not json');
    const r = await samsaBroker(['listeners=PLAINTEXT://127.0.0.1:0', `log.dirs=${dir}`]);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`Cannot read the metadata file ${file}: `));
    assert.equal(readFileSync(file, 'utf8'), '{not json');
    assert.deepEqual(readdirSync(dir), ['samsa-metadata.json']);
  });

  it("a log dir of another broker (meta.properties' broker.id) is refused, naming both ids", async () => {
    const dir = join(root, 'other-broker');
    mkdirSync(dir);
    writeFileSync(join(dir, 'meta.properties'), 'version=0\nbroker.id=0\ncluster.id=abc\n');
    await assert.rejects(startBroker({ brokerId: 3, logDirs: dir }), (err: unknown) => {
      assert.ok(err instanceof InconsistentBrokerIdError, String(err));
      assert.equal(err.key, 'broker.id');
      assert.match(err.message, /Configured broker\.id 3 does not match the broker\.id 0 stored in/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), ['meta.properties']);
  });

  it('samsa broker with no ZooKeeper at zookeeper.connect exits 1 naming the key, its log dir not created', async () => {
    const zk = await listen();
    const zkPort = portOf(zk);
    await new Promise((r) => zk.close(r));
    const dir = join(root, 'no-zookeeper');
    const r = await samsaBroker([
      'listeners=PLAINTEXT://127.0.0.1:0',
      `log.dirs=${dir}`,
      `zookeeper.connect=127.0.0.1:${zkPort}`,
      'zookeeper.connection.timeout.ms=1000',
    ]);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`ZooKeeper session with 127\\.0\\.0\\.1:${zkPort}.*'zookeeper\\.connect'`));
    assert.equal(existsSync(dir), false);
  });
});
