/**
 * The standalone worker against an in-process Samsa broker, driven through Kafka Connect's REST
 * API with fetch: FileStreamSource → topic → FileStreamSink delivers every line once and in order,
 * the topic holds Kafka's JSON envelope; status, pause/resume, stop, offsets (KIP-875) and delete
 * answer as Kafka Connect does; a restart resumes from the stored source offsets and the sink
 * group's committed offsets without repeating a line; validation reports per-field errors; bad
 * requests get Kafka Connect's error JSON.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { type StandaloneWorker, startStandalone } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: REST bodies are JSON, checked field by field by the assertions
type Json = any;

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
}

describe('connect-standalone worker', () => {
  let broker: TestBroker;
  let dir: string;
  let worker: StandaloneWorker | null = null;
  let url = '';
  const input = () => join(dir, 'test.txt');
  const output = () => join(dir, 'test.sink.txt');

  const call = async (method: string, path: string, body?: unknown, raw?: string) => {
    const res = await fetch(url + path, {
      method,
      headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : null };
  };

  const start = async () => {
    worker = await startStandalone({
      workerProps: {
        'bootstrap.servers': broker.bootstrap,
        'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'key.converter.schemas.enable': 'true',
        'value.converter.schemas.enable': 'true',
        'offset.storage.file.filename': join(dir, 'connect.offsets'),
        'offset.flush.interval.ms': '500',
        listeners: 'http://127.0.0.1:0',
      },
      logger: silentLogger,
    });
    url = worker.rest.url;
  };

  before(async () => {
    broker = await startTestBroker();
    dir = mkdtempSync(join(tmpdir(), 'samsa-connect-'));
    writeFileSync(input(), Array.from({ length: 100 }, (_, i) => `line-${i}\n`).join(''));
    await start();
  });

  after(async () => {
    await worker?.close();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET / and /connector-plugins answer as Kafka Connect', async () => {
    const root = await call('GET', '/');
    assert.equal(root.status, 200);
    assert.equal(typeof root.body.version, 'string');
    assert.equal(typeof root.body.kafka_cluster_id, 'string');
    const plugins = await call('GET', '/connector-plugins');
    assert.deepEqual(
      plugins.body.map((p: { class: string; type: string }) => [p.class, p.type]),
      [
        ['org.apache.kafka.connect.file.FileStreamSinkConnector', 'sink'],
        ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'source'],
      ],
    );
  });

  it('validate reports each invalid field, in Kafka ConfigInfos shape', async () => {
    const res = await call('PUT', '/connector-plugins/FileStreamSourceConnector/config/validate', {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      'tasks.max': '0',
      'batch.size': 'many',
      topic: '',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'org.apache.kafka.connect.file.FileStreamSourceConnector');
    const errors = Object.fromEntries(
      res.body.configs.filter((c: Json) => c.value.errors.length > 0).map((c: Json) => [c.value.name, c.value.errors]),
    );
    assert.deepEqual(Object.keys(errors).sort(), ['batch.size', 'name', 'tasks.max', 'topic']);
    assert.match(errors['tasks.max'][0], /Invalid value 0 for configuration tasks.max: Value must be at least 1/);
    assert.match(errors['batch.size'][0], /Invalid value many for configuration batch.size/);
    assert.equal(res.body.error_count, 4);
    assert.ok(res.body.groups.includes('Common'));
    const mismatch = await call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
      'connector.class': 'FileStreamSource',
    });
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.body.message, /does not match request type FileStreamSink/);
  });

  it('runs file source → topic → file sink, every line once and in order', async () => {
    const src = await call('POST', '/connectors', {
      name: 'local-file-source',
      config: { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input(), topic: 'connect-test' },
    });
    assert.equal(src.status, 201);
    assert.deepEqual(src.body.tasks, [{ connector: 'local-file-source', task: 0 }]);
    assert.equal(src.body.type, 'source');
    const sink = await call('PUT', '/connectors/local-file-sink/config', {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'tasks.max': 1,
      file: output(),
      topics: 'connect-test',
    });
    assert.equal(sink.status, 201);
    await until('100 lines in the sink file', () => readLines(output()).length >= 100);
    assert.deepEqual(
      readLines(output()),
      Array.from({ length: 100 }, (_, i) => `line-${i}`),
    );

    const status = await call('GET', '/connectors/local-file-source/status');
    assert.equal(status.body.connector.state, 'RUNNING');
    assert.equal(status.body.connector.worker_id, `127.0.0.1:${worker?.rest.port}`);
    assert.deepEqual(
      status.body.tasks.map((t: Json) => [t.id, t.state]),
      [[0, 'RUNNING']],
    );
    const expanded = await call('GET', '/connectors?expand=status&expand=info');
    assert.deepEqual(Object.keys(expanded.body).sort(), ['local-file-sink', 'local-file-source']);
    assert.equal(expanded.body['local-file-sink'].info.type, 'sink');
    assert.equal(expanded.body['local-file-sink'].status.tasks[0].state, 'RUNNING');
    assert.deepEqual((await call('GET', '/connectors/local-file-sink/topics')).body, {
      'local-file-sink': { topics: ['connect-test'] },
    });
    assert.deepEqual((await call('GET', '/connectors/local-file-source/topics')).body, {
      'local-file-source': { topics: ['connect-test'] },
    });
    assert.equal((await call('PUT', '/connectors/local-file-source/topics/reset')).status, 202);
    assert.deepEqual((await call('GET', '/connectors/local-file-source/topics')).body, {
      'local-file-source': { topics: [] },
    });
  });

  it('writes Kafka JsonConverter envelopes to the topic', async () => {
    const consumer = new Consumer({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
    try {
      consumer.assign([{ topic: 'connect-test', partition: 0 }]);
      await consumer.seekToBeginning();
      let first: string | null = null;
      await until('a record', async () => {
        const rs = await consumer.poll({ timeoutMs: 500 });
        first ??= rs[0]?.value?.toString('utf8') ?? null;
        return first !== null;
      });
      assert.equal(first, '{"schema":{"type":"string","optional":false},"payload":"line-0"}');
    } finally {
      await consumer.close();
    }
  });

  it('pauses and resumes, with PAUSED status in between', async () => {
    assert.equal((await call('PUT', '/connectors/local-file-source/pause')).status, 202);
    const paused = await call('GET', '/connectors/local-file-source/status');
    assert.equal(paused.body.connector.state, 'PAUSED');
    assert.equal(paused.body.tasks[0].state, 'PAUSED');
    assert.equal((await call('GET', '/connectors/local-file-source/tasks/0/status')).body.state, 'PAUSED');
    appendFileSync(input(), 'after-pause\n');
    assert.equal((await call('PUT', '/connectors/local-file-source/resume')).status, 202);
    assert.equal((await call('GET', '/connectors/local-file-source/status')).body.connector.state, 'RUNNING');
    await until('the line written while paused', () => readLines(output()).includes('after-pause'));
  });

  it('keeps offsets across a worker restart: no line lost, none repeated', async () => {
    await worker?.close();
    worker = null;
    appendFileSync(input(), 'while-down-1\nwhile-down-2\n');
    await start();
    // Standalone keeps connectors in memory, as Kafka does: they are created again.
    await call('POST', '/connectors', {
      name: 'local-file-source',
      config: { 'connector.class': 'FileStreamSource', file: input(), topic: 'connect-test' },
    });
    await call('POST', '/connectors', {
      name: 'local-file-sink',
      config: { 'connector.class': 'FileStreamSink', file: output(), topics: 'connect-test' },
    });
    appendFileSync(input(), 'after-restart\n');
    await until('the line written after restart', () => readLines(output()).includes('after-restart'));
    const expected = [
      ...Array.from({ length: 100 }, (_, i) => `line-${i}`),
      'after-pause',
      'while-down-1',
      'while-down-2',
      'after-restart',
    ];
    assert.deepEqual(readLines(output()), expected);
  });

  it('stops a connector, then reads, alters and resets its offsets (KIP-875)', async () => {
    const size = readFileSync(input()).length;
    const running = await call('DELETE', '/connectors/local-file-source/offsets');
    assert.equal(running.status, 400);
    assert.match(running.body.message, /must be in the STOPPED state/);
    assert.equal((await call('PUT', '/connectors/local-file-source/stop')).status, 202);
    const stopped = await call('GET', '/connectors/local-file-source/status');
    assert.equal(stopped.body.connector.state, 'STOPPED');
    assert.deepEqual(stopped.body.tasks, []);
    const offsets = await call('GET', '/connectors/local-file-source/offsets');
    assert.deepEqual(offsets.body, { offsets: [{ partition: { filename: input() }, offset: { position: size } }] });
    const bad = await call('PATCH', '/connectors/local-file-source/offsets', {
      offsets: [{ partition: { filename: input() }, offset: { position: -5 } }],
    });
    assert.equal(bad.status, 400);
    const altered = await call('PATCH', '/connectors/local-file-source/offsets', {
      offsets: [{ partition: { filename: input() }, offset: { position: 7 } }],
    });
    assert.deepEqual(altered, {
      status: 200,
      body: { message: 'The offsets for this connector have been altered successfully' },
    });
    assert.deepEqual((await call('GET', '/connectors/local-file-source/offsets')).body.offsets[0].offset, {
      position: 7,
    });
    const reset = await call('DELETE', '/connectors/local-file-source/offsets');
    assert.deepEqual(reset, {
      status: 200,
      body: { message: 'The offsets for this connector have been reset successfully' },
    });
    assert.deepEqual((await call('GET', '/connectors/local-file-source/offsets')).body, { offsets: [] });

    await until('sink offsets committed', async () => {
      const sink = await call('GET', '/connectors/local-file-sink/offsets');
      return sink.body.offsets.length === 1 && sink.body.offsets[0].offset.kafka_offset > 0;
    });
    const sink = await call('GET', '/connectors/local-file-sink/offsets');
    assert.deepEqual(sink.body.offsets[0].partition, { kafka_topic: 'connect-test', kafka_partition: 0 });
  });

  it('answers bad requests with Kafka Connect error JSON', async () => {
    const missing = await call('GET', '/connectors/nope/status');
    assert.deepEqual(missing, { status: 404, body: { error_code: 404, message: 'Connector nope not found' } });
    const exists = await call('POST', '/connectors', {
      name: 'local-file-sink',
      config: { 'connector.class': 'FileStreamSink', topics: 'x' },
    });
    assert.deepEqual(exists, {
      status: 409,
      body: { error_code: 409, message: 'Connector local-file-sink already exists' },
    });
    const badJson = await call('POST', '/connectors', undefined, '{"name": ');
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.error_code, 400);
    const invalid = await call('POST', '/connectors', {
      name: 'broken',
      config: { 'connector.class': 'FileStreamSink' },
    });
    assert.equal(invalid.status, 400);
    assert.match(
      invalid.body.message,
      /^Connector configuration is invalid and contains the following 2 error\(s\):\nMust configure one of topics or topics.regex/,
    );
    const unknown = await call('POST', '/connectors', { name: 'x', config: { 'connector.class': 'com.example.Nope' } });
    assert.equal(unknown.status, 400);
    assert.match(
      unknown.body.message,
      /Failed to find any class that implements Connector and which name matches com.example.Nope/,
    );
    const badConverter = await call('POST', '/connectors', {
      name: 'y',
      config: {
        'connector.class': 'FileStreamSink',
        topics: 't',
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
      },
    });
    assert.equal(badConverter.status, 400);
    assert.match(
      badConverter.body.message,
      /Invalid value io.confluent.connect.avro.AvroConverter for configuration value.converter/,
    );
    const nested = await call('PUT', '/connectors/x/config', { 'connector.class': { a: 1 } });
    assert.equal(nested.status, 400);
    const mismatch = await call('PUT', '/connectors/x/config', { name: 'y', 'connector.class': 'FileStreamSink' });
    assert.match(mismatch.body.message, /doesn't match connector name in the URL/);
    assert.deepEqual(await call('GET', '/no/such/path'), {
      status: 404,
      body: { error_code: 404, message: 'HTTP 404 Not Found' },
    });
  });

  it('spreads a sink over tasks.max tasks through the consumer group', async () => {
    const admin = new Admin({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
    const producer = new Producer({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
    try {
      await admin.createTopics([{ name: 'two', numPartitions: 2, replicationFactor: 1 }]);
      for (let i = 0; i < 40; i++)
        await producer.send({
          topic: 'two',
          partition: i % 2,
          value: `{"schema":{"type":"string","optional":false},"payload":"r${i}"}`,
        });
    } finally {
      await producer.close();
      await admin.close();
    }
    const out = join(dir, 'two.txt');
    const created = await call('POST', '/connectors', {
      name: 'two-tasks',
      config: { 'connector.class': 'FileStreamSink', 'tasks.max': '2', topics: 'two', file: out },
    });
    assert.deepEqual(created.body.tasks, [
      { connector: 'two-tasks', task: 0 },
      { connector: 'two-tasks', task: 1 },
    ]);
    await until('40 records from two partitions', () => readLines(out).length >= 40);
    assert.deepEqual(readLines(out).sort(), Array.from({ length: 40 }, (_, i) => `r${i}`).sort());
    // Each task is a member of the group connect-two-tasks with one of the two partitions.
    const groupAdmin = new Admin({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
    try {
      await until('two members with a partition each', async () => {
        const [g] = await groupAdmin.describeGroups(['connect-two-tasks']);
        return g?.members.length === 2 && g.members.every((m) => m.assignment.length === 1);
      });
      const [g] = await groupAdmin.describeGroups(['connect-two-tasks']);
      assert.deepEqual(g?.members.map((m) => m.clientId).sort(), [
        'connector-consumer-two-tasks-0',
        'connector-consumer-two-tasks-1',
      ]);
    } finally {
      await groupAdmin.close();
    }
    const tasks = await call('GET', '/connectors/two-tasks/tasks');
    assert.deepEqual(
      tasks.body.map((t: Json) => t.id),
      [
        { connector: 'two-tasks', task: 0 },
        { connector: 'two-tasks', task: 1 },
      ],
    );
    const all = await call('GET', '/connector-plugins?connectorsOnly=false');
    const types = new Set(all.body.map((p: Json) => p.type));
    assert.deepEqual([...types].sort(), [
      'converter',
      'header_converter',
      'predicate',
      'sink',
      'source',
      'transformation',
    ]);
    assert.ok(all.body.some((p: Json) => p.class === 'org.apache.kafka.connect.transforms.InsertField$Value'));
    assert.equal((await call('DELETE', '/connectors/two-tasks')).status, 204);
  });

  it('deletes a connector: 204, then 404', async () => {
    assert.equal((await call('DELETE', '/connectors/local-file-sink')).status, 204);
    assert.equal((await call('GET', '/connectors/local-file-sink')).status, 404);
    assert.deepEqual((await call('GET', '/connectors')).body, ['local-file-source']);
  });
});
