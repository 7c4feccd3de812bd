/**
 * controller_mutation_rate (KIP-599): the token bucket follows Kafka's own examples (strict and
 * permissive), and against a broker, with quotas set by `samsa configs`: CreateTopics v6+,
 * CreatePartitions v3 and DeleteTopics v5+ refuse topics once the bucket is in debt with
 * THROTTLING_QUOTA_EXCEEDED and a throttle time, and create/delete nothing for them; older versions
 * accept everything and answer with a throttle time; a user+client-id quota outranks a client-id
 * one; validate_only takes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apis, ErrorCode } from '@samsa/protocol';
import { run } from '@samsa/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { MutationQuota, TokenBucket } from '../src/quota/controller-mutation-quota.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { SAMSA_BIN } from './support/broker-process.js';
import { RawClient } from './support/raw-client.js';

describe('controller mutation quota: token bucket', () => {
  // Kafka's StrictControllerMutationQuotaTest: rate 10, 10 windows of 1 s: burst 100.
  it('strict: accepts while not in debt (even into debt), then refuses and reports the debt', () => {
    const q = new MutationQuota(new TokenBucket(), 10, 100, true);
    q.record(90, 0);
    q.record(90, 0);
    assert.equal(q.throttleTimeMs(0), 0);
    assert.throws(
      () => q.record(90, 0),
      (e: { code?: number }) => e.code === ErrorCode.THROTTLING_QUOTA_EXCEEDED,
    );
    assert.equal(q.throttleTimeMs(0), 8000);
    assert.equal(q.throttleTimeMs(5000), 3000);
  });

  it('permissive: accepts everything and throttles by the debt', () => {
    const q = new MutationQuota(new TokenBucket(), 10, 100, false);
    q.record(90, 0);
    assert.equal(q.throttleTimeMs(0), 0);
    q.record(90, 0);
    assert.equal(q.throttleTimeMs(0), 8000);
    q.record(90, 0);
    assert.equal(q.throttleTimeMs(0), 17000);
    assert.equal(q.throttleTimeMs(5000), 12000);
  });

  it('refills at the rate, up to the burst', () => {
    const b = new TokenBucket();
    assert.equal(b.measure(10, 100, 0), 100);
    b.record(10, 100, 150, 0);
    assert.equal(b.measure(10, 100, 1000), -40);
    assert.equal(b.measure(10, 100, 60_000), 100);
  });
});

describe('controller mutation quota: enforced by the broker', () => {
  let fx: TestBroker;
  const clients: RawClient[] = [];
  before(async () => {
    // Burst = rate × 2 windows × 1 s.
    fx = await startTestBroker({ config: { 'controller.quota.window.num': '2', 'num.partitions': '1' } });
  });
  after(async () => {
    for (const c of clients) c.close();
    await fx.stop();
  });

  const client = async (clientId: string) => {
    const c = await RawClient.open(fx.broker.port, clientId);
    clients.push(c);
    return c;
  };
  const configs = async (...args: string[]) => {
    const r = await run(process.execPath, [SAMSA_BIN, 'configs', '--bootstrap-server', fx.bootstrap, ...args], {
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const quota = (rate: number, ...entity: string[]) =>
    configs('--alter', '--add-config', `controller_mutation_rate=${rate}`, ...entity);
  const createTopics = (c: RawClient, version: number, topics: Array<[string, number]>, validateOnly = false) =>
    c.request(apis[19], version, {
      topics: topics.map(([name, numPartitions]) => ({
        name,
        numPartitions,
        replicationFactor: 1,
        assignments: [],
        configs: [],
      })),
      timeoutMs: 10_000,
      validateOnly,
    });
  const exists = (name: string) => fx.broker.metadata.topic(name) !== undefined;
  const partitions = (name: string) => fx.broker.metadata.topic(name)?.partitions.length;

  it('CreateTopics v6: topics asked for while in debt are refused with a throttle time', async () => {
    assert.match(await quota(2, '--entity-type', 'clients', '--entity-name', 'strict-create'), /client strict-create/);
    assert.match(
      await configs('--describe', '--entity-type', 'clients', '--entity-name', 'strict-create'),
      /controller_mutation_rate=2\.0/,
    );
    const c = await client('strict-create');
    // validate_only takes nothing from the burst of 4.
    const dry = await createTopics(c, 6, [['cm-dry', 50]], true);
    assert.equal(dry.topics[0]?.errorCode, ErrorCode.NONE);
    const res = await createTopics(c, 6, [
      ['cm-a', 3],
      ['cm-b', 12],
      ['cm-c', 1],
    ]);
    assert.deepEqual(
      res.topics.map((t) => [t.name, t.errorCode]),
      [
        ['cm-a', ErrorCode.NONE],
        ['cm-b', ErrorCode.NONE],
        ['cm-c', ErrorCode.THROTTLING_QUOTA_EXCEEDED],
      ],
    );
    // 15 partitions from a burst of 4 at 2/s: about 5.5 s of debt (large, so that a slow machine's
    // refill between the topics cannot repay it).
    assert.ok(res.throttleTimeMs > 0 && res.throttleTimeMs <= 5500, `throttle ${res.throttleTimeMs}`);
    assert.ok(exists('cm-a') && exists('cm-b') && !exists('cm-c') && !exists('cm-dry'));
  });

  it('CreateTopics v5 is permissive: everything is created and the response throttles', async () => {
    await quota(2, '--entity-type', 'clients', '--entity-name', 'old-create');
    const res = await createTopics(await client('old-create'), 5, [
      ['cm-d', 3],
      ['cm-e', 3],
      ['cm-f', 3],
    ]);
    assert.deepEqual(
      res.topics.map((t) => t.errorCode),
      [0, 0, 0],
    );
    // 9 partitions from a burst of 4 at 2/s: at most 2.5 s of debt.
    assert.ok(res.throttleTimeMs > 0 && res.throttleTimeMs <= 2500, `throttle ${res.throttleTimeMs}`);
    assert.ok(exists('cm-d') && exists('cm-e') && exists('cm-f'));
  });

  it('KafkaJS (CreateTopics v3, permissive) creates over the quota; the same client id at v6 is then refused', async () => {
    await quota(1, '--entity-type', 'clients', '--entity-name', 'kafkajs-admin');
    const admin = new Kafka({ clientId: 'kafkajs-admin', brokers: [fx.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // Not waitForLeaders: the Metadata requests it sends wait out the throttle (KIP-219), ~18 s.
      const created = await admin.createTopics({
        waitForLeaders: false,
        topics: [
          { topic: 'cm-js1', numPartitions: 10 },
          { topic: 'cm-js2', numPartitions: 10 },
        ],
      });
      assert.equal(created, true);
    } finally {
      await admin.disconnect();
    }
    assert.ok(exists('cm-js1') && exists('cm-js2'));
    const res = await createTopics(await client('kafkajs-admin'), 6, [['cm-js3', 1]]);
    assert.equal(res.topics[0]?.errorCode, ErrorCode.THROTTLING_QUOTA_EXCEEDED);
    assert.ok(!exists('cm-js3'));
  });

  it('CreatePartitions counts the partitions added: v3 strict, v2 permissive', async () => {
    await createTopics(await client('free'), 6, [['cm-grow', 1]]);
    await quota(2, '--entity-type', 'clients', '--entity-name', 'grower');
    const grow = (c: RawClient, version: number, count: number) =>
      c.request(apis[37], version, {
        topics: [{ name: 'cm-grow', count, assignments: null }],
        timeoutMs: 10_000,
        validateOnly: false,
      });
    let res = await grow(await client('grower'), 3, 16);
    assert.equal(res.results[0]?.errorCode, ErrorCode.NONE);
    assert.equal(res.throttleTimeMs, 0, 'the burst covers the first increase');
    res = await grow(await client('grower'), 3, 17);
    assert.equal(res.results[0]?.errorCode, ErrorCode.THROTTLING_QUOTA_EXCEEDED);
    assert.ok(res.throttleTimeMs > 0);
    assert.equal(partitions('cm-grow'), 16);
    res = await grow(await client('grower'), 2, 17);
    assert.equal(res.results[0]?.errorCode, ErrorCode.NONE);
    assert.ok(res.throttleTimeMs > 0);
    assert.equal(partitions('cm-grow'), 17);
  });

  it('DeleteTopics counts the partitions deleted: v5 strict, v4 permissive', async () => {
    await createTopics(await client('free'), 6, [
      ['cm-del1', 10],
      ['cm-del2', 1],
      ['cm-del3', 1],
    ]);
    await quota(1, '--entity-type', 'clients', '--entity-name', 'deleter');
    const del = (c: RawClient, version: number, names: string[]) =>
      c.request(apis[20], version, { topicNames: names, topics: [], timeoutMs: 10_000 });
    let res = await del(await client('deleter'), 5, ['cm-del1', 'cm-del2']);
    assert.deepEqual(
      res.responses.map((r) => [r.name, r.errorCode]),
      [
        ['cm-del1', ErrorCode.NONE],
        ['cm-del2', ErrorCode.THROTTLING_QUOTA_EXCEEDED],
      ],
    );
    assert.ok(res.throttleTimeMs > 0);
    assert.ok(!exists('cm-del1') && exists('cm-del2'));
    res = await del(await client('deleter'), 4, ['cm-del2', 'cm-del3']);
    assert.deepEqual(
      res.responses.map((r) => r.errorCode),
      [0, 0],
    );
    assert.ok(res.throttleTimeMs > 0);
    assert.ok(!exists('cm-del2') && !exists('cm-del3'));
  });

  it('a user+client-id quota outranks the client-id quota (Kafka’s precedence)', async () => {
    await quota(1000, '--entity-type', 'clients', '--entity-name', 'ranked');
    await quota(
      1,
      '--entity-type',
      'users',
      '--entity-name',
      'ANONYMOUS',
      '--entity-type',
      'clients',
      '--entity-name',
      'ranked',
    );
    const res = await createTopics(await client('ranked'), 7, [
      ['cm-r1', 10],
      ['cm-r2', 1],
    ]);
    assert.deepEqual(
      res.topics.map((t) => t.errorCode),
      [ErrorCode.NONE, ErrorCode.THROTTLING_QUOTA_EXCEEDED],
    );
    // Another client id of the same user has no quota at all.
    const free = await createTopics(await client('unranked'), 7, [
      ['cm-u1', 30],
      ['cm-u2', 30],
    ]);
    assert.deepEqual(
      free.topics.map((t) => t.errorCode),
      [0, 0],
    );
    assert.equal(free.throttleTimeMs, 0);
  });
});
