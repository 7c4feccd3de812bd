/**
 * Three distributed workers in one Connect group against an in-process Samsa broker: connectors
 * created through a worker that is not the leader (the write is forwarded), FileStream source →
 * topic → sink delivers every line in order, configs and statuses are in the internal topics under
 * Kafka's keys, pause/resume reach the worker running the task, and when a worker leaves, its
 * connectors and tasks move to the others and delivery continues without losing a line.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { type DistributedWorker, startDistributed } from '../src/index.js';

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const lines = (p: string) => {
  try {
    return readFileSync(p, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

let broker: TestBroker;
let dir: string;
const workers: DistributedWorker[] = [];

const props = () => ({
  'bootstrap.servers': broker.bootstrap,
  'group.id': 'connect-cluster',
  'config.storage.topic': 'connect-configs',
  'offset.storage.topic': 'connect-offsets',
  'status.storage.topic': 'connect-status',
  'config.storage.replication.factor': '1',
  'offset.storage.replication.factor': '1',
  'status.storage.replication.factor': '1',
  'offset.storage.partitions': '5',
  'status.storage.partitions': '2',
  'offset.flush.interval.ms': '500',
  'heartbeat.interval.ms': '500',
  'session.timeout.ms': '6000',
  'rebalance.timeout.ms': '10000',
  listeners: 'http://127.0.0.1:0',
});

/** A REST call; a 409 (a rebalance in progress, as Kafka answers) is retried, as a client would. */
async function call(url: string, method: string, path: string, body?: unknown) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status !== 409 || Date.now() > deadline)
      return { status: res.status, body: text ? JSON.parse(text) : null };
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  broker = await startTestBroker();
  dir = mkdtempSync(join(tmpdir(), 'samsa-connect-dist-'));
  for (let i = 0; i < 3; i++) workers.push(await startDistributed({ workerProps: props(), logger: silentLogger }));
  await until(
    'a stable group with a leader',
    () => workers.some((w) => w.herder.isLeader) && workers.every((w) => !w.herder.rebalancing && w.herder.leaderUrl),
  );
});

after(async () => {
  for (const w of workers) await w.close().catch(() => {});
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('runs FileStream connectors across three workers and survives one leaving', async () => {
  const input = join(dir, 'in.txt');
  const output = join(dir, 'out.txt');
  writeFileSync(input, Array.from({ length: 50 }, (_, i) => `line-${i}\n`).join(''));
  const follower = workers.find((w) => !w.herder.isLeader) as DistributedWorker;
  const created = await call(follower.rest.url, 'POST', '/connectors', {
    name: 'source',
    config: { 'connector.class': 'FileStreamSource', file: input, topic: 'dist-test' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const sink = await call(follower.rest.url, 'PUT', '/connectors/sink/config', {
    'connector.class': 'FileStreamSink',
    file: output,
    topics: 'dist-test',
  });
  assert.equal(sink.status, 201, JSON.stringify(sink.body));
  await until('50 lines delivered', () => lines(output).length >= 50);
  assert.deepEqual(
    lines(output),
    Array.from({ length: 50 }, (_, i) => `line-${i}`),
  );

  // Every worker answers from the status topic.
  for (const w of workers) {
    await until('statuses everywhere', async () => {
      const s = await call(w.rest.url, 'GET', '/connectors/source/status');
      return s.body?.connector?.state === 'RUNNING' && s.body.tasks[0]?.state === 'RUNNING';
    });
  }
  assert.deepEqual((await call(follower.rest.url, 'GET', '/connectors')).body, ['sink', 'source']);

  // Pause through a follower; the task's worker pauses it.
  assert.equal((await call(follower.rest.url, 'PUT', '/connectors/source/pause')).status, 202);
  await until(
    'source paused',
    async () => (await call(follower.rest.url, 'GET', '/connectors/source/status')).body.tasks[0]?.state === 'PAUSED',
  );
  assert.equal((await call(follower.rest.url, 'PUT', '/connectors/source/resume')).status, 202);
  await until(
    'source running',
    async () => (await call(follower.rest.url, 'GET', '/connectors/source/status')).body.tasks[0]?.state === 'RUNNING',
  );

  // The worker running the source task leaves; the others take over from the stored offsets.
  const ownerId = (await call(follower.rest.url, 'GET', '/connectors/source/status')).body.tasks[0].worker_id;
  const owner = workers.find((w) => w.worker.workerId === ownerId) as DistributedWorker;
  await owner.close();
  workers.splice(workers.indexOf(owner), 1);
  appendFileSync(input, 'after-rebalance\n');
  await until('the line written after the rebalance', () => lines(output).includes('after-rebalance'));
  const out = lines(output);
  for (let i = 0; i < 50; i++) assert.ok(out.includes(`line-${i}`));
  assert.equal(out.filter((l) => l === 'after-rebalance').length, 1);

  // Kafka's keys in the config topic.
  const consumer = new Consumer({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
  const keys = new Set<string>();
  try {
    consumer.assign([{ topic: 'connect-configs', partition: 0 }]);
    await consumer.seekToBeginning();
    await until('config records', async () => {
      for (const r of await consumer.poll({ timeoutMs: 300 })) keys.add(r.key?.toString() ?? '');
      return keys.has('commit-source') && keys.has('task-sink-0');
    });
  } finally {
    await consumer.close();
  }
  assert.ok(keys.has('connector-source') && keys.has('target-state-source') && keys.has('task-source-0'));

  // KIP-875 through a follower: stop, read the source offset from the offset topic, delete.
  const other = workers.find((w) => !w.herder.isLeader) ?? (workers[0] as DistributedWorker);
  assert.equal((await call(other.rest.url, 'PUT', '/connectors/source/stop')).status, 202);
  await until(
    'source stopped',
    async () => (await call(other.rest.url, 'GET', '/connectors/source/status')).body.connector.state === 'STOPPED',
  );
  const size = readFileSync(input).length;
  await until('the final source offset', async () => {
    const o = await call(other.rest.url, 'GET', '/connectors/source/offsets');
    return o.body.offsets?.[0]?.offset?.position === size;
  });
  assert.deepEqual((await call(other.rest.url, 'GET', '/connectors/source/offsets')).body.offsets[0].partition, {
    filename: input,
  });
  assert.equal((await call(other.rest.url, 'DELETE', '/connectors/source')).status, 204);
  await until('the source gone everywhere', async () => {
    for (const w of workers) if ((await call(w.rest.url, 'GET', '/connectors/source')).status !== 404) return false;
    return true;
  });
  assert.deepEqual((await call(other.rest.url, 'GET', '/connectors/nope')).body, {
    error_code: 404,
    message: 'Connector nope not found',
  });
});
