/**
 * KIP-599 in the admin client: with a controller_mutation_rate quota of 2 partitions/s (burst 4),
 * CreateTopics, CreatePartitions and DeleteTopics asking for more than the burst get
 * THROTTLING_QUOTA_EXCEEDED for the topics past the debt. With retryOnQuotaViolation (Java's
 * default) those topics are sent again after the throttle time and the call succeeds; with it
 * off, the call fails with the error and only the topics accepted first are changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { Admin } from '../src/admin/admin.js';
import { KafkaError } from '../src/errors.js';

const THROTTLING_QUOTA_EXCEEDED = 89;

describe('admin: THROTTLING_QUOTA_EXCEEDED retry', () => {
  let broker: TestBroker;
  const admins: Admin[] = [];
  before(async () => {
    // Burst = rate × 2 windows × 1 s.
    broker = await startTestBroker({ config: { 'controller.quota.window.num': '2' } });
  });
  after(async () => {
    for (const a of admins) await a.close();
    await broker.stop();
  });

  /** An admin whose client id carries a quota of 2 partition mutations per second. */
  const limitedAdmin = async (clientId: string) => {
    const setup = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    admins.push(setup);
    await setup.alterClientQuotas([{ entity: { 'client-id': clientId }, quotas: { controller_mutation_rate: 2 } }]);
    const admin = new Admin({ bootstrapServers: broker.bootstrap, clientId, logger: silentLogger });
    admins.push(admin);
    return admin;
  };
  const exists = (name: string) => broker.broker.metadata.topic(name) !== undefined;
  const topics = (prefix: string) => [
    { name: `${prefix}-a`, numPartitions: 6, replicationFactor: 1 },
    { name: `${prefix}-b`, numPartitions: 1, replicationFactor: 1 },
    { name: `${prefix}-c`, numPartitions: 1, replicationFactor: 1 },
  ];

  it('retries the throttled topics after the throttle time and succeeds (default)', { timeout: 60_000 }, async () => {
    const admin = await limitedAdmin('retry-on');
    const created = await admin.createTopics(topics('qr-on'), { timeoutMs: 30_000 });
    assert.deepEqual(
      created.map((t) => [t.name, t.numPartitions]),
      [
        ['qr-on-a', 6],
        ['qr-on-b', 1],
        ['qr-on-c', 1],
      ],
    );
    assert.ok(exists('qr-on-a') && exists('qr-on-b') && exists('qr-on-c'));

    // The bucket is in debt again after 8 partitions: growing two topics is throttled, then done.
    await admin.createPartitions({ 'qr-on-b': 4, 'qr-on-c': 4 }, { timeoutMs: 30_000 });
    assert.equal(broker.broker.metadata.topic('qr-on-b')?.partitions.length, 4);
    assert.equal(broker.broker.metadata.topic('qr-on-c')?.partitions.length, 4);

    await admin.deleteTopics(['qr-on-a', 'qr-on-b', 'qr-on-c'], { timeoutMs: 30_000 });
    assert.ok(!exists('qr-on-a') && !exists('qr-on-b') && !exists('qr-on-c'));
  });

  it('fails with THROTTLING_QUOTA_EXCEEDED when retryOnQuotaViolation is off', { timeout: 60_000 }, async () => {
    const admin = await limitedAdmin('retry-off');
    await assert.rejects(
      admin.createTopics(topics('qr-off'), { timeoutMs: 30_000, retryOnQuotaViolation: false }),
      (err: unknown) =>
        err instanceof KafkaError && err.code === THROTTLING_QUOTA_EXCEEDED && /qr-off-b/.test(err.message),
    );
    assert.ok(exists('qr-off-a'), 'the topic accepted before the debt is created');
    assert.ok(!exists('qr-off-b') && !exists('qr-off-c'));
  });
});
