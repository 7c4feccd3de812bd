/**
 * Cluster-mode start-up failures through `samsa broker`: a broker.id another live broker holds in
 * ZooKeeper exits 1 naming the key (after waiting, bounded, for a previous session of its own to
 * expire), instead of a bare NODE_EXISTS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '@samsa/test-kit';
import { type Broker, startBroker } from '../src/index.js';
import { TestZooKeeper, zookeeperAvailable } from '../src/testing/index.js';
import { SAMSA_BIN } from './support/broker-process.js';

describe('cluster start-up failures', { skip: !zookeeperAvailable() && 'ZooKeeper is not installed' }, () => {
  let zk: TestZooKeeper;
  let holder: Broker;
  let root = '';
  before(async () => {
    zk = await TestZooKeeper.start();
    root = mkdtempSync(join(tmpdir(), 'samsa-cluster-start-'));
    holder = await startBroker({
      brokerId: 7,
      logDirs: join(root, 'holder'),
      config: { 'zookeeper.connect': zk.connectString },
    });
  });
  after(async () => {
    await holder?.stop();
    await zk?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a broker.id registered by a live broker: exit 1 naming broker.id', { timeout: 60_000 }, async () => {
    const r = await run(
      process.execPath,
      [
        SAMSA_BIN,
        'broker',
        '--override',
        'broker.id=7',
        '--override',
        'listeners=PLAINTEXT://127.0.0.1:0',
        '--override',
        `log.dirs=${join(root, 'second')}`,
        '--override',
        `zookeeper.connect=${zk.connectString}`,
        '--override',
        'zookeeper.session.timeout.ms=2000',
      ],
      { timeoutMs: 50_000, env: { SAMSA_LOG_LEVEL: 'warn' } },
    );
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /Another broker is registered in ZooKeeper with this broker\.id \(\/brokers\/ids\/7 /);
    assert.match(r.stderr, /'broker\.id'/);
    assert.match(r.stdout, /waiting for it to go/, 'the wait was announced');
  });
});
