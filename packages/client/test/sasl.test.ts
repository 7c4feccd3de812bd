/**
 * @samsa/client over SASL_PLAINTEXT with every mechanism: an admin authenticated with PLAIN (a
 * JAAS user) creates SCRAM credentials with alterUserScramCredentials, a producer with
 * SCRAM-SHA-256 and a consumer with SCRAM-SHA-512 round-trip records, describe shows mechanisms and
 * iterations, deleted credentials stop working, wrong passwords fail with SASL_AUTHENTICATION_FAILED,
 * and a connection re-authenticates (KIP-368) before its session ends and keeps serving.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { Admin } from '../src/admin/admin.js';
import type { CommonConfig } from '../src/config.js';
import { Consumer } from '../src/consumer/consumer.js';
import { Producer } from '../src/producer/producer.js';
import { stringDeserializer } from '../src/producer/serializers.js';
import type { SaslOptions } from '../src/security/sasl-authenticator.js';
import { topicName, within } from './support/helpers.js';

const JAAS =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret";';

export function saslBrokerConfig(extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
    'security.inter.broker.protocol': 'SASL_PLAINTEXT',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
    'connection.failed.authentication.delay.ms': 10,
    ...extra,
  };
}

describe('SASL (@samsa/client)', () => {
  let broker: TestBroker;
  let admin: Admin;
  const common = (sasl: SaslOptions): CommonConfig => ({
    bootstrapServers: broker.bootstrap,
    logger: silentLogger,
    sasl,
    requestTimeoutMs: 10_000,
  });

  before(async () => {
    broker = await startTestBroker({ config: saslBrokerConfig({ 'connections.max.reauth.ms': 1500 }) });
    admin = new Admin(common({ mechanism: 'plain', username: 'admin', password: 'admin-secret' }));
    await admin.alterUserScramCredentials([
      {
        type: 'upsertion',
        user: 'alice',
        info: { mechanism: 'SCRAM-SHA-256', iterations: 8192 },
        password: 'alice-secret',
      },
      {
        type: 'upsertion',
        user: 'alice',
        info: { mechanism: 'SCRAM-SHA-512', iterations: 4096 },
        password: 'alice-secret',
      },
    ]);
  });
  after(async () => {
    await admin?.close();
    await broker?.stop();
  });

  it('describes the credentials alterUserScramCredentials made: mechanisms and iterations only', async () => {
    const all = await admin.describeUserScramCredentials();
    assert.deepEqual(all, [
      {
        name: 'alice',
        credentialInfos: [
          { mechanism: 'SCRAM-SHA-256', iterations: 8192 },
          { mechanism: 'SCRAM-SHA-512', iterations: 4096 },
        ],
      },
    ]);
    await assert.rejects(admin.describeUserScramCredentials(['nobody']), (e: unknown) => {
      assert.ok(e instanceof KafkaError);
      assert.equal(e.code, ErrorCode.RESOURCE_NOT_FOUND);
      return true;
    });
  });

  it('refuses iterations outside 4096-16384 and deleting what does not exist, with Kafka’s codes', async () => {
    const fails = async (p: Promise<unknown>, code: number, message: RegExp) =>
      assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof KafkaError, String(e));
        assert.equal(e.code, code);
        assert.match(e.message, message);
        return true;
      });
    await fails(
      admin.alterUserScramCredentials([
        { type: 'upsertion', user: 'bob', info: { mechanism: 'SCRAM-SHA-256', iterations: 100 }, password: 'x' },
      ]),
      ErrorCode.UNACCEPTABLE_CREDENTIAL,
      /Too few iterations/,
    );
    await fails(
      admin.alterUserScramCredentials([
        { type: 'upsertion', user: 'bob', info: { mechanism: 'SCRAM-SHA-256', iterations: 20000 }, password: 'x' },
      ]),
      ErrorCode.UNACCEPTABLE_CREDENTIAL,
      /Too many iterations/,
    );
    await fails(
      admin.alterUserScramCredentials([{ type: 'deletion', user: 'bob', mechanism: 'SCRAM-SHA-512' }]),
      ErrorCode.RESOURCE_NOT_FOUND,
      /does not exist/,
    );
    await fails(
      admin.alterUserScramCredentials([
        { type: 'upsertion', user: 'bob', info: { mechanism: 'SCRAM-SHA-256', iterations: 4096 }, password: 'x' },
        { type: 'deletion', user: 'bob', mechanism: 'SCRAM-SHA-256' },
      ]),
      ErrorCode.DUPLICATE_RESOURCE,
      /altered twice/,
    );
  });

  it('produces with SCRAM-SHA-256 and consumes with SCRAM-SHA-512', async () => {
    const topic = topicName('sasl');
    const producer = new Producer({
      ...common({ mechanism: 'scram-sha-256', username: 'alice', password: 'alice-secret' }),
      lingerMs: 1,
    });
    const consumer = new Consumer({
      ...common({ mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' }),
      autoOffsetReset: 'earliest',
      fetchMaxWaitMs: 100,
      valueDeserializer: stringDeserializer,
    });
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic, value: `v${i}` })));
      consumer.assign([{ topic, partition: 0 }]);
      const got: string[] = [];
      await within(
        15_000,
        (async () => {
          for await (const r of consumer) {
            got.push(String(r.value));
            if (got.length === 20) break;
          }
        })(),
        'reading 20 records',
      );
      assert.deepEqual(
        got,
        Array.from({ length: 20 }, (_, i) => `v${i}`),
      );
    } finally {
      await producer.close();
      await consumer.close();
    }
  });

  it('fails a wrong password, an unknown SCRAM user and a deleted credential with SASL_AUTHENTICATION_FAILED', async () => {
    const attempt = async (sasl: SaslOptions, message: RegExp) => {
      const a = new Admin({ ...common(sasl), defaultApiTimeoutMs: 3000 } as CommonConfig);
      try {
        await assert.rejects(a.listTopics(), (e: unknown) => {
          assert.ok(e instanceof KafkaError, String(e));
          assert.equal(e.code, ErrorCode.SASL_AUTHENTICATION_FAILED);
          assert.match(e.message, message);
          return true;
        });
      } finally {
        await a.close();
      }
    };
    await attempt({ mechanism: 'plain', username: 'admin', password: 'nope' }, /Invalid username or password/);
    await attempt(
      { mechanism: 'scram-sha-256', username: 'alice', password: 'nope' },
      /invalid credentials with SASL mechanism SCRAM-SHA-256/,
    );
    await attempt({ mechanism: 'scram-sha-512', username: 'mallory', password: 'x' }, /invalid credentials/);
    await admin.alterUserScramCredentials([{ type: 'deletion', user: 'alice', mechanism: 'SCRAM-SHA-512' }]);
    await attempt({ mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' }, /invalid credentials/);
    assert.deepEqual(await admin.describeUserScramCredentials(['alice']), [
      { name: 'alice', credentialInfos: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }] },
    ]);
  });

  it('re-authenticates before connections.max.reauth.ms ends and keeps using the connection', async () => {
    const lines: string[] = [];
    const record = (fields: unknown, msg?: string) => lines.push(typeof fields === 'string' ? fields : String(msg));
    const logger = { debug: record, info: record, warn: record, error: record };
    const a = new Admin({
      ...common({ mechanism: 'scram-sha-256', username: 'alice', password: 'alice-secret' }),
      logger,
    });
    try {
      await a.listTopics();
      const deadline = Date.now() + 10_000;
      while (lines.filter((l) => l === 're-authenticated').length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(lines.filter((l) => l === 're-authenticated').length >= 2, lines.join('\n'));
      assert.ok(!lines.includes('connection lost'), lines.join('\n'));
      await a.listTopics();
    } finally {
      await a.close();
    }
  });
});

describe('SASL principals and the ACL authorizer', () => {
  let broker: TestBroker;
  const clients: Array<{ close(): Promise<void> }> = [];
  before(async () => {
    broker = await startTestBroker({
      config: saslBrokerConfig({
        'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
        'super.users': 'User:admin',
        'samsa.scram.bootstrap.credentials': 'SCRAM-SHA-256=[name=alice,password=alice-secret]',
      }),
    });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await broker?.stop();
  });
  const as = (sasl: SaslOptions) => {
    const a = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger, sasl, defaultApiTimeoutMs: 5000 });
    clients.push(a);
    return a;
  };

  it('authorizes by the authenticated user: the super user may, User:alice only where an ACL allows', async () => {
    const admin = as({ mechanism: 'plain', username: 'admin', password: 'admin-secret' });
    await admin.createTopics([
      { name: 'acl-open', numPartitions: 1 },
      { name: 'acl-closed', numPartitions: 1 },
    ]);
    const alice = as({ mechanism: 'scram-sha-256', username: 'alice', password: 'alice-secret' });
    assert.deepEqual(await alice.listTopics(), [], 'no DESCRIBE on any topic: names stay hidden');
    await assert.rejects(alice.describeUserScramCredentials(), (e: unknown) => {
      assert.ok(e instanceof KafkaError);
      assert.equal(e.code, ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
      return true;
    });
    await admin.createAcls([
      {
        pattern: { resourceType: 'TOPIC', name: 'acl-open', patternType: 'LITERAL' },
        entry: { principal: 'User:alice', host: '*', operation: 'DESCRIBE', permissionType: 'ALLOW' },
      },
    ]);
    assert.deepEqual(await alice.listTopics(), ['acl-open']);
    assert.equal((await admin.describeUserScramCredentials(['alice']))[0]?.name, 'alice');
  });
});
