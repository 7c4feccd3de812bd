/**
 * A broker with a SASL_PLAINTEXT listener, through the raw protocol: what is accepted before
 * authentication, Kafka's answers to an unsupported mechanism, a wrong password (after
 * connection.failed.authentication.delay.ms), a SCRAM exchange with a wrong nonce, a 100 MiB token
 * (closed before buffering), the legacy v0 handshake with raw tokens, and KIP-368 session expiry and
 * re-authentication. After every failure the broker keeps serving other connections.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiKey, apis, ErrorCode, encodeRequestFrame, Writer } from '@samsa/protocol';
import { startBroker } from '../src/index.js';
import { newScramCredential } from '../src/security/sasl/scram-credential.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

const JAAS =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";';

export const SASL_CONFIG = {
  listeners: 'SASL_PLAINTEXT://127.0.0.1:0,PLAINTEXT://127.0.0.1:0',
  'security.inter.broker.protocol': 'SASL_PLAINTEXT',
  'sasl.mechanism.inter.broker.protocol': 'PLAIN',
  'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
  'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
};

const plainToken = (user: string, password: string) => Buffer.from(`\u0000${user}\u0000${password}`);

describe('SASL_PLAINTEXT listener (raw protocol)', () => {
  let fx: TestBroker;
  let port: number;
  const open: RawClient[] = [];
  const connect = async () => {
    const c = await RawClient.open(port);
    open.push(c);
    return c;
  };
  const handshake = (c: RawClient, mechanism: string, version = 1) =>
    c.request(apis[ApiKey.SaslHandshake], version, { mechanism });
  const authenticate = (c: RawClient, authBytes: Buffer, version = 2) =>
    c.request(apis[ApiKey.SaslAuthenticate], version, { authBytes });
  const metadata = (c: RawClient) => c.request(apis[ApiKey.Metadata], 1, { topics: [] } as never);

  /** A fresh connection authenticated with PLAIN proves the broker still serves. */
  const stillServes = async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    assert.equal((await authenticate(c, plainToken('alice', 'alice-secret'))).errorCode, 0);
    assert.equal((await metadata(c)).brokers.length, 1);
  };

  before(async () => {
    fx = await startTestBroker({
      config: {
        ...SASL_CONFIG,
        'connection.failed.authentication.delay.ms': 400,
        'listener.name.sasl_plaintext.plain.connections.max.reauth.ms': 600,
      },
    });
    port = fx.broker.listenerPort('SASL_PLAINTEXT');
    await fx.broker.scram.set(
      'alice',
      'SCRAM-SHA-256',
      newScramCredential({ mechanism: 'SCRAM-SHA-256', password: 'alice-secret', iterations: 4096 }),
    );
  });
  after(async () => {
    for (const c of open) c.close();
    await fx.stop();
  });

  it('answers ApiVersions before authentication, listing the SASL and SCRAM credential APIs', async () => {
    const c = await connect();
    const res = await c.request(apis[ApiKey.ApiVersions], 3, apis[ApiKey.ApiVersions].defaultRequest());
    const keys = new Map(res.apiKeys.map((k) => [k.apiKey, k]));
    assert.deepEqual([keys.get(17)?.maxVersion, keys.get(36)?.maxVersion], [1, 2]);
    assert.ok(keys.has(50) && keys.has(51));
  });

  it('closes a connection that sends any other request before authenticating', async () => {
    const c = await connect();
    await assert.rejects(metadata(c), /closed/);
    const d = await connect();
    await handshake(d, 'PLAIN');
    await assert.rejects(metadata(d), /closed/, 'only SaslAuthenticate may follow a v1 handshake');
    await stillServes();
  });

  it('answers an unsupported mechanism with UNSUPPORTED_SASL_MECHANISM and the enabled list, then closes', async () => {
    const c = await connect();
    const res = await handshake(c, 'GSSAPI');
    assert.equal(res.errorCode, ErrorCode.UNSUPPORTED_SASL_MECHANISM);
    assert.deepEqual(res.mechanisms, ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
    assert.equal(await c.next(5000), 'closed');
  });

  it('answers a wrong password with SASL_AUTHENTICATION_FAILED and Kafka’s message, then closes', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const res = await authenticate(c, plainToken('alice', 'wrong'), 1);
    assert.equal(res.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
    assert.equal(res.errorMessage, 'Authentication failed: Invalid username or password');
    assert.equal(await c.next(5000), 'closed');
    await stillServes();
  });

  it('holds the failure back for connection.failed.authentication.delay.ms (nothing arrives early)', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    // Written by hand so the test can look at the socket before the answer is due.
    const w = new Writer();
    encodeRequestFrame(w, apis[ApiKey.SaslAuthenticate], 1, 99, 'raw', { authBytes: plainToken('alice', 'bad') });
    c.send(w.toBuffer());
    assert.equal(await c.next(150), 'timeout', 'no answer within the first 150 ms of a 400 ms delay');
    const reply = await c.next(5000);
    assert.ok(Buffer.isBuffer(reply));
    assert.equal(await c.next(5000), 'closed');
  });

  it('refuses a SCRAM final message whose nonce is not the server’s, and a wrong proof', async () => {
    const c = await connect();
    await handshake(c, 'SCRAM-SHA-256');
    const first = await authenticate(c, Buffer.from('n,,n=alice,r=clientnonce'));
    assert.equal(first.errorCode, 0);
    assert.match(first.authBytes.toString(), /^r=clientnonce[^,]+,s=[^,]+,i=4096$/);
    const bad = await authenticate(c, Buffer.from('c=biws,r=clientnonceNOTOURS,p=AAAA'));
    assert.equal(bad.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
    assert.equal(bad.errorMessage, 'Invalid client nonce in the final client message.');
    assert.equal(await c.next(5000), 'closed');

    const d = await connect();
    await handshake(d, 'SCRAM-SHA-256');
    const serverFirst = (await authenticate(d, Buffer.from('n,,n=alice,r=abc'))).authBytes.toString();
    const nonce = /r=([^,]+)/.exec(serverFirst)?.[1];
    const proof = Buffer.alloc(32, 7).toString('base64');
    const wrong = await authenticate(d, Buffer.from(`c=biws,r=${nonce},p=${proof}`));
    assert.equal(wrong.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
    assert.equal(
      wrong.errorMessage,
      'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    );
    assert.equal(await d.next(5000), 'closed');
    await stillServes();
  });

  it('closes a connection announcing a 100 MiB SASL token without reading it (sasl.server.max.receive.size)', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const header = Buffer.alloc(4);
    header.writeInt32BE(100 * 1024 * 1024);
    c.send(Buffer.concat([header, Buffer.alloc(64 * 1024, 1)]));
    assert.equal(await c.next(5000), 'closed');
    // Before any handshake too: the limit holds from the first byte.
    const d = await connect();
    d.send(Buffer.concat([header, Buffer.alloc(1024)]));
    assert.equal(await d.next(5000), 'closed');
    await stillServes();
  });

  it('accepts the legacy v0 handshake followed by a raw size-prefixed PLAIN token', async () => {
    const c = await connect();
    const res = await handshake(c, 'PLAIN', 0);
    assert.equal(res.errorCode, 0);
    const token = plainToken('alice', 'alice-secret');
    const size = Buffer.alloc(4);
    size.writeInt32BE(token.length);
    c.send(Buffer.concat([size, token]));
    const reply = await c.next(5000);
    assert.ok(Buffer.isBuffer(reply));
    assert.equal(reply.length, 0, 'PLAIN answers an empty token');
    assert.equal((await metadata(c)).brokers.length, 1);
  });

  it('returns the session lifetime, closes an expired session, and re-authenticates on the same connection', async () => {
    const c = await connect();
    await handshake(c, 'PLAIN');
    const res = await authenticate(c, plainToken('alice', 'alice-secret'));
    assert.equal(res.sessionLifetimeMs, 600n);
    await new Promise((r) => setTimeout(r, 700));
    await assert.rejects(metadata(c), /closed/, 'a request after the session ended closes the connection');

    const d = await connect();
    await handshake(d, 'PLAIN');
    await authenticate(d, plainToken('alice', 'alice-secret'));
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await handshake(d, 'PLAIN')).errorCode, 0);
    assert.equal((await authenticate(d, plainToken('alice', 'alice-secret'))).errorCode, 0);
    assert.equal((await metadata(d)).brokers.length, 1, 'served again after re-authentication');

    // The principal may not change on re-authentication.
    assert.equal((await handshake(d, 'PLAIN')).errorCode, 0);
    const other = await authenticate(d, plainToken('admin', 'admin-secret'));
    assert.equal(other.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
    assert.match(other.errorMessage ?? '', /Cannot change principals during re-authentication/);
  });

  it('answers SaslHandshake on a PLAINTEXT listener with ILLEGAL_SASL_STATE', async () => {
    const c = await RawClient.open(fx.broker.listenerPort('PLAINTEXT'));
    open.push(c);
    assert.equal((await handshake(c, 'PLAIN')).errorCode, ErrorCode.ILLEGAL_SASL_STATE);
    assert.equal((await metadata(c)).brokers.length, 1);
  });
});

describe('samsa.scram.bootstrap.credentials', () => {
  it('creates the admin credential on first start, and keeps a changed one on restart', async () => {
    const { Kafka, logLevel } = await import('kafkajs');
    const bootstrap =
      'SCRAM-SHA-256=[name=admin,password=first-secret];SCRAM-SHA-512=[name=admin,iterations=8192,password=first-secret]';
    const fx = await startTestBroker({ config: { ...SASL_CONFIG, 'samsa.scram.bootstrap.credentials': bootstrap } });
    try {
      assert.deepEqual(
        [...(fx.broker.scram.users().get('admin') ?? [])],
        [
          ['SCRAM-SHA-256', 4096],
          ['SCRAM-SHA-512', 8192],
        ],
      );
      const kafka = (password: string) =>
        new Kafka({
          brokers: [fx.bootstrap],
          logLevel: logLevel.NOTHING,
          sasl: { mechanism: 'scram-sha-512', username: 'admin', password },
          retry: { retries: 0 },
        }).admin();
      const a = kafka('first-secret');
      await a.connect();
      await a.listTopics();
      await a.disconnect();
      await fx.broker.scram.set(
        'admin',
        'SCRAM-SHA-512',
        newScramCredential({ mechanism: 'SCRAM-SHA-512', password: 'changed', iterations: 4096 }),
      );
      await fx.restart();
      const b = kafka('changed');
      await b.connect();
      await b.disconnect();
      assert.equal(fx.broker.scram.users().get('admin')?.get('SCRAM-SHA-512'), 4096, 'not reset to the bootstrap one');
    } finally {
      await fx.stop();
    }
  });

  it('refuses a malformed entry at start with a message that hides the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-scram-bootstrap-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    await assert.rejects(
      startBroker({
        logDirs: dir,
        config: {
          ...SASL_CONFIG,
          'samsa.scram.bootstrap.credentials': 'SCRAM-SHA-256=[name=admin,iterations=10,password=pw]',
        },
      }),
      (e: Error) => {
        assert.match(e.message, /samsa.scram.bootstrap.credentials/);
        assert.match(e.message, /iterations must be between 4096 and 16384/);
        assert.doesNotMatch(e.message, /pw\]/);
        return true;
      },
    );
  });
});
