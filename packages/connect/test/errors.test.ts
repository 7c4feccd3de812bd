/**
 * Error handling in a running worker (KIP-298): with errors.tolerance=all a record whose value does
 * not convert lands in the dead letter queue — key, value and headers as read, plus Kafka's
 * __connect.errors.* context headers — while the records around it reach the sink; with the
 * default tolerance the task fails, its status carries the trace, and restart?includeTasks=true&
 * onlyFailed=true answers 202 with the failed task RESTARTING.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer, type ConsumerRecord, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import {
  ConnectConfigDef,
  SinkConnector,
  type SinkRecord,
  SinkTask,
  type StandaloneWorker,
  startStandalone,
} from '../src/index.js';

/** A sink that hands records whose value starts with "bad" to the errant record reporter. */
const written: string[] = [];
class PickyTask extends SinkTask {
  version(): string {
    return '1';
  }
  start(): void {}
  async put(records: readonly SinkRecord[]): Promise<void> {
    for (const r of records) {
      const v = String(r.value);
      if (v.startsWith('bad')) await this.context?.errantRecordReporter()?.(r, new Error(`cannot store ${v}`));
      else written.push(v);
    }
  }
  stop(): void {}
}
class PickySinkConnector extends SinkConnector {
  version(): string {
    return '1';
  }
  start(): void {}
  taskClass() {
    return PickyTask;
  }
  taskConfigs(): Array<Record<string, string>> {
    return [{}];
  }
  stop(): void {}
  config(): ConnectConfigDef {
    return new ConnectConfigDef([]);
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let broker: TestBroker;
let dir: string;
let worker: StandaloneWorker;

before(async () => {
  broker = await startTestBroker();
  dir = mkdtempSync(join(tmpdir(), 'samsa-connect-errors-'));
  const producer = new Producer({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
  try {
    await producer.send({ topic: 'events', key: 'k1', value: '{"n":1}' });
    await producer.send({ topic: 'events', key: 'k2', value: 'not json', headers: { origin: 'test' } });
    await producer.send({ topic: 'events', key: 'k3', value: '{"n":3}' });
    for (const v of ['ok-1', 'bad-2', 'ok-3']) await producer.send({ topic: 'orders', value: v });
  } finally {
    await producer.close();
  }
  worker = await startStandalone({
    workerProps: {
      'bootstrap.servers': broker.bootstrap,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'offset.storage.file.filename': join(dir, 'offsets'),
      'offset.flush.interval.ms': '500',
      listeners: 'http://127.0.0.1:0',
    },
    logger: silentLogger,
  });
});

after(async () => {
  await worker?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (p: string) => {
  try {
    return readFileSync(p, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

it('sends a poisoned record to the dead letter queue with context headers while the rest flows', async () => {
  const out = join(dir, 'ok.txt');
  await worker.herder.putConnectorConfig(
    'tolerant',
    {
      'connector.class': 'FileStreamSink',
      topics: 'events',
      file: out,
      'errors.tolerance': 'all',
      'errors.log.enable': 'true',
      'errors.deadletterqueue.topic.name': 'events-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    },
    { allowReplace: false },
  );
  await until('two good records in the sink file', () => lines(out).length >= 2);
  assert.deepEqual(lines(out), ['{n=1}', '{n=3}']);

  const consumer = new Consumer({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
  let dead: ConsumerRecord | undefined;
  try {
    consumer.assign([{ topic: 'events-dlq', partition: 0 }]);
    await consumer.seekToBeginning();
    await until('a record in the DLQ', async () => {
      dead ??= (await consumer.poll({ timeoutMs: 500 }))[0];
      return dead !== undefined;
    });
  } finally {
    await consumer.close();
  }
  const r = dead as ConsumerRecord;
  assert.equal(r.key?.toString(), 'k2');
  assert.equal(r.value?.toString(), 'not json');
  const h = new Map(r.headers.map((x) => [x.key, x.value?.toString() ?? null]));
  assert.equal(h.get('origin'), 'test');
  assert.equal(h.get('__connect.errors.topic'), 'events');
  assert.equal(h.get('__connect.errors.partition'), '0');
  assert.equal(h.get('__connect.errors.offset'), '1');
  assert.equal(h.get('__connect.errors.connector.name'), 'tolerant');
  assert.equal(h.get('__connect.errors.task.id'), '0');
  assert.equal(h.get('__connect.errors.stage'), 'VALUE_CONVERTER');
  assert.equal(h.get('__connect.errors.class.name'), 'org.apache.kafka.connect.json.JsonConverter');
  assert.equal(h.get('__connect.errors.exception.class.name'), 'org.apache.kafka.connect.errors.DataException');
  assert.match(h.get('__connect.errors.exception.message') ?? '', /serialization error/);
  assert.ok(h.has('__connect.errors.exception.stacktrace'));
});

it('fails the task under errors.tolerance=none, and restarts only what failed', async () => {
  await worker.herder.putConnectorConfig(
    'strict',
    { 'connector.class': 'FileStreamSink', topics: 'events', file: join(dir, 'strict.txt') },
    { allowReplace: false },
  );
  await until('the task to fail', () => worker.herder.status('strict').tasks[0]?.state === 'FAILED');
  const status = worker.herder.status('strict');
  assert.equal(status.connector.state, 'RUNNING');
  assert.match(status.tasks[0]?.trace ?? '', /Tolerance exceeded in error handler/);
  const res = await fetch(`${worker.rest.url}/connectors/strict/restart?includeTasks=true&onlyFailed=true`, {
    method: 'POST',
  });
  assert.equal(res.status, 202);
  const body = (await res.json()) as { connector: { state: string }; tasks: Array<{ state: string }> };
  assert.equal(body.connector.state, 'RUNNING', 'a running connector is not restarted with onlyFailed');
  assert.equal(body.tasks[0]?.state, 'RESTARTING');
  const plain = await fetch(`${worker.rest.url}/connectors/strict/restart`, { method: 'POST' });
  assert.equal(plain.status, 204);
});

it('routes records a task hands to the errant record reporter to the DLQ (stage TASK_PUT)', async () => {
  worker.worker.plugins.add({
    className: 'com.example.PickySinkConnector',
    kind: 'sink',
    version: '1',
    create: () => new PickySinkConnector(),
  });
  await worker.herder.putConnectorConfig(
    'picky',
    {
      'connector.class': 'PickySink',
      topics: 'orders',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'orders-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    },
    { allowReplace: false },
  );
  await until('the good records written', () => written.length >= 2);
  assert.deepEqual(written, ['ok-1', 'ok-3']);
  const consumer = new Consumer({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
  let dead: ConsumerRecord | undefined;
  try {
    consumer.assign([{ topic: 'orders-dlq', partition: 0 }]);
    await consumer.seekToBeginning();
    await until('a record in the DLQ', async () => {
      dead ??= (await consumer.poll({ timeoutMs: 500 }))[0];
      return dead !== undefined;
    });
  } finally {
    await consumer.close();
  }
  const h = new Map((dead as ConsumerRecord).headers.map((x) => [x.key, x.value?.toString() ?? null]));
  assert.equal(dead?.value?.toString(), 'bad-2');
  assert.equal(h.get('__connect.errors.stage'), 'TASK_PUT');
  assert.equal(h.get('__connect.errors.offset'), '1');
  assert.equal(h.get('__connect.errors.exception.message'), 'cannot store bad-2');
  assert.equal(worker.herder.status('picky').tasks[0]?.state, 'RUNNING');
});
