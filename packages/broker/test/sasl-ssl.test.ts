/**
 * SASL over TLS: a broker whose only listener is SASL_SSL (certificates made at run time), with a
 * SCRAM-SHA-512 credential bootstrapped from config. @samsa/client (`tls` + `sasl`) and kcat
 * (`security.protocol=SASL_SSL`) each produce and read back records, with the broker's host name
 * verified; a wrong password is refused over TLS as over plaintext.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer, stringDeserializer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { createTestCa, expectSuccess, kcat, type TestCa } from '@samsa/test-kit';
import { startBroker } from '../src/index.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';

describe('SASL_SSL with SCRAM-SHA-512', () => {
  let ca: TestCa;
  let fx: TestBroker;
  let bootstrap: string;

  before(async () => {
    ca = createTestCa();
    const store = join(ca.dir, 'server-store.pem');
    writeFileSync(store, ca.read(ca.server.key) + ca.read(ca.server.cert));
    fx = await startTestBroker({
      config: {
        listeners: 'SASL_SSL://127.0.0.1:0',
        'security.inter.broker.protocol': 'SASL_SSL',
        'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
        'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': store,
        'samsa.scram.bootstrap.credentials': 'SCRAM-SHA-512=[name=alice,iterations=4096,password=alice-secret]',
        'connection.failed.authentication.delay.ms': 10,
        'group.initial.rebalance.delay.ms': 0,
      },
    });
    // The name in the broker's certificate, so that host name verification passes.
    bootstrap = `localhost:${fx.broker.listenerPort('SASL_SSL')}`;
  });
  after(async () => {
    await fx?.stop();
    ca?.remove();
  });

  const common = (password: string) => ({
    bootstrapServers: bootstrap,
    logger: silentLogger,
    tls: { ca: ca.read(ca.caCert) },
    sasl: { mechanism: 'scram-sha-512' as const, username: 'alice', password },
  });

  it('@samsa/client produces and consumes over SASL_SSL', async () => {
    const producer = new Producer({ ...common('alice-secret'), acks: 'all' });
    try {
      for (let i = 0; i < 5; i++) await producer.send({ topic: 'sasl-ssl-samsa', value: `s${i}` });
    } finally {
      await producer.close();
    }
    const consumer = new Consumer({
      ...common('alice-secret'),
      groupId: 'sasl-ssl',
      autoOffsetReset: 'earliest',
      valueDeserializer: stringDeserializer,
    });
    const got: string[] = [];
    try {
      await consumer.subscribe(['sasl-ssl-samsa']);
      const deadline = Date.now() + 20_000;
      while (got.length < 5 && Date.now() < deadline) {
        for (const r of await consumer.poll({ timeoutMs: 500 })) got.push(r.value ?? '');
      }
    } finally {
      await consumer.close();
    }
    assert.deepEqual(got, ['s0', 's1', 's2', 's3', 's4']);

    const bad = new Admin({ ...common('wrong'), defaultApiTimeoutMs: 5000 });
    try {
      await assert.rejects(bad.listTopics(), (e: unknown) => {
        assert.ok(e instanceof KafkaError, String(e));
        assert.equal(e.code, ErrorCode.SASL_AUTHENTICATION_FAILED);
        return true;
      });
    } finally {
      await bad.close();
    }
  });

  const kcatSaslSsl = (password: string) => [
    '-X',
    'security.protocol=SASL_SSL',
    '-X',
    'sasl.mechanisms=SCRAM-SHA-512',
    '-X',
    'sasl.username=alice',
    '-X',
    `sasl.password=${password}`,
    '-X',
    `ssl.ca.location=${ca.caCert}`,
  ];

  it('kcat produces and consumes over SASL_SSL', async () => {
    expectSuccess(
      await kcat(['-P', '-b', bootstrap, '-t', 'sasl-ssl-kcat', ...kcatSaslSsl('alice-secret')], {
        input: 'one\ntwo\nthree\n',
      }),
      'kcat produce',
    );
    const out = expectSuccess(
      await kcat([
        '-C',
        '-b',
        bootstrap,
        '-t',
        'sasl-ssl-kcat',
        '-o',
        'beginning',
        '-e',
        ...kcatSaslSsl('alice-secret'),
      ]),
      'kcat consume',
    ).stdout;
    assert.deepEqual(out.trim().split('\n'), ['one', 'two', 'three']);
    const refused = await kcat(['-L', '-b', bootstrap, '-m', '3', ...kcatSaslSsl('wrong')], { timeoutMs: 20_000 });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /invalid credentials with SASL mechanism SCRAM-SHA-512/);
  });

  it('refuses to start when brokers would have to authenticate with GSSAPI (Kafka’s default)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samsa-sasl-gssapi-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    await assert.rejects(
      startBroker({
        logDirs: dir,
        config: {
          listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
          'security.inter.broker.protocol': 'SASL_PLAINTEXT',
          'sasl.enabled.mechanisms': 'GSSAPI,SCRAM-SHA-512',
        },
      }),
      (e: Error) => {
        assert.match(e.message, /sasl\.mechanism\.inter\.broker\.protocol/);
        assert.match(e.message, /GSSAPI is not supported between brokers/);
        return true;
      },
    );
  });
});
