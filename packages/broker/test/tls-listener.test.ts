/**
 * TLS listeners end to end: a broker with a PLAINTEXT and an SSL listener (PEM key store file,
 * ssl.client.auth=required, a principal mapping rule). @samsa/client and kcat speak mutual TLS to
 * it; Metadata answers each listener with its own endpoints; the certificate's subject becomes the
 * connection's principal; bad clients (garbage, plaintext Kafka, no certificate, an untrusted one)
 * are closed and logged once while a good client keeps working; and a new key store set with
 * IncrementalAlterConfigs serves new connections while an established one keeps its own, as does
 * a changed ssl.client.auth.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { Admin, type ClientTlsOptions, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { ApiKey, apis, encodeRequestFrame, Writer } from '@samsa/protocol';
import { createTestCa, expectSuccess, kcat, type TestCa } from '@samsa/test-kit';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { type LogLine, recordingLogger } from './support/recording-logger.js';
import { waitFor } from './support/wait.js';

/** Resolves 'closed' when the peer closes the socket, 'open' if it is still open after `ms`. */
function closedWithin(socket: import('node:net').Socket, ms: number): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('open'), ms);
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

function apiVersionsFrame(): Buffer {
  const w = new Writer();
  encodeRequestFrame(w, apis[ApiKey.ApiVersions], 3, 1, 'plain-on-tls', {
    clientSoftwareName: 'x',
    clientSoftwareVersion: '1',
  });
  return w.toBuffer();
}

describe('TLS listeners', () => {
  let ca: TestCa;
  let fx: TestBroker;
  let sslPort: number;
  let plainPort: number;
  let tls: ClientTlsOptions;
  const lines: LogLine[] = [];

  before(async () => {
    ca = createTestCa();
    // A PEM key store file holds the key and the certificate chain together, as Kafka reads it.
    const keystore = join(ca.dir, 'server-keystore.pem');
    writeFileSync(keystore, ca.read(ca.server.key) + ca.read(ca.server.cert));
    fx = await startTestBroker({
      logger: recordingLogger(lines),
      config: {
        listeners: 'PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': keystore,
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': ca.caCert,
        'ssl.client.auth': 'required',
        'ssl.principal.mapping.rules': 'RULE:^CN=([a-z]+),OU=eng,O=samsa$/$1/U,DEFAULT',
      },
    });
    sslPort = fx.broker.listenerPort('SSL');
    plainPort = fx.broker.listenerPort('PLAINTEXT');
    const alice = ca.client('alice');
    tls = { ca: ca.read(ca.caCert), cert: ca.read(alice.cert), key: ca.read(alice.key) };
  });
  after(async () => {
    await fx?.stop();
    ca?.remove();
  });

  const sslBootstrap = () => `127.0.0.1:${sslPort}`;
  const failedAuth = () => lines.filter((l) => l.msg.startsWith('failed authentication'));

  /** A full round trip over mutual TLS: the broker still serves good clients. */
  async function goodClientWorks(): Promise<void> {
    const admin = new Admin({ bootstrapServers: sslBootstrap(), tls, logger: silentLogger, requestTimeoutMs: 5000 });
    try {
      const cluster = await admin.describeCluster();
      assert.equal(cluster.brokers.length, 1);
    } finally {
      await admin.close();
    }
  }

  it('answers Metadata on each listener with that listener’s endpoint', async () => {
    const overTls = new Admin({ bootstrapServers: sslBootstrap(), tls, logger: silentLogger });
    const plain = new Admin({ bootstrapServers: `127.0.0.1:${plainPort}`, logger: silentLogger });
    try {
      assert.deepEqual(
        (await overTls.describeCluster()).brokers.map((b) => b.port),
        [sslPort],
      );
      assert.deepEqual(
        (await plain.describeCluster()).brokers.map((b) => b.port),
        [plainPort],
      );
    } finally {
      await overTls.close();
      await plain.close();
    }
  });

  it('produces with @samsa/client over mutual TLS and kcat reads it back over mutual TLS', async () => {
    const topic = 'tls-roundtrip';
    const producer = new Producer({ bootstrapServers: sslBootstrap(), tls, logger: silentLogger });
    try {
      for (let i = 0; i < 20; i++) await producer.send({ topic, key: `k${i}`, value: `v${i}` });
    } finally {
      await producer.close();
    }
    const bob = ca.client('bob');
    const out = expectSuccess(
      await kcat([
        '-C',
        '-b',
        sslBootstrap(),
        '-t',
        topic,
        '-o',
        'beginning',
        '-e',
        '-q',
        '-f',
        '%k=%s\\n',
        '-X',
        'security.protocol=SSL',
        '-X',
        `ssl.ca.location=${ca.caCert}`,
        '-X',
        `ssl.certificate.location=${bob.cert}`,
        '-X',
        `ssl.key.location=${bob.key}`,
      ]),
      'kcat consume over SSL',
    ).stdout;
    assert.deepEqual(
      out.trim().split('\n'),
      Array.from({ length: 20 }, (_, i) => `k${i}=v${i}`),
    );
  });

  it('maps the client certificate subject to the principal through ssl.principal.mapping.rules', async () => {
    await goodClientWorks();
    const principals = lines.filter((l) => l.msg === 'TLS client authenticated').map((l) => l.fields.principal);
    assert.ok(principals.includes('User:ALICE'), `principals seen: ${principals.join(', ')}`);
    // A subject the rule does not match falls through to DEFAULT: the whole RFC 2253 name.
    const carol = ca.client('carol', '/O=other/CN=carol');
    const admin = new Admin({
      bootstrapServers: sslBootstrap(),
      tls: { ...tls, cert: ca.read(carol.cert), key: ca.read(carol.key) },
      logger: silentLogger,
    });
    try {
      await admin.describeCluster();
    } finally {
      await admin.close();
    }
    const after = lines.filter((l) => l.msg === 'TLS client authenticated').map((l) => l.fields.principal);
    assert.ok(after.includes('User:CN=carol,O=other'), `principals seen: ${after.join(', ')}`);
  });

  it('closes a connection that sends garbage instead of a ClientHello, logs it once, and keeps serving', async () => {
    const before = failedAuth().length;
    const s = netConnect({ host: '127.0.0.1', port: sslPort });
    await new Promise((r) => s.once('connect', r));
    const closed = closedWithin(s, 5000);
    s.write(Buffer.from('\x00\x01\x02garbage that is no TLS record at all\xff'.repeat(20), 'latin1'));
    assert.equal(await closed, 'closed');
    await waitFor('the failed handshake logged', () => failedAuth().length === before + 1, 5000);
    await goodClientWorks();
    assert.equal(failedAuth().length, before + 1, 'logged once');
  });

  it('closes a plaintext Kafka client on the TLS port', async () => {
    const before = failedAuth().length;
    const s = netConnect({ host: '127.0.0.1', port: sslPort });
    await new Promise((r) => s.once('connect', r));
    const closed = closedWithin(s, 5000);
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    s.write(apiVersionsFrame());
    assert.equal(await closed, 'closed');
    assert.equal(Buffer.concat(got).length, 0, 'no Kafka response on a TLS port');
    await waitFor('the failed handshake logged', () => failedAuth().length === before + 1, 5000);
    await goodClientWorks();
  });

  it('refuses a TLS client without a client certificate when ssl.client.auth=required', async () => {
    const before = failedAuth().length;
    const admin = new Admin({ bootstrapServers: sslBootstrap(), tls: { ca: tls.ca }, logger: silentLogger });
    try {
      // The broker's TLS alert makes a non-retriable error, as the Java client's SslAuthenticationException.
      await assert.rejects(admin.describeCluster(), { code: 'SSL_AUTHENTICATION_FAILED' });
    } finally {
      await admin.close();
    }
    await waitFor('the refused client logged', () => failedAuth().length > before, 5000);
    await goodClientWorks();
  });

  it('refuses a TLS client whose certificate comes from an untrusted CA', async () => {
    const before = failedAuth().length;
    const rogue = ca.untrustedClient('mallory');
    const admin = new Admin({
      bootstrapServers: sslBootstrap(),
      tls: { ca: tls.ca, cert: ca.read(rogue.cert), key: ca.read(rogue.key) },
      logger: silentLogger,
      requestTimeoutMs: 2000,
      defaultApiTimeoutMs: 2000,
    });
    try {
      // node closes the connection after the handshake without an alert: the client only sees it closed.
      await assert.rejects(admin.describeCluster());
    } finally {
      await admin.close();
    }
    await waitFor('the refused client logged', () => failedAuth().length > before, 5000);
    const refused = failedAuth().slice(before);
    assert.ok(
      refused.some((l) => l.level === 'info'),
      refused.map((l) => `${l.level} ${l.fields.err}`).join('\n'),
    );
    await goodClientWorks();
  });

  it('picks up a new key store set with IncrementalAlterConfigs for new connections only', async () => {
    const admin = new Admin({ bootstrapServers: sslBootstrap(), tls, logger: silentLogger });
    const peerFingerprint = () =>
      new Promise<string>((resolve, reject) => {
        const s = tlsConnect({ host: '127.0.0.1', port: sslPort, ...tls, servername: 'localhost' }, () => {
          const fingerprint = s.getPeerCertificate().fingerprint256;
          s.destroy();
          resolve(fingerprint);
        });
        s.once('error', reject);
      });
    const keystoreOf = (files: { cert: string; key: string }, name: string) => {
      const path = join(ca.dir, `${name}-keystore.pem`);
      writeFileSync(path, ca.read(files.key) + ca.read(files.cert));
      return path;
    };
    const setKeystore = (value: string) =>
      admin.incrementalAlterConfigs([
        { type: 'broker', name: '0', ops: [{ name: 'listener.name.ssl.ssl.keystore.location', op: 'set', value }] },
      ]);
    try {
      const original = await peerFingerprint();
      await admin.describeCluster(); // the connection that must survive the reload
      await assert.rejects(setKeystore(join(ca.dir, 'missing.pem')), /missing\.pem/);
      // Kafka's rule: a renewed certificate keeps the subject and SANs clients verify.
      await assert.rejects(
        setKeystore(keystoreOf(ca.serverCert('renamed', '/CN=localhost/O=other'), 'renamed')),
        /Keystore DistinguishedName or SubjectAltNames do not match/,
      );
      assert.equal(await peerFingerprint(), original, 'a refused key store changes nothing');
      const renewedPath = keystoreOf(ca.serverCert('renewed', '/CN=localhost/O=samsa'), 'renewed');
      await setKeystore(renewedPath);
      const renewed = await peerFingerprint();
      assert.notEqual(renewed, original, 'new connections get the renewed certificate');
      // Renewed again in place, under the same path: setting the path again reloads the file.
      assert.equal(keystoreOf(ca.serverCert('renewed-again', '/CN=localhost/O=samsa'), 'renewed'), renewedPath);
      await setKeystore(renewedPath);
      const again = await peerFingerprint();
      assert.ok(again !== renewed && again !== original, 'the file rewritten in place is loaded');
      // The established connection keeps its TLS session and still answers.
      assert.equal((await admin.describeCluster()).brokers.length, 1);
    } finally {
      await admin.close();
    }
  });

  it('applies a dynamic ssl.client.auth change to new connections', async () => {
    const admin = new Admin({ bootstrapServers: sslBootstrap(), tls, logger: silentLogger });
    const withoutCertificate = () =>
      new Admin({
        bootstrapServers: sslBootstrap(),
        tls: { ca: tls.ca },
        logger: silentLogger,
        requestTimeoutMs: 3000,
        defaultApiTimeoutMs: 3000,
      });
    const key = 'listener.name.ssl.ssl.client.auth';
    try {
      await admin.incrementalAlterConfigs([
        { type: 'broker', name: '0', ops: [{ name: key, op: 'set', value: 'none' }] },
      ]);
      let anonymous = withoutCertificate();
      try {
        assert.equal((await anonymous.describeCluster()).brokers.length, 1);
      } finally {
        await anonymous.close();
      }
      await admin.incrementalAlterConfigs([{ type: 'broker', name: '0', ops: [{ name: key, op: 'delete' }] }]);
      anonymous = withoutCertificate();
      try {
        await assert.rejects(anonymous.describeCluster(), { code: 'SSL_AUTHENTICATION_FAILED' });
      } finally {
        await anonymous.close();
      }
    } finally {
      await admin.close();
    }
  });
});
