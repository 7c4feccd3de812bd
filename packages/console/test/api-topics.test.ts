/** The console's topic API over HTTP against a real broker: list/search/paging, create, partitions, configs, delete. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from './support/console-harness.js';

describe('console API: topics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it('creates topics and lists them with server-side search and paging', async () => {
    for (const name of ['orders-eu', 'orders-us', 'orders-asia', 'payments', 'audit']) {
      const r = await h.send('POST', '/api/topics', { name, partitions: 2, replicationFactor: 1 });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.name, name);
      assert.equal(r.body.numPartitions, 2);
    }
    const dup = await h.send('POST', '/api/topics', { name: 'audit' });
    assert.equal(dup.status, 409);
    assert.match(dup.body.message, /^TOPIC_ALREADY_EXISTS/);

    const all = await h.get('/api/topics');
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.topics.map((t: { name: string }) => t.name),
      ['audit', 'orders-asia', 'orders-eu', 'orders-us', 'payments'],
    );
    const found = await h.get('/api/topics?search=ORDERS&offset=1&limit=1');
    assert.equal(found.body.total, 3);
    assert.deepEqual(
      found.body.topics.map((t: { name: string }) => t.name),
      ['orders-eu'],
    );
    const t = found.body.topics[0];
    assert.equal(t.partitions, 2);
    assert.equal(t.replicationFactor, 1);
    assert.equal(t.underReplicated, 0);
    assert.equal(t.messages, 0);

    const bad = await h.get('/api/topics?limit=0');
    assert.equal(bad.status, 400);
  });

  it('describes a topic: partitions with offsets and size, configs with source and default', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await h.send('POST', '/api/topics/payments/records', { key: `k${i}`, value: `v${i}`, partition: 1 });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.offset, i);
    }
    const d = await h.get('/api/topics/payments');
    assert.equal(d.status, 200);
    const p1 = d.body.partitions.find((p: { partition: number }) => p.partition === 1);
    assert.equal(p1.startOffset, 0);
    assert.equal(p1.endOffset, 3);
    assert.ok(p1.sizeBytes > 0, 'partition 1 has bytes on disk');
    assert.equal(p1.leader, 0);
    assert.deepEqual(p1.isr, p1.replicas);
    const retention = d.body.configs.find((c: { name: string }) => c.name === 'retention.ms');
    assert.equal(retention.source, 'DEFAULT_CONFIG');
    assert.equal(retention.value, '604800000');

    const set = await h.send('PATCH', '/api/topics/payments/configs', { set: { 'retention.ms': '3600000' } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const changed = set.body.configs.find((c: { name: string }) => c.name === 'retention.ms');
    assert.equal(changed.value, '3600000');
    assert.equal(changed.source, 'DYNAMIC_TOPIC_CONFIG');
    assert.equal(changed.default, '168');
    assert.equal(changed.defaultName, 'log.retention.hours');

    const invalid = await h.send('PATCH', '/api/topics/payments/configs', { set: { 'retention.ms': 'soon' } });
    assert.equal(invalid.status, 400);
    assert.match(invalid.body.message, /INVALID_CONFIG/);

    const back = await h.send('PATCH', '/api/topics/payments/configs', { delete: ['retention.ms'] });
    const restored = back.body.configs.find((c: { name: string }) => c.name === 'retention.ms');
    assert.equal(restored.source, 'DEFAULT_CONFIG');
    assert.equal(restored.value, '604800000');
  });

  it('adds partitions and deletes a topic', async () => {
    const more = await h.send('POST', '/api/topics/audit/partitions', { count: 4 });
    assert.equal(more.status, 200, JSON.stringify(more.body));
    const d = await h.get('/api/topics/audit');
    assert.equal(d.body.partitions.length, 4);
    const fewer = await h.send('POST', '/api/topics/audit/partitions', { count: 2 });
    assert.equal(fewer.status, 409);
    assert.match(fewer.body.message, /INVALID_PARTITIONS/);

    const del = await h.send('DELETE', '/api/topics/audit');
    assert.equal(del.status, 204);
    const gone = await h.get('/api/topics/audit');
    assert.equal(gone.status, 404);
    assert.match(gone.body.message, /UNKNOWN_TOPIC_OR_PARTITION/);
  });

  it('pages a topic’s partitions on the server', async () => {
    assert.equal((await h.send('POST', '/api/topics', { name: 'wide', partitions: 12 })).status, 201);
    const page = await h.get('/api/topics/wide?partitionOffset=10&partitionLimit=5');
    assert.equal(page.status, 200);
    assert.equal(page.body.partitionCount, 12);
    assert.deepEqual(
      page.body.partitions.map((p: { partition: number }) => p.partition),
      [10, 11],
    );
    assert.equal(page.body.partitions[0].endOffset, 0);
    const first = await h.get('/api/topics/wide?partitionLimit=3');
    assert.deepEqual(
      first.body.partitions.map((p: { partition: number }) => p.partition),
      [0, 1, 2],
    );
    assert.equal((await h.get('/api/topics/wide?partitionLimit=0')).status, 400);
    assert.equal((await h.send('DELETE', '/api/topics/wide')).status, 204);
  });

  it('answers the cluster overview', async () => {
    const c = await h.get('/api/cluster');
    assert.equal(c.status, 200);
    assert.equal(typeof c.body.clusterId, 'string');
    assert.equal(c.body.controllerId, 0);
    assert.match(c.body.version, /^\d+\.\d+-IV\d+$/, 'the inter.broker.protocol.version, e.g. 3.9-IV0');
    assert.equal(c.body.brokers.length, 1);
    const b = c.body.brokers[0];
    assert.equal(b.controller, true);
    assert.ok(b.partitionsLed >= 6, `partitions led: ${b.partitionsLed}`);
    assert.ok(b.diskBytes > 0);
    assert.deepEqual(c.body.alerts, []);
  });
});
