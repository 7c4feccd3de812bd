/**
 * One Connect cluster of an Apache Kafka Connect 3.9 worker (ConnectDistributed) and a Samsa
 * worker (@samsa/connect's startDistributed), in one group on a Samsa broker: they agree on the
 * group protocol ("default", Kafka's eager v0 encoding), read each other's config, offset and
 * status records, and forward writes to whichever is the leader. FileStream connectors created
 * through each worker's REST API run with their connector and tasks spread over both JVM and Node
 * — Kafka's worker starts tasks whose configs Samsa wrote (task.class included) and the other way
 * round — and every line reaches the sink file; both workers report the same statuses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/client';
import { type DistributedWorker, startDistributed } from '@samsa/connect';
import { JavaApp, referencesMissing } from '@samsa/test-kit';
import { type SamsaUnderTest, startSingleBroker } from './support/samsa-cluster.js';

const common = (bootstrap: string) => ({
  'bootstrap.servers': bootstrap,
  'group.id': 'mixed-connect',
  'config.storage.topic': 'mixed-configs',
  'offset.storage.topic': 'mixed-offsets',
  'status.storage.topic': 'mixed-status',
  'config.storage.replication.factor': '1',
  'offset.storage.replication.factor': '1',
  'status.storage.replication.factor': '1',
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'offset.flush.interval.ms': '1000',
  'heartbeat.interval.ms': '1000',
  'session.timeout.ms': '10000',
});

const lines = (p: string) => {
  try {
    return readFileSync(p, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  detail: () => string,
  ms = 120_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** A REST write; 409 (a rebalance) and a worker not yet listening are retried. */
async function call(url: string, method: string, path: string, body?: unknown) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status !== 409 || Date.now() > deadline)
        return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('a mixed Kafka Connect 3.9 + Samsa Connect cluster', { skip: referencesMissing(), timeout: 240_000 }, () => {
  let samsa: SamsaUnderTest;
  let dir: string;
  let java: JavaApp | null = null;
  let node: DistributedWorker | null = null;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-e2e-mixed-connect-'));
    samsa = await startSingleBroker();
  });

  after(async () => {
    await java?.stop('SIGKILL');
    await node?.close().catch(() => {});
    await samsa?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares connectors, tasks, offsets and statuses between a Kafka worker and a Samsa worker', async () => {
    const javaPort = await freePort();
    const javaUrl = `http://127.0.0.1:${javaPort}`;
    const props = Object.entries({
      ...common(samsa.bootstrap),
      listeners: javaUrl,
      'rest.advertised.host.name': '127.0.0.1',
    })
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    writeFileSync(join(dir, 'worker.properties'), `${props}\n`);
    java = JavaApp.start({
      version: '3.9.2',
      mainClass: 'org.apache.kafka.connect.cli.ConnectDistributed',
      args: [join(dir, 'worker.properties')],
    });
    node = await startDistributed({
      workerProps: { ...common(samsa.bootstrap), listeners: 'http://127.0.0.1:0' },
      logger: silentLogger,
    });
    const nodeUrl = node.rest.url;
    const j = java;
    await until(
      'both REST APIs',
      async () => (await call(javaUrl, 'GET', '/connectors')).status === 200,
      () => j.output.slice(-4000),
    );

    const input = join(dir, 'in.txt');
    const output = join(dir, 'out.txt');
    writeFileSync(input, Array.from({ length: 100 }, (_, i) => `mixed-${i}\n`).join(''));
    const src = await call(nodeUrl, 'POST', '/connectors', {
      name: 'src',
      config: { 'connector.class': 'FileStreamSource', file: input, topic: 'mixed-lines' },
    });
    assert.equal(src.status, 201, JSON.stringify(src.body));
    const snk = await call(javaUrl, 'POST', '/connectors', {
      name: 'snk',
      config: {
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
        file: output,
        topics: 'mixed-lines',
        'tasks.max': '2',
      },
    });
    assert.equal(snk.status, 201, `${JSON.stringify(snk.body)}\n${j.output.slice(-6000)}`);
    await until(
      'every line in the sink file',
      () => lines(output).length >= 100,
      () => j.output.slice(-4000),
    );
    assert.deepEqual(
      lines(output),
      Array.from({ length: 100 }, (_, i) => `mixed-${i}`),
    );

    // Both workers answer the same statuses, and the work is spread over both.
    const workerIds = new Set<string>();
    await until(
      'the same statuses from both workers',
      async () => {
        const a = await call(javaUrl, 'GET', '/connectors?expand=status');
        const b = await call(nodeUrl, 'GET', '/connectors?expand=status');
        const states = (x: typeof a) =>
          ['src', 'snk']
            .flatMap((c) => [x.body?.[c]?.status?.connector, ...(x.body?.[c]?.status?.tasks ?? [])])
            .map((s) => `${s?.state}@${s?.worker_id}`);
        workerIds.clear();
        for (const s of states(a)) workerIds.add(s.split('@')[1] as string);
        return (
          JSON.stringify(states(a)) === JSON.stringify(states(b)) &&
          states(a).length === 5 &&
          states(a).every((s) => s.startsWith('RUNNING@'))
        );
      },
      () => j.output.slice(-4000),
    );
    assert.deepEqual([...workerIds].sort(), [`127.0.0.1:${javaPort}`, node.worker.workerId].sort());
    const tasks = await call(javaUrl, 'GET', '/connectors/src/tasks');
    assert.equal(tasks.body[0].config['task.class'], 'org.apache.kafka.connect.file.FileStreamSourceTask');
  });
});
