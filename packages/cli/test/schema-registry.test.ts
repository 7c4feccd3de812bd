/**
 * `samsa schema-registry`: the standalone registry for a cluster. It serves Confluent's API on
 * --listeners once it has read `_schemas`, stops cleanly (exit 0) on SIGTERM, and refuses a
 * missing --bootstrap-server or an unknown flag with exit code 1 and a message.
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
  });
});
