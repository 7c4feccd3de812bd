/**
 * A connector written against @samsa/connect/api alone, installed as an npm package directory on
 * `plugin.path`, is found by its class name, listed by GET /connector-plugins, validated with its
 * own ConfigDef, and runs: its source task's records reach the topic through the worker. The
 * plug-in is plain JavaScript in a temporary directory; it imports nothing but the api module.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Consumer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { type StandaloneWorker, startStandalone } from '../src/index.js';

const API = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../src/api/index.js')).href;

const PLUGIN = `
import { ConnectConfigDef, SourceConnector, SourceTask, SourceRecord, Schemas } from '${API}';

const CONFIG = new ConnectConfigDef([
  { name: 'topic', type: 'STRING', importance: 'HIGH', doc: 'Where to write.' },
  { name: 'count', type: 'INT', default: 3, importance: 'LOW', doc: 'How many records.' },
]);

class CounterTask extends SourceTask {
  version() { return '1.0.0'; }
  async start(props) { this.topic = props.topic; this.left = Number(props.count); this.n = 0; }
  async poll() {
    if (this.left === 0) { await new Promise((r) => setTimeout(r, 100)); return null; }
    this.left--; this.n++;
    return [new SourceRecord({ topic: this.topic, valueSchema: Schemas.STRING_SCHEMA, value: 'n' + this.n,
      sourcePartition: { counter: 'c' }, sourceOffset: { n: this.n } })];
  }
  stop() {}
}

export class CounterSourceConnector extends SourceConnector {
  static className = 'com.example.CounterSourceConnector';
  static version = '1.0.0';
  version() { return '1.0.0'; }
  start(props) { this.props = props; }
  taskClass() { return CounterTask; }
  taskConfigs() { return [{ topic: this.props.topic, count: this.props.count ?? '3' }]; }
  stop() {}
  config() { return CONFIG; }
}
`;

let broker: TestBroker;
let dir: string;
let worker: StandaloneWorker;

before(async () => {
  broker = await startTestBroker();
  dir = mkdtempSync(join(tmpdir(), 'samsa-connect-plugins-'));
  const pkg = join(dir, 'plugins', 'counter-connector');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'counter-connector', type: 'module', main: 'index.js' }),
  );
  writeFileSync(join(pkg, 'index.js'), PLUGIN);
  worker = await startStandalone({
    workerProps: {
      'bootstrap.servers': broker.bootstrap,
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.storage.file.filename': join(dir, 'offsets'),
      'plugin.path': join(dir, 'plugins'),
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

it('loads, validates and runs a connector from plugin.path', async () => {
  const plugins = (await (await fetch(`${worker.rest.url}/connector-plugins`)).json()) as Array<{
    class: string;
    type: string;
    version: string;
  }>;
  assert.deepEqual(
    plugins.find((p) => p.class === 'com.example.CounterSourceConnector'),
    { class: 'com.example.CounterSourceConnector', type: 'source', version: '1.0.0' },
  );
  const res = await fetch(`${worker.rest.url}/connector-plugins/CounterSource/config/validate`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'c', count: 'x' }),
  });
  const infos = (await res.json()) as {
    error_count: number;
    configs: Array<{ value: { name: string; errors: string[] } }>;
  };
  const bad = infos.configs.filter((c) => c.value.errors.length > 0).map((c) => c.value.name);
  assert.deepEqual(bad.sort(), ['count', 'topic']);

  await worker.herder.putConnectorConfig(
    'counter',
    { 'connector.class': 'CounterSource', topic: 'counted' },
    { allowReplace: false },
  );
  const consumer = new Consumer({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
  const seen: string[] = [];
  try {
    consumer.assign([{ topic: 'counted', partition: 0 }]);
    await consumer.seekToBeginning();
    const deadline = Date.now() + 60_000;
    while (seen.length < 3 && Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 500 })) seen.push(r.value?.toString() ?? '');
    }
  } finally {
    await consumer.close();
  }
  assert.deepEqual(seen, ['n1', 'n2', 'n3']);
});
