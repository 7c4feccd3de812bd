/**
 * The ZooKeeper client wrapper against a real ZooKeeper 3.8: chroot creation, node modes,
 * conditional writes, atomic multi, watches as events, and session expiry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestZooKeeper, ZkProxy, zookeeperAvailable } from '../src/testing/index.js';
import { ZkClient, ZkError, type ZkWatchEvent } from '../src/zk/zk-client.js';

const skip =
  !zookeeperAvailable() && !process.env.CI ? 'zookeeper is not installed (apt-get install zookeeper)' : false;
const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => e instanceof ZkError && e.code === code);

// Five ZooKeeper restarts are five JVM start-ups: on a loaded 2-core machine they alone took 57 s.
describe('ZkClient', { skip, timeout: 180_000 }, () => {
  let zk: TestZooKeeper;
  const clients: ZkClient[] = [];
  const connect = async (chroot = '/zk-client-test') => {
    const c = await ZkClient.connect({
      connect: zk.connectString + chroot,
      sessionTimeoutMs: 2_000,
      connectTimeoutMs: 10_000,
    });
    clients.push(c);
    return c;
  };

  before(async () => {
    zk = await TestZooKeeper.start();
  });
  after(async () => {
    for (const c of clients) c.close();
    await zk?.stop();
  });

  it('creates the chroot, and nodes in every mode', async () => {
    const c = await connect();
    await c.create('/p', Buffer.from('x'));
    assert.equal((await c.get('/p')).data.toString(), 'x');
    await rejectsWith(c.create('/p', Buffer.alloc(0)), 'NODE_EXISTS');
    const s1 = await c.create('/p/s-', Buffer.alloc(0), 'persistent_sequential');
    const s2 = await c.create('/p/s-', Buffer.alloc(0), 'ephemeral_sequential');
    assert.match(s1, /^\/p\/s-\d{10}$/);
    assert.ok(s2 > s1);
    const e = await c.create('/e', Buffer.alloc(0), 'ephemeral');
    assert.equal((await c.exists(e))?.ephemeralOwner, c.sessionId);
    assert.equal((await c.exists('/p'))?.ephemeralOwner, 0n);
    assert.deepEqual(await c.children('/p'), [s1.slice(3), s2.slice(3)]);
    // The chroot is invisible from inside and visible from the root.
    const root = await connect('');
    assert.ok(await root.exists('/zk-client-test/p'));
    await rejectsWith(c.get('/missing'), 'NO_NODE');
    assert.equal(await c.exists('/missing'), null);
  });

  it('writes conditionally on the version and applies multi atomically', async () => {
    const c = await connect();
    await c.create('/v', Buffer.from('0'));
    const s = await c.set('/v', Buffer.from('1'), 0);
    assert.equal(s.version, 1);
    await rejectsWith(c.set('/v', Buffer.from('2'), 0), 'BAD_VERSION');
    await rejectsWith(
      c.multi([
        { op: 'create', path: '/m', data: Buffer.from('new') },
        { op: 'check', path: '/v', version: 0 },
      ]),
      'BAD_VERSION',
    );
    assert.equal(await c.exists('/m'), null, 'nothing of a failed multi is applied');
    await c.multi([
      { op: 'create', path: '/m', data: Buffer.from('new') },
      { op: 'set', path: '/v', data: Buffer.from('3'), version: 1 },
    ]);
    assert.equal((await c.get('/v')).data.toString(), '3');
    await rejectsWith(c.delete('/v', 0), 'BAD_VERSION');
    await c.delete('/v', 2);
    assert.equal(await c.exists('/v'), null);
  });

  it('delivers one-shot watches as events', async () => {
    const c = await connect();
    const other = await connect();
    const events: ZkWatchEvent[] = [];
    c.on('watch', (e) => events.push(e));
    await c.mkdirp('/w');
    assert.equal(await c.exists('/w/n', { watch: true }), null);
    await c.children('/w', { watch: true });
    await other.create('/w/n', Buffer.from('a'));
    await c.get('/w/n', { watch: true });
    await other.set('/w/n', Buffer.from('b'), -1);
    await other.set('/w/n', Buffer.from('c'), -1); // no watch left: one-shot
    const deadline = Date.now() + 5_000;
    while (events.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(events.map((e) => `${e.type} ${e.path}`).sort(), [
      'childrenChanged /w',
      'created /w/n',
      'dataChanged /w/n',
    ]);
  });

  it('a read with a watch arms it even while the previous notification is still on its way', async () => {
    const proxy = await ZkProxy.start(zk);
    try {
      const c = await ZkClient.connect({ connect: `${proxy.connectString}/zk-client-test`, sessionTimeoutMs: 5_000 });
      clients.push(c);
      const other = await connect();
      const events: string[] = [];
      c.on('watch', (e) => events.push(`${e.type} ${e.path}`));
      await c.mkdirp('/race');
      assert.equal(await c.exists('/race/n', { watch: true }), null);
      await other.create('/race/n', Buffer.from('a'));
      // The `created` notification is held back, so the client still counts its watch as armed
      // when it re-reads the node with a watch: that read must still ask the server for one.
      proxy.holdReplies();
      const read = c.get('/race/n', { watch: true });
      await new Promise((r) => setTimeout(r, 200));
      proxy.releaseReplies();
      assert.equal((await read).data.toString(), 'a');
      await other.set('/race/n', Buffer.from('b'), -1);
      const deadline = Date.now() + 5_000;
      while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(events, ['created /race/n', 'dataChanged /race/n']);
    } finally {
      await proxy.stop();
    }
  });

  it('reports session expiry once and fails later calls', async () => {
    const proxy = await ZkProxy.start(zk);
    try {
      const c = await ZkClient.connect({ connect: `${proxy.connectString}/zk-client-test`, sessionTimeoutMs: 1_000 });
      clients.push(c);
      await c.create('/mine', Buffer.alloc(0), 'ephemeral');
      let expired = 0;
      c.on('expired', () => expired++);
      proxy.partition();
      // The server expires the session after its timeout; the client learns it when it reconnects.
      const fresh = await connect();
      const deadline = Date.now() + 10_000;
      while ((await fresh.exists('/mine')) !== null) {
        assert.ok(Date.now() < deadline, 'the partitioned session’s ephemeral node should go');
        await new Promise((r) => setTimeout(r, 100));
      }
      proxy.heal();
      while (expired === 0) {
        assert.ok(Date.now() < deadline, 'the client should see its session expired');
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(expired, 1);
      await rejectsWith(c.get('/'), 'SESSION_EXPIRED');
    } finally {
      await proxy.stop();
    }
  });

  it('reconnects to the same session after ZooKeeper restarts, every time', async () => {
    const c = await connect();
    await c.create('/survivor', Buffer.alloc(0), 'ephemeral');
    // Regression: the library could hang forever in the reconnect handshake to a starting server.
    for (let round = 0; round < 5; round++) {
      await zk.restart();
      const deadline = Date.now() + 8_000;
      for (;;) {
        const ok = await c.exists('/survivor').then(
          (stat) => stat !== null,
          (e: unknown) => (e instanceof ZkError && e.code === 'CONNECTION_LOSS' ? false : Promise.reject(e)),
        );
        if (ok) break;
        assert.ok(Date.now() < deadline, `no answer ${round + 1} restarts in`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    assert.equal(c.isExpired, false);
  });
});
