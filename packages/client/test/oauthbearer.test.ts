/**
 * @samsa/client with SASL/OAUTHBEARER against a broker with two SASL_PLAINTEXT listeners: one
 * with Kafka's unsecured validator, one with KIP-768's JWKS validator fed by an in-process test
 * IdP (token endpoint + JWKS, keys made at run time). ACLs on User:<sub> decide what each token
 * may do; refused tokens (expired, wrongly signed, wrong issuer, unknown kid) fail with
 * SASL_AUTHENTICATION_FAILED and the reason; a short-lived token makes the connection
 * re-authenticate with a fresh token before each one expires, on the same connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { TestIdp, unsecuredToken } from '@samsa/test-kit';
import { Admin } from '../src/admin/admin.js';
import type { CommonConfig } from '../src/config.js';
import { Consumer } from '../src/consumer/consumer.js';
import { Producer } from '../src/producer/producer.js';
import { stringDeserializer } from '../src/producer/serializers.js';
import { clientCredentialsProvider } from '../src/security/oauthbearer/client-credentials.js';
import type { OAuthBearerProvider } from '../src/security/oauthbearer/oauthbearer-client.js';
import { within } from './support/helpers.js';

const secs = () => Math.floor(Date.now() / 1000);
const unsecured =
  (sub: string): OAuthBearerProvider =>
  () => ({ value: unsecuredToken({ sub, iat: secs(), exp: secs() + 600 }) });

describe('OAUTHBEARER (@samsa/client)', () => {
  let idp: TestIdp;
  let broker: TestBroker;
  let admin: Admin;
  const bootstrap = (listener: string) => `127.0.0.1:${broker.broker.listenerPort(listener)}`;
  const common = (listener: string, oauthBearerProvider: OAuthBearerProvider): CommonConfig => ({
    bootstrapServers: bootstrap(listener),
    logger: silentLogger,
    sasl: { mechanism: 'OAUTHBEARER', oauthBearerProvider },
    requestTimeoutMs: 10_000,
  });

  before(async () => {
    idp = await TestIdp.start({
      issuer: 'https://idp.test/realms/kafka',
      audience: 'kafka-broker',
      clients: { 'alice-app': { secret: 'alice-app-secret', subject: 'alice' } },
    });
    broker = await startTestBroker({
      config: {
        listeners: 'DEV://127.0.0.1:0,OIDC://127.0.0.1:0',
        'listener.security.protocol.map': 'DEV:SASL_PLAINTEXT,OIDC:SASL_PLAINTEXT',
        'inter.broker.listener.name': 'DEV',
        'sasl.mechanism.inter.broker.protocol': 'OAUTHBEARER',
        'sasl.enabled.mechanisms': 'OAUTHBEARER',
        'listener.name.dev.oauthbearer.sasl.jaas.config':
          'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin";',
        'listener.name.oidc.oauthbearer.sasl.server.callback.handler.class':
          'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
        'listener.name.oidc.oauthbearer.sasl.oauthbearer.jwks.endpoint.url': idp.jwksUrl,
        'sasl.oauthbearer.expected.issuer': 'https://idp.test/realms/kafka',
        'sasl.oauthbearer.expected.audience': 'kafka-broker',
        'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
        'super.users': 'User:admin',
        'connection.failed.authentication.delay.ms': 10,
      },
    });
    admin = new Admin(common('DEV', unsecured('admin')));
    await admin.createTopics([
      { name: 'alice-orders', numPartitions: 1, replicationFactor: 1 },
      { name: 'alice-oidc', numPartitions: 1, replicationFactor: 1 },
      { name: 'payroll', numPartitions: 1, replicationFactor: 1 },
    ]);
    const allow = (operation: 'WRITE' | 'READ' | 'DESCRIBE', resourceType: 'TOPIC' | 'GROUP', name: string) => ({
      pattern: { resourceType, name, patternType: 'PREFIXED' as const },
      entry: { principal: 'User:alice', host: '*', operation, permissionType: 'ALLOW' as const },
    });
    await admin.createAcls([
      allow('WRITE', 'TOPIC', 'alice-'),
      allow('READ', 'TOPIC', 'alice-'),
      allow('READ', 'GROUP', 'alice-'),
    ]);
  });
  after(async () => {
    await admin?.close();
    await broker?.stop();
    await idp?.stop();
  });

  async function roundTrip(listener: string, provider: OAuthBearerProvider, topic: string): Promise<string[]> {
    const producer = new Producer({ ...common(listener, provider), lingerMs: 1 });
    const consumer = new Consumer({
      ...common(listener, provider),
      autoOffsetReset: 'earliest',
      fetchMaxWaitMs: 100,
      valueDeserializer: stringDeserializer,
    });
    try {
      await Promise.all(['a', 'b', 'c'].map((value) => producer.send({ topic, value })));
      consumer.assign([{ topic, partition: 0 }]);
      const got: string[] = [];
      await within(
        15_000,
        (async () => {
          for await (const r of consumer) {
            got.push(String(r.value));
            if (got.length === 3) break;
          }
        })(),
        'reading 3 records',
      );
      return got;
    } finally {
      await producer.close();
      await consumer.close();
    }
  }

  it("authenticates with Kafka's unsecured tokens as User:<sub>, and ACLs on that principal decide", async () => {
    assert.deepEqual(await roundTrip('DEV', unsecured('alice'), 'alice-orders'), ['a', 'b', 'c']);
    const producer = new Producer({
      ...common('DEV', unsecured('alice')),
      lingerMs: 1,
      deliveryTimeoutMs: 5000,
      retries: 0,
    });
    try {
      await assert.rejects(producer.send({ topic: 'payroll', value: 'x' }), (e: unknown) => {
        assert.ok(e instanceof KafkaError, String(e));
        assert.equal(e.code, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        return true;
      });
    } finally {
      await producer.close();
    }
  });

  it("authenticates with the IdP's client-credentials tokens, validated against its JWKS", async () => {
    const before = idp.issued;
    const provider = clientCredentialsProvider({
      tokenEndpointUrl: idp.tokenUrl,
      clientId: 'alice-app',
      clientSecret: 'alice-app-secret',
    });
    assert.deepEqual(await roundTrip('OIDC', provider, 'alice-oidc'), ['a', 'b', 'c']);
    assert.ok(idp.issued > before, 'tokens came from the token endpoint');
  });

  it('refuses bad tokens with SASL_AUTHENTICATION_FAILED and the reason, and keeps serving', async () => {
    const now = secs();
    const claims = {
      iss: 'https://idp.test/realms/kafka',
      aud: 'kafka-broker',
      sub: 'alice',
      iat: now - 60,
      exp: now + 600,
    };
    const cases: [string, RegExp][] = [
      [idp.sign({ ...claims, iat: now - 7200, exp: now - 3600 }), /the token expired at/],
      [idp.sign({ ...claims, nbf: now + 3600 }), /not valid before/],
      [idp.sign(claims, { foreignKey: true }), /signature does not verify/],
      [idp.sign({ ...claims, iss: 'https://evil.test' }), /issuer "https:\/\/evil.test" is not the expected/],
      [idp.sign({ ...claims, aud: 'someone-else' }), /audience "someone-else" is none of the expected/],
      [idp.sign(claims, { kid: 'unknown-kid' }), /matches the token's kid "unknown-kid"/],
      [unsecuredToken(claims), /signature algorithm is not accepted/],
    ];
    for (const [token, reason] of cases) {
      const a = new Admin({ ...common('OIDC', () => ({ value: token })), defaultApiTimeoutMs: 3000 } as CommonConfig);
      try {
        await assert.rejects(a.listTopics(), (e: unknown) => {
          assert.ok(e instanceof KafkaError, String(e));
          assert.equal(e.code, ErrorCode.SASL_AUTHENTICATION_FAILED);
          assert.match(e.message, reason);
          return true;
        });
      } finally {
        await a.close();
      }
    }
    const expiredDev = new Admin({
      ...common('DEV', () => ({ value: unsecuredToken({ sub: 'alice', exp: secs() - 10 }) })),
      defaultApiTimeoutMs: 3000,
    } as CommonConfig);
    try {
      await assert.rejects(expiredDev.listTopics(), /SASL_AUTHENTICATION_FAILED|the token expired/);
    } finally {
      await expiredDev.close();
    }
    assert.ok((await admin.listTopics()).includes('payroll'), 'the broker still serves');
  });

  it('re-authenticates a long-lived connection with a fresh short-lived token before each expires', async () => {
    let calls = 0;
    const lines: string[] = [];
    const record = (fields: unknown, msg?: string) => lines.push(typeof fields === 'string' ? fields : String(msg));
    const a = new Admin({
      ...common('OIDC', () => {
        calls++;
        return { value: idp.token('alice', {}, 2) };
      }),
      logger: { debug: record, info: record, warn: record, error: record },
    });
    try {
      await a.listTopics();
      const deadline = Date.now() + 20_000;
      while (lines.filter((l) => l === 're-authenticated').length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(lines.filter((l) => l === 're-authenticated').length >= 2, lines.join('\n'));
      assert.ok(!lines.includes('connection lost'), lines.join('\n'));
      assert.ok(calls >= 3, `a new token for each authentication (${calls})`);
      await a.listTopics();
    } finally {
      await a.close();
    }
  });
});
