/**
 * /v1/status/ready follows the broker's state: 503 with the reason while starting, in cluster mode
 * until the controller's metadata names this broker, and while stopping; 200 while serving.
 * /v1/status/live answers 200 throughout. Served on a real port from the broker's own routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { type HttpServer, startHttpServer } from '@samsa/common/http';
import { adminRoutes } from '../src/http/admin-routes.js';
import { BrokerStatus } from '../src/http/broker-status.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

describe('admin status routes', () => {
  let fx: TestBroker;
  let server: HttpServer;
  let metadataKnown = false;
  const status = new BrokerStatus(() => metadataKnown);

  before(async () => {
    fx = await startTestBroker();
    server = await startHttpServer({
      listener: 'http://127.0.0.1:0',
      logger: silentLogger,
      routes: adminRoutes({ source: fx.broker, status, metrics: null, listener: 'PLAINTEXT' }),
    });
  });
  after(async () => {
    await server?.close();
    await fx?.stop();
  });

  const ready = async () => {
    const res = await fetch(`${server.url}/v1/status/ready`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('is 503 until the broker serves and knows its metadata, 200 then, 503 again while stopping', async () => {
    assert.deepEqual(await ready(), { status: 503, body: { error_code: 503, message: 'broker is starting' } });
    assert.equal((await fetch(`${server.url}/v1/status/live`)).status, 200);
    status.state = 'serving';
    assert.deepEqual(await ready(), {
      status: 503,
      body: { error_code: 503, message: 'cluster metadata not received yet' },
    });
    metadataKnown = true;
    assert.deepEqual(await ready(), { status: 200, body: { status: 'ready' } });
    status.state = 'stopping';
    assert.equal((await ready()).status, 503);
  });

  it('answers /metrics 503 while there is nothing to export yet', async () => {
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 503);
  });

  it('reports a started broker ready', () => {
    assert.equal(fx.broker.status.notReadyReason(), null);
  });
});
