/**
 * Kafka's socket-server-metrics failed-authentication-total and successful-authentication-total on
 * /metrics, per listener, as the JMX exporter names them: a wrong SCRAM password moves the failed
 * count of the SASL listener by exactly one, a good one the successful count, and the PLAINTEXT
 * listener (which authenticates nobody) stays at zero.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { scrape } from './support/prom-text.js';

const FAILED = 'kafka_server_socket_server_metrics_failed_authentication_total';
const SUCCEEDED = 'kafka_server_socket_server_metrics_successful_authentication_total';

describe('broker /metrics: authentications per listener', () => {
  let fx: TestBroker;
  let url: string;
  let saslBootstrap: string;
  before(async () => {
    fx = await startTestBroker({
      config: {
        'admin.listeners': 'http://127.0.0.1:0',
        listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
        'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
        'samsa.scram.bootstrap.credentials': 'SCRAM-SHA-256=[name=alice,password=alice-secret]',
        'connection.failed.authentication.delay.ms': 10,
      },
    });
    url = fx.broker.adminUrls[0] as string;
    saslBootstrap = `127.0.0.1:${fx.broker.listenerPort('SASL_PLAINTEXT')}`;
  });
  after(async () => fx.stop());

  const connectAs = async (password: string) => {
    const admin = new Admin({
      bootstrapServers: saslBootstrap,
      sasl: { mechanism: 'scram-sha-256', username: 'alice', password },
      logger: silentLogger,
      defaultApiTimeoutMs: 10_000,
    });
    try {
      await admin.describeCluster();
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    } finally {
      await admin.close();
    }
  };

  it('counts one failed authentication for a wrong password, and a success for the right one', async () => {
    const before = await scrape(url);
    const labels = { listener: 'SASL_PLAINTEXT', networkProcessor: '0' };
    assert.ok(before.has(FAILED, labels), 'the series exists before any failure');
    const failed0 = before.value(FAILED, labels);
    const ok0 = before.value(SUCCEEDED, labels);

    const wrong = await connectAs('not-her-password');
    assert.notEqual(wrong, 'ok');
    assert.match(wrong, /SASL_AUTHENTICATION_FAILED|[Aa]uthentication/);
    const afterWrong = await scrape(url);
    assert.equal(afterWrong.value(FAILED, labels), failed0 + 1);
    assert.equal(afterWrong.value(SUCCEEDED, labels), ok0);

    assert.equal(await connectAs('alice-secret'), 'ok');
    const afterRight = await scrape(url);
    assert.equal(afterRight.value(FAILED, labels), failed0 + 1);
    assert.ok(afterRight.value(SUCCEEDED, labels) >= ok0 + 1);
    assert.equal(afterRight.value(FAILED, { listener: 'PLAINTEXT', networkProcessor: '0' }), 0);
  });
});
