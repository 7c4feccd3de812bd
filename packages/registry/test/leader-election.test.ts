/**
 * Several registries over one cluster: they elect one leader through the `schema-registry` group,
 * a write sent to a follower is forwarded to the leader and then served by both, and when the
 * leader stops the other takes over without reusing any id. A registry started again later reads
 * the whole topic before serving and keeps handing out fresh ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import type { SchemaRegistry } from '../src/index.js';
import { call, startRegistry, until } from './registry-harness.js';

const record = (n: number) =>
  JSON.stringify({ type: 'record', name: `R${n}`, fields: [{ name: 'f', type: 'string' }] });

describe('schema registry: leader election and forwarding', () => {
  let broker: TestBroker;
  const registries: SchemaRegistry[] = [];

  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    for (const r of registries) await r.close().catch(() => {});
    await broker?.stop();
  });

  it('elects one leader, forwards writes from the follower, and both serve the same data', async () => {
    const a = await startRegistry(broker.bootstrap);
    registries.push(a);
    const b = await startRegistry(broker.bootstrap);
    registries.push(b);
    await until('both to agree on one leader', () => a.leaderUrl !== null && a.leaderUrl === b.leaderUrl);
    assert.equal([a, b].filter((r) => r.isLeader).length, 1);
    const follower = a.isLeader ? b : a;
    const leader = a.isLeader ? a : b;

    const viaFollower = await call(follower.url, 'POST', '/subjects/s1/versions', { schema: record(1) });
    assert.equal(viaFollower.status, 200, JSON.stringify(viaFollower.body));
    const viaLeader = await call(leader.url, 'POST', '/subjects/s2/versions', { schema: record(2) });
    assert.notEqual(viaFollower.body.id, viaLeader.body.id);
    // A follower error is the leader's answer, forwarded as it is.
    const bad = await call(follower.url, 'POST', '/subjects/s1/versions', {
      schema: record(1).replace('string', 'strin'),
    });
    assert.deepEqual([bad.status, bad.body.error_code], [422, 42201]);
    for (const r of [a, b]) {
      await until('the write to be replayed', async () => (await call(r.url, 'GET', '/subjects')).body.length === 2);
      assert.deepEqual((await call(r.url, 'GET', '/subjects/s1/versions/1')).body.id, viaFollower.body.id);
      assert.deepEqual((await call(r.url, 'GET', `/schemas/ids/${viaLeader.body.id}`)).body, { schema: record(2) });
    }
  });

  it('hands leadership over when the leader stops, without reusing ids', async () => {
    const [a, b] = registries as [SchemaRegistry, SchemaRegistry];
    const leader = a.isLeader ? a : b;
    const survivor = a.isLeader ? b : a;
    const before = (await call(survivor.url, 'GET', '/schemas')).body.map((s: { id: number }) => s.id);
    await leader.close();
    registries.splice(registries.indexOf(leader), 1);
    await until('the survivor to lead', () => survivor.isLeader);
    const r = await call(survivor.url, 'POST', '/subjects/s3/versions', { schema: record(3) });
    assert.equal(r.status, 200);
    assert.ok(!before.includes(r.body.id), `id ${r.body.id} was already used by ${before}`);
    assert.ok(r.body.id > Math.max(...before));
  });

  it('a registry started later loads every schema before serving and continues the ids', async () => {
    const survivor = registries[0] as SchemaRegistry;
    const known = (await call(survivor.url, 'GET', '/schemas')).body as Array<{ subject: string; id: number }>;
    await survivor.close();
    registries.length = 0;
    const again = await startRegistry(broker.bootstrap);
    registries.push(again);
    // No waiting: start() returns only once the topic has been read to its end.
    assert.deepEqual(
      (await call(again.url, 'GET', '/schemas')).body,
      known.map((k) => ({ ...k })),
    );
    await until('a leader', () => again.isLeader);
    const r = await call(again.url, 'POST', '/subjects/s4/versions', { schema: record(4) });
    assert.equal(r.body.id, Math.max(...known.map((k) => k.id)) + 1);
  });
});
