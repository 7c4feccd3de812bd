/**
 * Named listeners with listener.security.protocol.map and per-listener TLS settings
 * (listener.name.<l>.ssl.*): a PKCS12 key store and trust store on one listener, an inline PEM
 * key store on another, ssl.client.auth=requested (no certificate: User:ANONYMOUS), Metadata
 * leaving out a broker that does not advertise the request's listener, a SASL listener serving
 * nothing but the SASL exchange before authentication, and config validation of control.plane.listener.name and of key
 * stores that cannot be loaded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, type ClientTlsOptions } from '@samsa/client';
import { ConfigError, silentLogger } from '@samsa/common';
import { apis } from '@samsa/protocol';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { loadBrokerConfig } from '../src/config/index.js';
import { startBroker } from '../src/index.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';
import { type LogLine, recordingLogger } from './support/recording-logger.js';

async function brokerPorts(bootstrap: string, tls?: ClientTlsOptions): Promise<number[]> {
  const admin = new Admin({
    bootstrapServers: bootstrap,
    tls,
    logger: silentLogger,
    requestTimeoutMs: 3000,
    defaultApiTimeoutMs: 3000,
  });
  try {
    return (await admin.describeCluster()).brokers.map((b) => b.port);
  } finally {
    await admin.close();
  }
}

describe('named listeners with per-listener TLS settings', () => {
  let ca: TestCa;
  let fx: TestBroker;
  const lines: LogLine[] = [];

  before(async () => {
    ca = createTestCa();
    fx = await startTestBroker({
      logger: recordingLogger(lines),
      config: {
        listeners:
          'INTERNAL://127.0.0.1:0,EXTERNAL://127.0.0.1:0,INLINE://127.0.0.1:0,HIDDEN://127.0.0.1:0,AUTH://127.0.0.1:0',
        'advertised.listeners': 'INTERNAL://127.0.0.1:0,EXTERNAL://127.0.0.1:0,INLINE://127.0.0.1:0,AUTH://127.0.0.1:0',
        'listener.security.protocol.map':
          'INTERNAL:PLAINTEXT,EXTERNAL:SSL,INLINE:SSL,HIDDEN:PLAINTEXT,AUTH:SASL_PLAINTEXT',
        'inter.broker.listener.name': 'INTERNAL',
        // Broker-wide settings the listeners override.
        'ssl.client.auth': 'required',
        'ssl.keystore.type': 'JKS',
        'listener.name.external.ssl.keystore.type': 'PKCS12',
        'listener.name.external.ssl.keystore.location': ca.pkcs12(ca.server, 'ks-secret'),
        'listener.name.external.ssl.keystore.password': 'ks-secret',
        'listener.name.external.ssl.truststore.type': 'PKCS12',
        'listener.name.external.ssl.truststore.location': ca.pkcs12Truststore('ts-secret'),
        'listener.name.external.ssl.truststore.password': 'ts-secret',
        'listener.name.external.ssl.client.auth': 'requested',
        'listener.name.inline.ssl.client.auth': 'none',
        'listener.name.inline.ssl.enabled.protocols': 'TLSv1.3',
        'listener.name.inline.ssl.keystore.type': 'PEM',
        'listener.name.inline.ssl.keystore.key': ca.read(ca.server.key),
        'listener.name.inline.ssl.keystore.certificate.chain': ca.read(ca.server.cert),
        'listener.name.inline.ssl.truststore.type': 'PEM',
        'listener.name.inline.ssl.truststore.certificates': ca.read(ca.caCert),
        'sasl.enabled.mechanisms': 'PLAIN',
        'listener.name.auth.plain.sasl.jaas.config':
          'org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";',
      },
    });
  });
  after(async () => {
    await fx?.stop();
    ca?.remove();
  });

  it('serves TLS from a PKCS12 key store; with ssl.client.auth=requested a client without a certificate is User:ANONYMOUS', async () => {
    const port = fx.broker.listenerPort('EXTERNAL');
    assert.deepEqual(await brokerPorts(`localhost:${port}`, { ca: ca.read(ca.caCert) }), [port]);
    const principals = lines.filter((l) => l.msg === 'TLS client authenticated').map((l) => l.fields.principal);
    assert.ok(principals.includes('User:ANONYMOUS'), principals.join(', '));
  });

  it('with ssl.client.auth=requested a certificate from the PKCS12 trust store gives its principal', async () => {
    const port = fx.broker.listenerPort('EXTERNAL');
    const dave = ca.client('dave');
    await brokerPorts(`localhost:${port}`, {
      ca: ca.read(ca.caCert),
      cert: ca.read(dave.cert),
      key: ca.read(dave.key),
    });
    const principals = lines.filter((l) => l.msg === 'TLS client authenticated').map((l) => l.fields.principal);
    assert.ok(principals.includes('User:CN=dave,OU=eng,O=samsa'), principals.join(', '));
  });

  it('with ssl.client.auth=requested a certificate from an untrusted CA is still refused', async () => {
    const port = fx.broker.listenerPort('EXTERNAL');
    const rogue = ca.untrustedClient('eve');
    await assert.rejects(
      brokerPorts(`localhost:${port}`, { ca: ca.read(ca.caCert), cert: ca.read(rogue.cert), key: ca.read(rogue.key) }),
    );
    assert.ok(lines.some((l) => l.msg === 'failed authentication (client certificate refused)' && l.level === 'info'));
  });

  it('never shows key store passwords or inline keys in DescribeConfigs', async () => {
    const admin = new Admin({
      bootstrapServers: `127.0.0.1:${fx.broker.listenerPort('INTERNAL')}`,
      logger: silentLogger,
    });
    try {
      const keys = ['listener.name.external.ssl.keystore.password', 'listener.name.inline.ssl.keystore.key'];
      const [broker] = await admin.describeConfigs([{ type: 'broker', name: '0', keys }]);
      for (const key of keys) {
        const entry = broker?.configs.find((c) => c.name === key);
        assert.ok(entry, `${key} is described`);
        assert.equal(entry.value, null, key);
        assert.equal(entry.isSensitive, true, key);
      }
    } finally {
      await admin.close();
    }
  });

  it('serves TLS from an inline PEM key store and checks the host name against the certificate', async () => {
    const port = fx.broker.listenerPort('INLINE');
    assert.deepEqual(await brokerPorts(`localhost:${port}`, { ca: ca.read(ca.caCert) }), [port]);
    // The certificate names localhost and 127.0.0.1, not this name: the client refuses it.
    await assert.rejects(brokerPorts(`localhost:${port}`, { ca: ca.read(ca.caCert), servername: 'broker.example' }));
  });

  it('refuses a client below the listener’s ssl.enabled.protocols', async () => {
    const port = fx.broker.listenerPort('INLINE');
    await assert.rejects(brokerPorts(`localhost:${port}`, { ca: ca.read(ca.caCert), maxVersion: 'TLSv1.2' }), {
      code: 'SSL_AUTHENTICATION_FAILED',
    });
    // The EXTERNAL listener keeps the broker-wide default (TLSv1.2 and TLSv1.3).
    const external = fx.broker.listenerPort('EXTERNAL');
    assert.deepEqual(await brokerPorts(`localhost:${external}`, { ca: ca.read(ca.caCert), maxVersion: 'TLSv1.2' }), [
      external,
    ]);
  });

  it('answers Metadata on each listener with its own endpoint, and leaves the broker out on an unadvertised one', async () => {
    const internal = fx.broker.listenerPort('INTERNAL');
    assert.deepEqual(await brokerPorts(`127.0.0.1:${internal}`), [internal]);
    assert.deepEqual(await brokerPorts(`127.0.0.1:${fx.broker.listenerPort('HIDDEN')}`), []);
  });

  it('serves only the SASL exchange on a SASL listener until the client authenticates', async () => {
    const c = await RawClient.open(fx.broker.listenerPort('AUTH'));
    try {
      const versions = await c.request(apis[18], 3, apis[18].defaultRequest());
      assert.equal(versions.errorCode, 0);
      await assert.rejects(c.request(apis[3], 1, { topics: [] } as never), /closed/);
    } finally {
      c.close();
    }
    const d = await RawClient.open(fx.broker.listenerPort('AUTH'));
    try {
      assert.equal((await d.request(apis[17], 1, { mechanism: 'PLAIN' })).errorCode, 0);
      const auth = await d.request(apis[36], 2, { authBytes: Buffer.from('\u0000alice\u0000alice-secret') });
      assert.equal(auth.errorCode, 0);
      assert.equal((await d.request(apis[3], 1, { topics: [] } as never)).brokers.length, 1);
    } finally {
      d.close();
    }
  });
});

describe('listener and TLS config validation', () => {
  const load = (...overrides: string[]) => loadBrokerConfig({ overrides }).config;

  it('accepts control.plane.listener.name naming its own advertised listener', () => {
    const c = load(
      'listeners=PLAINTEXT://:9092,CONTROL://:9094',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROL:SSL',
      'control.plane.listener.name=control',
    );
    assert.equal(c.controlPlaneListenerName, 'CONTROL');
  });

  it('refuses a control plane listener that is missing or is the inter-broker listener', () => {
    const refused = (...o: string[]) =>
      assert.throws(
        () => load(...o),
        (e: unknown) => e instanceof ConfigError && e.key === 'control.plane.listener.name',
      );
    refused('listeners=PLAINTEXT://:9092', 'control.plane.listener.name=CONTROL');
    refused('listeners=PLAINTEXT://:9092', 'control.plane.listener.name=PLAINTEXT');
  });

  it('refuses to start a TLS listener without a usable key store, naming the key', async () => {
    await assert.rejects(
      startBroker({ config: { listeners: 'SSL://127.0.0.1:0', 'security.inter.broker.protocol': 'SSL' } }),
      /listener\.name\.ssl\.ssl\.keystore\.location/,
    );
    await assert.rejects(
      startBroker({
        config: {
          listeners: 'SSL://127.0.0.1:0',
          'security.inter.broker.protocol': 'SSL',
          'ssl.keystore.location': '/nonexistent/keystore.jks',
        },
      }),
      /ssl\.keystore\.location: cannot read \/nonexistent\/keystore\.jks/,
    );
  });
});
