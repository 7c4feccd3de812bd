/**
 * The registry embedded in the broker (`schema.registry.listeners`): served by a test broker, its
 * ids survive a broker restart (the state is the `_schemas` topic, read back before serving); in a
 * two-broker cluster each broker's registry serves the same data, and a write sent to the
 * follower's registry is forwarded to the leader's.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  startTestBroker,
  startTestCluster,
  type TestBroker,
  type TestCluster,
  zookeeperAvailable,
} from '@samsa/broker/testing';
import { call, until, userV1, userV2 } from './registry-harness.js';

const REGISTRY = { 'schema.registry.listeners': 'http://127.0.0.1:0' };

describe('schema registry embedded in the broker', () => {
  let broker: TestBroker | undefined;
  after(async () => {
    await broker?.stop();
  });

  it('serves on schema.registry.listeners and keeps its ids across a broker restart', async () => {
    broker = await startTestBroker({ config: REGISTRY });
    let url = await (broker.broker.schemaRegistry?.serving() as Promise<string>);
    const first = await call(url, 'POST', '/subjects/t-value/versions', { schema: userV1 });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    await broker.restart();
    url = await (broker.broker.schemaRegistry?.serving() as Promise<string>);
    assert.deepEqual((await call(url, 'GET', '/subjects/t-value/versions/1')).body.id, first.body.id);
    const second = await call(url, 'POST', '/subjects/t-value/versions', { schema: userV2 });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.id, first.body.id + 1);
  });
});

describe(
  'schema registries of a two-broker cluster',
  { skip: !zookeeperAvailable() && 'ZooKeeper is not installed', timeout: 180_000 },
  () => {
    let cluster: TestCluster | undefined;
    after(async () => {
      await cluster?.stop();
    });

    it('serve the same data, and the follower forwards writes to the leader', async () => {
      // Two brokers: the group coordinator's topic must fit them (the election runs through a group).
      cluster = await startTestCluster({
        brokers: 2,
        config: { ...REGISTRY, 'offsets.topic.replication.factor': '2' },
      });
      const registries = [...cluster.brokers.values()].map((b) => b.schemaRegistry);
      const urls = await Promise.all(registries.map((r) => r?.serving() as Promise<string>));
      // Every registry writes: through the leader or forwarded to it.
      const ids: number[] = [];
      for (const [i, url] of urls.entries()) {
        const schema = JSON.stringify({ type: 'record', name: `Rec${i}`, fields: [{ name: 'f', type: 'int' }] });
        const r = await call(url, 'POST', `/subjects/s${i}/versions`, { schema });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        ids.push(r.body.id);
      }
      assert.equal(new Set(ids).size, ids.length);
      for (const url of urls) {
        await until(
          'every write replayed',
          async () => (await call(url, 'GET', '/subjects')).body.length === urls.length,
        );
        for (const [i, id] of ids.entries()) {
          assert.equal((await call(url, 'GET', `/subjects/s${i}/versions/latest`)).body.id, id);
        }
      }
    });
  },
);
