/**
 * Membership and controller election against a real ZooKeeper 3.8: registrations are ephemeral,
 * the cluster id is created once, exactly one candidate wins with epoch + 1, the next one is
 * elected when the controller's session ends, and a stale controller's write is fenced.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { ensurePersistentPaths, getOrCreateClusterId, registerBroker } from '../src/controller/broker-registration.js';
import { ZkController } from '../src/controller/zk-controller.js';
import { TestZooKeeper, zookeeperAvailable } from '../src/testing/index.js';
import { ZkClient, ZkError } from '../src/zk/zk-client.js';
import { BrokerIdZNode, ControllerEpochZNode, ControllerZNode } from '../src/zk/znodes.js';
import { waitFor } from './support/wait.js';

const skip =
  !zookeeperAvailable() && !process.env.CI ? 'zookeeper is not installed (apt-get install zookeeper)' : false;

interface Node {
  id: number;
  zk: ZkClient;
  controller: ZkController;
}

describe('cluster membership and controller election', { skip, timeout: 60_000 }, () => {
  let server: TestZooKeeper;
  const clients: ZkClient[] = [];
  const controllers: ZkController[] = [];
  let chrootN = 0;

  const client = async (chroot: string) => {
    const c = await ZkClient.connect({ connect: server.connectString + chroot, sessionTimeoutMs: 2_000 });
    clients.push(c);
    return c;
  };
  /** A broker as cluster mode will start one: paths, cluster id, registration, controller. */
  const startBroker = async (chroot: string, id: number): Promise<Node> => {
    const zk = await client(chroot);
    await ensurePersistentPaths(zk);
    await getOrCreateClusterId(zk);
    await registerBroker(zk, {
      id,
      endpoints: [{ listener: 'PLAINTEXT', host: '127.0.0.1', port: 9090 + id }],
      securityProtocolMap: { PLAINTEXT: 'PLAINTEXT' },
      rack: null,
      timestamp: BigInt(Date.now()),
    });
    const controller = new ZkController(zk, id, silentLogger);
    controllers.push(controller);
    controller.start();
    return { id, zk, controller };
  };
  const threeBrokers = async () => {
    const chroot = `/cluster-${++chrootN}`;
    const nodes = await Promise.all([1, 2, 3].map((id) => startBroker(chroot, id)));
    await waitFor('a controller', () => nodes.filter((n) => n.controller.isActive).length === 1, 10_000);
    return { chroot, nodes, admin: await client(chroot) };
  };

  before(async () => {
    server = await TestZooKeeper.start();
  });
  after(async () => {
    for (const c of controllers) await c.stop();
    for (const c of clients) c.close();
    await server?.stop();
  });

  it('registers brokers as ephemeral znodes under one cluster id', async () => {
    const chroot = '/membership';
    const nodes = await Promise.all([1, 2, 3].map((id) => startBroker(chroot, id)));
    const admin = await client(chroot);
    assert.deepEqual(await admin.children('/brokers/ids'), ['1', '2', '3']);
    const info = BrokerIdZNode.decode(2, (await admin.get(BrokerIdZNode.path(2))).data);
    assert.deepEqual(info.endpoints, [{ listener: 'PLAINTEXT', host: '127.0.0.1', port: 9092 }]);
    assert.equal(new Set(await Promise.all(nodes.map((n) => getOrCreateClusterId(n.zk)))).size, 1);
    // A second registration of a live id is refused.
    await assert.rejects(
      registerBroker(admin, { ...info, id: 2 }),
      (e) => e instanceof ZkError && e.code === 'NODE_EXISTS',
    );
    // Every broker's controller sees the membership change when a session ends.
    nodes[0]?.zk.close();
    await waitFor('broker 1 gone', async () => (await admin.children('/brokers/ids')).join() === '2,3', 5_000);
    await waitFor(
      'brokers see it',
      () => nodes.slice(1).every((n) => n.controller.liveBrokers.join() === '2,3'),
      5_000,
    );
  });

  it('elects exactly one controller and bumps the epoch by one', async () => {
    const { nodes, admin } = await threeBrokers();
    const active = nodes.filter((n) => n.controller.isActive);
    assert.equal(active.length, 1);
    const winner = active[0] as Node;
    assert.equal(ControllerZNode.decode((await admin.get('/controller')).data).brokerId, winner.id);
    assert.equal(ControllerEpochZNode.decode((await admin.get('/controller_epoch')).data), 1);
    assert.equal(winner.controller.controllerEpoch, 1);
    await waitFor('all brokers know the controller', () =>
      nodes.every((n) => n.controller.activeControllerId === winner.id && n.controller.controllerEpoch === 1),
    );
  });

  it('re-elects when the controller’s session ends, with epoch + 1, and fences the old epoch', async () => {
    const { nodes, admin } = await threeBrokers();
    const old = nodes.find((n) => n.controller.isActive) as Node;
    const before = old.controller.controllerEpoch;
    old.zk.close();
    const rest = nodes.filter((n) => n !== old);
    await waitFor('a new controller', () => rest.some((n) => n.controller.isActive), 10_000);
    const next = rest.find((n) => n.controller.isActive) as Node;
    assert.equal(rest.filter((n) => n.controller.isActive).length, 1);
    assert.equal(next.controller.controllerEpoch, before + 1);
    assert.equal(ControllerEpochZNode.decode((await admin.get('/controller_epoch')).data), before + 1);
    await waitFor('brokers learn the new epoch', () => rest.every((n) => n.controller.controllerEpoch === before + 1));
    for (const n of rest) {
      assert.equal(n.controller.isStale(before), true, 'a control request from the old controller is rejected');
      assert.equal(n.controller.isStale(before + 1), false);
    }
    // The new controller's fenced writes go through.
    await next.controller.fencedWrite([{ op: 'create', path: '/fenced-ok', data: Buffer.alloc(0) }]);
    assert.ok(await admin.exists('/fenced-ok'));
  });

  it('rejects the write of a controller that has not noticed it was superseded', async () => {
    const { nodes, admin } = await threeBrokers();
    const zombie = nodes.find((n) => n.controller.isActive) as Node;
    // The zombie stops hearing ZooKeeper (as if paused) while its session stays alive…
    zombie.zk.removeAllListeners('watch');
    // …and loses /controller; another broker is elected with a higher epoch.
    await admin.delete('/controller');
    const rest = nodes.filter((n) => n !== zombie);
    await waitFor('a new controller', () => rest.some((n) => n.controller.isActive), 10_000);
    assert.equal(zombie.controller.isActive, true, 'the zombie still believes it leads');
    await assert.rejects(
      zombie.controller.fencedWrite([{ op: 'create', path: '/zombie-write', data: Buffer.alloc(0) }]),
      (e) => e instanceof ZkError && e.code === 'BAD_VERSION',
    );
    assert.equal(await admin.exists('/zombie-write'), null, 'nothing of the stale write is applied');
  });

  it('keeps its sessions, registrations and controller across a ZooKeeper restart', async () => {
    const { nodes, admin } = await threeBrokers();
    const leader = nodes.find((n) => n.controller.isActive) as Node;
    const epoch = leader.controller.controllerEpoch;
    let expired = 0;
    for (const n of nodes) n.zk.on('expired', () => expired++);
    await server.restart();
    await waitFor(
      'the registrations, read after the restart',
      async () => {
        try {
          return (await admin.children('/brokers/ids')).join() === '1,2,3';
        } catch {
          return false; // still reconnecting
        }
      },
      15_000,
    );
    await nodes[0]?.controller.settled();
    assert.equal(expired, 0, 'sessions resume within their timeout');
    assert.equal(leader.controller.isActive, true);
    assert.equal(ControllerEpochZNode.decode((await admin.get('/controller_epoch')).data), epoch);
    await leader.controller.fencedWrite([{ op: 'create', path: '/after-restart', data: Buffer.alloc(0) }]);
  });
});
