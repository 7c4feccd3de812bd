import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ApiKey, apis, encodeResponseFrame, Writer } from '@samsa/protocol';
import { run } from '@samsa/test-kit';
import { Admin } from '../src/admin/admin.js';
import { resolveCommon } from '../src/config.js';
import { AbortedError, ConnectionError, KafkaError, RequestTimeoutError } from '../src/errors.js';
import { Cluster } from '../src/metadata/cluster.js';
import { Connection } from '../src/network/connection.js';
import { within } from './support/helpers.js';

function connectionTo(address: string, overrides: Partial<ConstructorParameters<typeof Connection>[0]> = {}) {
  const [host, port] = address.split(':');
  return new Connection({
    host: host as string,
    port: Number(port),
    nodeId: -1,
    clientId: 'test',
    requestTimeoutMs: 5000,
    connectTimeoutMs: 2000,
    reconnectBackoffMs: 20,
    reconnectBackoffMaxMs: 100,
    maxInFlight: 5,
    logger: silentLogger,
    ...overrides,
  });
}

describe('network', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker.stop();
  });

  it('negotiates versions and pipelines requests with correlation ids', async () => {
    const c = connectionTo(broker.bootstrap, { maxInFlight: 2 });
    try {
      const versions = await c.apiVersions();
      assert.ok(versions.supports(ApiKey.Metadata));
      assert.equal(versions.version(ApiKey.Metadata), 12);
      assert.equal(versions.supports(ApiKey.InitProducerId), true);
      const body = {
        topics: [],
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      };
      const answers = await within(
        5000,
        Promise.all(
          Array.from({ length: 20 }, (_, i) => c.request(ApiKey.Metadata, body, { maxVersion: 1 + (i % 12) })),
        ),
      );
      assert.equal(answers.length, 20);
      for (const a of answers) assert.equal(a.brokers.length, 1);
    } finally {
      c.close();
    }
  });

  it('keeps at most maxInFlight requests on the wire and queues the rest in order', async () => {
    const c = connectionTo(broker.bootstrap, { maxInFlight: 2 });
    try {
      await c.apiVersions();
      const internals = c as unknown as { inFlight: Map<number, unknown>; queue: unknown[] };
      const body = { clientSoftwareName: 'x', clientSoftwareVersion: '1' };
      const all = Array.from({ length: 10 }, () => c.request(ApiKey.ApiVersions, body));
      await new Promise((r) => setImmediate(r));
      assert.equal(internals.inFlight.size, 2);
      assert.equal(internals.queue.length, 8);
      await within(5000, Promise.all(all));
      assert.equal(internals.inFlight.size, 0);
    } finally {
      c.close();
    }
  });

  it('opens sockets through the socketFactory hook (for TLS) and closes idle ones', async () => {
    let opened = 0;
    const config = resolveCommon(
      {
        bootstrapServers: broker.bootstrap,
        connectionsMaxIdleMs: 100,
        socketFactory: ({ host, port }) => {
          opened++;
          return netConnect({ host, port });
        },
      },
      'test',
    );
    const cluster = new Cluster(config, silentLogger, { maxInFlight: 5, allowAutoTopicCreation: false });
    try {
      await within(5000, cluster.refresh([]));
      const first = opened;
      assert.ok(first >= 1);
      const conn = await cluster.anyConnection();
      await conn.apiVersions();
      assert.ok(conn.isReady);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(conn.isReady, false, 'idle connection closed');
      await within(5000, cluster.refresh([]));
      assert.ok(opened > first, 'reopened on next use');
    } finally {
      cluster.close();
    }
  });

  it('falls back to the ApiVersions version an older broker names, and uses min(ours, theirs)', async () => {
    const seen: number[] = [];
    const server = createServer((socket) => {
      socket.on('data', (data: Buffer) => {
        // One small request per data event is enough for this fake.
        const apiVersion = data.readInt16BE(6);
        const correlationId = data.readInt32BE(8);
        seen.push(apiVersion);
        const w = new Writer(256);
        const body =
          apiVersion > 2
            ? { ...apis[18].defaultResponse(), errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }] }
            : {
                ...apis[18].defaultResponse(),
                apiKeys: [
                  { apiKey: 18, minVersion: 0, maxVersion: 2 },
                  { apiKey: 3, minVersion: 0, maxVersion: 7 },
                  { apiKey: 0, minVersion: 0, maxVersion: 2 },
                ],
              };
        encodeResponseFrame(w, apis[18], apiVersion > 2 ? 0 : apiVersion, correlationId, body);
        socket.write(w.toBuffer());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const c = connectionTo(`127.0.0.1:${(server.address() as { port: number }).port}`);
    try {
      const versions = await within(5000, c.apiVersions());
      assert.deepEqual(seen, [3, 2]);
      assert.equal(versions.version(ApiKey.Metadata), 7);
      assert.equal(versions.supports(ApiKey.Produce), false, 'Produce v0-2 predates record batches v2');
    } finally {
      c.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('talks TLS through the socketFactory hook (a TLS-terminating proxy in front of the broker)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-tls-'));
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const gen = await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { timeoutMs: 30_000 },
    );
    assert.equal(gen.code, 0, gen.stderr);
    const [brokerHost, brokerPort] = broker.bootstrap.split(':') as [string, string];
    const proxy = createTlsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (clear) => {
      const upstream = netConnect({ host: brokerHost, port: Number(brokerPort) });
      clear.pipe(upstream).pipe(clear);
      clear.on('error', () => upstream.destroy());
      upstream.on('error', () => clear.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyPort = (proxy.address() as { port: number }).port;
    let secured = 0;
    const config = resolveCommon(
      {
        bootstrapServers: `127.0.0.1:${proxyPort}`,
        // Metadata names the broker's plain port; this factory reaches it through the proxy, over TLS.
        socketFactory: () => {
          const socket = tlsConnect({ host: '127.0.0.1', port: proxyPort, rejectUnauthorized: false });
          socket.once('secureConnect', () => secured++);
          return socket;
        },
      },
      'test',
    );
    const cluster = new Cluster(config, silentLogger, { maxInFlight: 5, allowAutoTopicCreation: true });
    try {
      const t = await within(10_000, cluster.topic('over-tls', 5000));
      assert.equal(t.partitions.length, 1);
      const leader = cluster.leaderConnection('over-tls', 0);
      await within(5000, leader?.apiVersions() ?? Promise.reject(new Error('no leader')));
      assert.ok(secured >= 2, `TLS handshakes: ${secured}`);
    } finally {
      cluster.close();
      await new Promise<void>((r) => proxy.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the authenticate hook (SASL) on each new connection before any other request', async () => {
    const order: string[] = [];
    const c = connectionTo(broker.bootstrap, {
      authenticate: async ({ request, versions }) => {
        assert.ok(versions.supports(ApiKey.Metadata));
        order.push('auth-start');
        const res = await request(ApiKey.Metadata, {
          topics: [],
          allowAutoTopicCreation: false,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        });
        assert.equal(res.brokers.length, 1);
        order.push('auth-done');
      },
    });
    try {
      const body = { clientSoftwareName: 'x', clientSoftwareVersion: '1' };
      await within(
        5000,
        Promise.all([
          c.request(ApiKey.ApiVersions, body).then(() => order.push('app-1')),
          c.request(ApiKey.ApiVersions, body).then(() => order.push('app-2')),
        ]),
      );
      assert.deepEqual(order, ['auth-start', 'auth-done', 'app-1', 'app-2']);
      const failing = connectionTo(broker.bootstrap, {
        authenticate: async () => {
          throw new KafkaError(58, 'bad credentials');
        },
      });
      try {
        await assert.rejects(
          failing.apiVersions(),
          (e: unknown) => e instanceof KafkaError && e.code === 58 && !e.retriable,
        );
      } finally {
        failing.close();
      }
    } finally {
      c.close();
    }
  });

  it('fails with a retriable ConnectionError when nothing listens, then backs off', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const c = connectionTo(`127.0.0.1:${port}`);
    try {
      await assert.rejects(c.apiVersions(), (e: unknown) => e instanceof ConnectionError && e.retriable);
    } finally {
      c.close();
    }
  });

  it('times out a request the broker never answers, and honours AbortSignal', async () => {
    // A server that accepts and never replies.
    const sockets: import('node:net').Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const c = connectionTo(`127.0.0.1:${port}`, { requestTimeoutMs: 200 });
    try {
      await assert.rejects(
        within(3000, c.apiVersions()),
        (e: unknown) => e instanceof RequestTimeoutError && e.retriable,
      );
      const ac = new AbortController();
      const p = c.apiVersions(ac.signal);
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(within(3000, p), (e: unknown) => e instanceof AbortedError);
    } finally {
      c.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('reconnects after the broker restarts on the same port', async () => {
    const b = await startTestBroker();
    const port = Number(b.bootstrap.split(':')[1]);
    const c = connectionTo(b.bootstrap);
    try {
      await c.apiVersions();
      await b.stop();
      await assert.rejects(c.request(ApiKey.ApiVersions, { clientSoftwareName: 'x', clientSoftwareVersion: '1' }));
      const b2 = await startTestBroker({ port });
      try {
        const v = await within(5000, c.apiVersions());
        assert.ok(v.supports(ApiKey.Produce));
      } finally {
        await b2.stop();
      }
    } finally {
      c.close();
    }
  });

  it('refreshes metadata of tracked topics every metadataMaxAgeMs', async () => {
    const admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    const config = resolveCommon({ bootstrapServers: broker.bootstrap, metadataMaxAgeMs: 100 }, 'test');
    const cluster = new Cluster(config, silentLogger, { maxInFlight: 5, allowAutoTopicCreation: false });
    try {
      await admin.createTopics([{ name: 'periodic', numPartitions: 1 }]);
      await cluster.topic('periodic', 5000);
      assert.equal(cluster.metadata.partitionCount('periodic'), 1);
      await admin.createPartitions({ periodic: 3 });
      await within(
        5000,
        (async () => {
          while (cluster.metadata.partitionCount('periodic') !== 3) await new Promise((r) => setTimeout(r, 20));
        })(),
        'periodic refresh',
      );
    } finally {
      cluster.close();
      await admin.close();
    }
  });

  it('bootstraps from a list with a dead entry and routes by metadata', async () => {
    const config = resolveCommon({ bootstrapServers: `127.0.0.1:1,${broker.bootstrap}` }, 'test');
    const cluster = new Cluster(config, silentLogger, { maxInFlight: 5, allowAutoTopicCreation: true });
    try {
      const t = await within(10_000, cluster.topic('routing-topic', 5000));
      assert.ok(t.partitions.length >= 1);
      assert.ok(cluster.leaderConnection('routing-topic', 0) !== null);
      assert.equal(cluster.metadata.brokers.size, 1);
    } finally {
      cluster.close();
    }
  });
});
