/**
 * Client quotas per authenticated principal (issue #15, deliverable 5): on a SASL_PLAINTEXT
 * listener, a producer_byte_rate set with Admin.alterClientQuotas on { user: 'alice' } throttles the
 * connections that authenticated as alice (throttle_time_ms > 0 in her Produce responses) while bob,
 * who has no quota, is never throttled; and a { user, client-id } quota outranks the user's own
 * (Kafka's DefaultQuotaCallback order).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ApiKey, encodeRecordBatch } from '@samsa/protocol';
import { Admin } from '../src/admin/admin.js';
import { Connection } from '../src/network/connection.js';
import { saslAuthenticator } from '../src/security/sasl-authenticator.js';
import { topicName } from './support/helpers.js';

const JAAS =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" ' +
  'user_admin="admin-secret" user_alice="alice-secret" user_bob="bob-secret";';

/** Alice's quota: far below what one request carries, so her first requests exceed it. */
const SLOW = 10 * 1024;
const CHUNK = 32 * 1024;
/** Requests a producer sends before we conclude it is not throttled (each one is 32 KiB). */
const ATTEMPTS = 8;

describe('client quotas for SASL principals (@samsa/client)', () => {
  let broker: TestBroker;
  let admin: Admin;
  const topic = topicName('sasl-quota');
  const records = encodeRecordBatch({ records: [{ value: Buffer.alloc(CHUNK, 1) }] });
  const open: Connection[] = [];

  /** A raw connection that authenticates with PLAIN as `user` and sends `clientId`. */
  const connect = (user: string, clientId: string) => {
    const c = new Connection({
      host: '127.0.0.1',
      port: broker.broker.listenerPort('SASL_PLAINTEXT'),
      nodeId: -1,
      clientId,
      requestTimeoutMs: 10_000,
      connectTimeoutMs: 5_000,
      reconnectBackoffMs: 50,
      reconnectBackoffMaxMs: 1_000,
      maxInFlight: 1,
      logger: silentLogger,
      authenticate: saslAuthenticator({ mechanism: 'plain', username: user, password: `${user}-secret` }),
    });
    open.push(c);
    return c;
  };

  /** Produces up to ATTEMPTS requests, stopping at the first throttled one; returns every throttle_time_ms. */
  async function produce(c: Connection): Promise<number[]> {
    const throttles: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      const res = await c.request(
        ApiKey.Produce,
        {
          transactionalId: null,
          acks: 1,
          timeoutMs: 5000,
          topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
        },
        { maxVersion: 9 },
      );
      assert.equal(res.responses[0]?.partitionResponses[0]?.errorCode, 0);
      throttles.push(res.throttleTimeMs);
      if (res.throttleTimeMs > 0) break;
    }
    return throttles;
  }

  before(async () => {
    broker = await startTestBroker({
      config: {
        listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
        'security.inter.broker.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism.inter.broker.protocol': 'PLAIN',
        'sasl.enabled.mechanisms': 'PLAIN',
        'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
        // Two 1 s windows: the measured rate follows a producer within a request or two.
        'quota.window.num': 2,
        'quota.window.size.seconds': 1,
      },
    });
    admin = new Admin({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      sasl: { mechanism: 'plain', username: 'admin', password: 'admin-secret' },
      requestTimeoutMs: 10_000,
    });
    await admin.createTopics([{ name: topic, numPartitions: 1, replicationFactor: 1 }]);
    await admin.alterClientQuotas([{ entity: { user: 'alice' }, quotas: { producer_byte_rate: SLOW } }]);
  });
  after(async () => {
    for (const c of open) c.close();
    await admin?.close();
    await broker?.stop();
  });

  it("throttles alice's produce once she exceeds her user quota, and never bob", async () => {
    const described = await admin.describeClientQuotas({ components: [{ entityType: 'user', match: 'alice' }] });
    assert.deepEqual(described, [{ entity: { user: 'alice' }, quotas: { producer_byte_rate: SLOW } }]);

    const alice = await produce(connect('alice', 'app'));
    assert.ok((alice.at(-1) ?? 0) > 0, `alice throttled: ${alice}`);
    const bob = await produce(connect('bob', 'app'));
    assert.deepEqual(bob, new Array(ATTEMPTS).fill(0), `bob never throttled: ${bob}`);
  });

  it('lets a user+client-id quota outrank the user quota', async () => {
    await admin.alterClientQuotas([
      { entity: { user: 'alice', 'client-id': 'bulk' }, quotas: { producer_byte_rate: 1024 * 1024 * 1024 } },
    ]);
    const bulk = await produce(connect('alice', 'bulk'));
    assert.deepEqual(bulk, new Array(ATTEMPTS).fill(0), `alice as bulk uses the 1 GiB/s quota: ${bulk}`);
    // Any other client id of alice's still falls back to { user: alice }.
    const other = await produce(connect('alice', 'other'));
    assert.ok((other.at(-1) ?? 0) > 0, `alice as other throttled by the user quota: ${other}`);
  });
});
