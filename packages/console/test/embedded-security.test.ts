/**
 * The embedded console on a listener that needs TLS and SASL (console.listener.name): it trusts
 * the listener's own trust store, asks each user to log in (SCRAM) and acts as that user; with
 * console.client.sasl.jaas.config it acts as that fixed principal instead and asks nobody; a
 * listener name that does not exist stops start-up naming the key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { createTestCa, type TestCa } from '@samsa/test-kit';
import { Browser } from './support/sasl-cluster.js';

describe('console.listener.name on a SASL_SSL listener', () => {
  let ca: TestCa;
  const brokers: TestBroker[] = [];
  const secureConfig = () => ({
    listeners: 'PLAINTEXT://127.0.0.1:0,SECURE://127.0.0.1:0',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SECURE:SASL_SSL',
    'listener.name.secure.ssl.keystore.type': 'PKCS12',
    'listener.name.secure.ssl.keystore.location': ca.pkcs12(ca.server, 'ks-secret'),
    'listener.name.secure.ssl.keystore.password': 'ks-secret',
    'listener.name.secure.ssl.truststore.type': 'PKCS12',
    'listener.name.secure.ssl.truststore.location': ca.pkcs12Truststore('ts-secret'),
    'listener.name.secure.ssl.truststore.password': 'ts-secret',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
    'samsa.scram.bootstrap.credentials':
      'SCRAM-SHA-256=[name=alice,password=alice-secret];SCRAM-SHA-256=[name=ops,password=ops-secret]',
    'connection.failed.authentication.delay.ms': 10,
    'console.listeners': 'http://127.0.0.1:0',
    'console.listener.name': 'SECURE',
  });

  before(() => {
    ca = createTestCa();
  });
  after(async () => {
    await Promise.all(brokers.map((b) => b.stop()));
    ca.remove();
  });

  it('asks for credentials and acts as the user who logged in, over TLS', async () => {
    const fx = await startTestBroker({ config: secureConfig() });
    brokers.push(fx);
    const b = new Browser(fx.broker.consoleUrls[0] as string);
    assert.equal((await b.open()).body.loginRequired, true);
    assert.equal((await b.request('GET', '/api/cluster')).status, 401);
    const wrong = await b.login('alice', 'nope');
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.message, /^SASL_AUTHENTICATION_FAILED/);
    const ok = await b.login('alice', 'alice-secret');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.principal, 'User:alice');
    const cluster = await b.request('GET', '/api/cluster');
    assert.equal(cluster.status, 200, JSON.stringify(cluster.body));
    assert.deepEqual(
      cluster.body.brokers.map((x: { port: number }) => x.port),
      [fx.broker.listenerPort('SECURE')],
      'the console bootstrapped from the SECURE listener and sees its endpoints',
    );
  });

  it('acts as the principal of console.client.sasl.jaas.config without asking anybody', async () => {
    const fx = await startTestBroker({
      config: {
        ...secureConfig(),
        'console.client.sasl.mechanism': 'SCRAM-SHA-256',
        'console.client.sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="ops" password="ops-secret";',
      },
    });
    brokers.push(fx);
    const b = new Browser(fx.broker.consoleUrls[0] as string);
    assert.equal((await b.open()).body.loginRequired, false);
    const created = await b.request('POST', '/api/topics', { name: 'from-console' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  it('refuses a console.listener.name that names no listener', async () => {
    await assert.rejects(
      startTestBroker({ config: { 'console.listeners': 'http://127.0.0.1:0', 'console.listener.name': 'NOPE' } }),
      /console\.listener\.name: no listener named NOPE/,
    );
  });
});
