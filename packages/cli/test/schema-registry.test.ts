/**
 * `samsa schema-registry` and `samsa rest-proxy`: the standalone services for a cluster. The
 * registry serves Confluent's API on --listeners once it has read `_schemas`, the proxy its v3 API;
 * both stop cleanly (exit 0) on SIGTERM, and refuse a missing --bootstrap-server or an unknown flag
 * with exit code 1 and a message.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, startTestBroker, type TestBroker } from '@samsa/broker/testing';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'bin', 'samsa');

describe('samsa schema-registry', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  it('serves the registry API for a cluster and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      [BIN, 'schema-registry', '--bootstrap-server', broker.bootstrap, '--listeners', url],
      {
        env: { ...process.env, SAMSA_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    try {
      const deadline = Date.now() + 60_000;
      let registered: Response | null = null;
      while (registered === null || registered.status !== 200) {
        if (Date.now() > deadline) throw new Error(`registry did not serve: ${stderr}`);
        await new Promise((r) => setTimeout(r, 200));
        registered = await fetch(`${url}/subjects/cli-value/versions`, {
          method: 'POST',
          headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
          body: JSON.stringify({ schema: '"string"' }),
        }).catch(() => null);
      }
      assert.deepEqual(await registered.json(), { id: 1 });
      assert.deepEqual(await (await fetch(`${url}/subjects`)).json(), ['cli-value']);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr);
  });

  it('samsa rest-proxy serves the v3 API for a cluster and exits 0 on SIGTERM', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const child = spawn(
      process.execPath,
      [BIN, 'rest-proxy', '--bootstrap-server', broker.bootstrap, '--listeners', url],
      {
        env: { ...process.env, SAMSA_LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
    try {
      const deadline = Date.now() + 60_000;
      let clusters: Response | null = null;
      while (clusters === null || clusters.status !== 200) {
        if (Date.now() > deadline) throw new Error('REST proxy did not serve');
        await new Promise((r) => setTimeout(r, 200));
        clusters = await fetch(`${url}/v3/clusters`).catch(() => null);
      }
      assert.equal(((await clusters.json()) as { kind: string }).kind, 'KafkaClusterList');
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('refuses a missing --bootstrap-server and unknown flags with exit code 1', () => {
    const missing = spawnSync(process.execPath, [BIN, 'schema-registry'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /--bootstrap-server .* is required/);
    const unknown = spawnSync(process.execPath, [BIN, 'schema-registry', '--frob'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /Unknown option --frob/);
    const proxy = spawnSync(process.execPath, [BIN, 'rest-proxy'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(proxy.status, 1);
    assert.match(proxy.stderr, /--bootstrap-server \(or bootstrap.servers\) is required/);
  });
});
