/**
 * Consumer groups through the console: members and lag per partition while a real @samsa/client
 * consumer runs; reset-offsets and delete refused while it is a member (as Kafka refuses them);
 * after it leaves, a dry run changes nothing and a real reset moves the committed offsets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Consumer, silentLogger } from '@samsa/client';
import { eventually, type Harness, startHarness } from './support/console-harness.js';

describe('console API: consumer groups', () => {
  let h: Harness;
  let consumer: Consumer | null = null;
  before(async () => {
    h = await startHarness();
    assert.equal((await h.send('POST', '/api/topics', { name: 'jobs', partitions: 2 })).status, 201);
    for (let i = 0; i < 10; i++)
      await h.send('POST', '/api/topics/jobs/records', { key: `${i}`, value: `job ${i}`, partition: i % 2 });
  });
  after(async () => {
    await consumer?.close();
    await h.stop();
  });

  it('shows a running group with its members and a lag that falls to 0', async () => {
    consumer = new Consumer({
      bootstrapServers: h.broker.bootstrap,
      groupId: 'workers',
      clientId: 'worker-1',
      autoOffsetReset: 'earliest',
      autoCommitIntervalMs: 100,
      logger: silentLogger,
    });
    await consumer.subscribe(['jobs']);
    let seen = 0;
    const running = (async () => {
      while (seen < 10 && consumer) seen += (await consumer.poll({ timeoutMs: 200 })).length;
      // Keep polling (so the member stays alive and auto-commits) until closed.
      while (consumer) if ((await consumer.poll({ timeoutMs: 200 }).catch(() => null)) === null) break;
    })();
    const detail = await eventually(
      async () => {
        const r = await h.get('/api/groups/workers');
        return r.status === 200 && r.body.state === 'Stable' && r.body.totalLag === 0 && r.body.partitions.length === 2
          ? r.body
          : undefined;
      },
      60_000,
      'group workers stable with lag 0',
    );
    assert.equal(detail.members.length, 1);
    assert.equal(detail.members[0].clientId, 'worker-1');
    assert.deepEqual(detail.members[0].assignment.map((a: { partition: number }) => a.partition).sort(), [0, 1]);
    assert.deepEqual(
      detail.partitions.map((p: { offset: number; logEndOffset: number; lag: number }) => [
        p.offset,
        p.logEndOffset,
        p.lag,
      ]),
      [
        [5, 5, 0],
        [5, 5, 0],
      ],
    );
    const list = await h.get('/api/groups?search=WORK&limit=1');
    assert.equal(list.body.total, 1);
    assert.equal((await h.get('/api/groups?search=nobody')).body.total, 0);
    const g = list.body.groups.find((x: { groupId: string }) => x.groupId === 'workers');
    assert.deepEqual(g, {
      groupId: 'workers',
      state: 'Stable',
      protocolType: 'consumer',
      members: 1,
      topics: ['jobs'],
      totalLag: 0,
    });
    const topic = await h.get('/api/topics/jobs');
    assert.deepEqual(topic.body.groups, [{ groupId: 'workers', state: 'Stable', lag: 0 }]);

    const reset = await h.send('POST', '/api/groups/workers/reset-offsets', { to: 'earliest', dryRun: true });
    assert.equal(reset.status, 409);
    assert.match(
      reset.body.message,
      /can only be reset if the group 'workers' is inactive, but the current state is Stable/,
    );
    const del = await h.send('DELETE', '/api/groups/workers');
    assert.equal(del.status, 409);
    assert.match(del.body.message, /NON_EMPTY_GROUP/);

    const c = consumer;
    consumer = null;
    await c.close();
    await running;
  });

  it('resets offsets with a dry run first, then for real, and deletes the empty group', async () => {
    await eventually(async () => ((await h.get('/api/groups/workers')).body.state === 'Empty' ? true : undefined));
    const dry = await h.send('POST', '/api/groups/workers/reset-offsets', { to: 'offset', offset: 2, dryRun: true });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(dry.body.partitions, [
      { topic: 'jobs', partition: 0, current: 5, target: 2 },
      { topic: 'jobs', partition: 1, current: 5, target: 2 },
    ]);
    assert.equal((await h.get('/api/groups/workers')).body.totalLag, 0, 'a dry run commits nothing');

    const real = await h.send('POST', '/api/groups/workers/reset-offsets', { to: 'earliest', topic: 'jobs' });
    assert.equal(real.status, 200, JSON.stringify(real.body));
    const after = await h.get('/api/groups/workers');
    assert.equal(after.body.totalLag, 10);
    assert.deepEqual(
      after.body.partitions.map((p: { offset: number }) => p.offset),
      [0, 0],
    );
    const clamped = await h.send('POST', '/api/groups/workers/reset-offsets', { to: 'offset', offset: 99 });
    assert.deepEqual(
      clamped.body.partitions.map((p: { target: number }) => p.target),
      [5, 5],
      '--to-offset beyond the end is clamped to the end',
    );
    assert.equal((await h.send('POST', '/api/groups/workers/reset-offsets', { to: 'yesterday' })).status, 400);

    assert.equal((await h.send('DELETE', '/api/groups/workers')).status, 204);
    assert.equal((await h.get('/api/groups/workers')).status, 404);
  });
});
