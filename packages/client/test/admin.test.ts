/**
 * The admin client against an in-process broker: topic lifecycle with configs, partitions, configs
 * described and altered, records deleted, offsets listed by spec and timestamp, and the cluster.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { Admin } from '../src/admin/admin.js';
import { AbortedError, KafkaError } from '../src/errors.js';
import { Producer } from '../src/producer/producer.js';
import { topicName, within } from './support/helpers.js';

describe('admin', () => {
  let broker: TestBroker;
  let admin: Admin;
  before(async () => {
    broker = await startTestBroker({ config: { 'auto.create.topics.enable': false } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger, defaultApiTimeoutMs: 10_000 });
  });
  after(async () => {
    await admin.close();
    await broker.stop();
  });

  it('creates topics with configs, lists, describes and deletes them', async () => {
    const name = topicName('admin');
    const created = await within(
      10_000,
      admin.createTopics([
        {
          name,
          numPartitions: 3,
          replicationFactor: 1,
          configs: { 'cleanup.policy': 'compact', 'retention.ms': '12345' },
        },
      ]),
    );
    assert.equal(created[0]?.name, name);
    assert.equal(created[0]?.numPartitions, 3);
    assert.ok((await admin.listTopics()).includes(name));
    const [d] = await admin.describeTopics([name]);
    assert.equal(d?.partitions.length, 3);
    assert.deepEqual(
      d?.partitions.map((p) => p.partition),
      [0, 1, 2],
    );
    for (const p of d?.partitions ?? []) assert.equal(p.leader, 0);
    const [configs] = await admin.describeConfigs([{ type: 'topic', name, keys: ['cleanup.policy', 'retention.ms'] }]);
    const byName = new Map(configs?.configs.map((c) => [c.name, c]));
    assert.equal(byName.get('cleanup.policy')?.value, 'compact');
    assert.equal(byName.get('retention.ms')?.value, '12345');
    assert.equal(byName.get('retention.ms')?.source, 'DYNAMIC_TOPIC_CONFIG');
    await assert.rejects(
      admin.createTopics([{ name, numPartitions: 1 }]),
      (e: unknown) => e instanceof KafkaError && e.errorName === 'TOPIC_ALREADY_EXISTS',
    );
    await admin.deleteTopics([name]);
    assert.ok(!(await admin.listTopics()).includes(name));
    // Kafka answers an unknown topic with error_message "": the error still says what went wrong.
    await assert.rejects(
      admin.describeConfigs([{ type: 'topic', name }]),
      (e: unknown) =>
        e instanceof KafkaError &&
        e.errorName === 'UNKNOWN_TOPIC_OR_PARTITION' &&
        e.message === `topic ${name}: This server does not host this topic-partition.`,
    );
    await assert.rejects(
      admin.describeTopics([name]),
      (e: unknown) => e instanceof KafkaError && e.errorName === 'UNKNOWN_TOPIC_OR_PARTITION',
    );
  });

  it('validateOnly creates nothing', async () => {
    const name = topicName('validate');
    await admin.createTopics([{ name, numPartitions: 2 }], { validateOnly: true });
    assert.ok(!(await admin.listTopics()).includes(name));
  });

  it('adds partitions', async () => {
    const name = topicName('grow');
    await admin.createTopics([{ name, numPartitions: 1 }]);
    await admin.createPartitions({ [name]: 4 });
    const [d] = await admin.describeTopics([name]);
    assert.equal(d?.partitions.length, 4);
    await assert.rejects(
      admin.createPartitions({ [name]: 2 }),
      (e: unknown) => e instanceof KafkaError && e.errorName === 'INVALID_PARTITIONS',
    );
  });

  it('alters configs incrementally (set, delete) and describes broker configs', async () => {
    const name = topicName('alter');
    await admin.createTopics([{ name, numPartitions: 1 }]);
    await admin.incrementalAlterConfigs([
      { type: 'topic', name, ops: [{ name: 'retention.ms', op: 'set', value: '5000' }] },
    ]);
    let [c] = await admin.describeConfigs([{ type: 'topic', name, keys: ['retention.ms'] }]);
    assert.equal(c?.configs[0]?.value, '5000');
    await admin.incrementalAlterConfigs([{ type: 'topic', name, ops: [{ name: 'retention.ms', op: 'delete' }] }]);
    [c] = await admin.describeConfigs([{ type: 'topic', name, keys: ['retention.ms'] }]);
    assert.notEqual(c?.configs[0]?.value, '5000');
    assert.equal(c?.configs[0]?.isDefault || c?.configs[0]?.source !== 'DYNAMIC_TOPIC_CONFIG', true);
    const [b] = await admin.describeConfigs([{ type: 'broker', name: '0', keys: ['num.partitions'] }]);
    assert.equal(b?.configs[0]?.name, 'num.partitions');
  });

  it('lists offsets (earliest, latest, by timestamp, max timestamp) and deletes records', async () => {
    const name = topicName('offsets');
    await admin.createTopics([{ name, numPartitions: 1 }]);
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 0 });
    try {
      const base = 1_700_000_000_000;
      for (let i = 0; i < 10; i++) await producer.send({ topic: name, value: `v${i}`, timestamp: base + i * 1000 });
    } finally {
      await producer.close();
    }
    const q = (spec: Parameters<Admin['listOffsets']>[0][number]['spec']) =>
      admin.listOffsets([{ topic: name, partition: 0, spec }]).then((r) => r[0]);
    assert.equal((await q('earliest'))?.offset, 0n);
    assert.equal((await q('latest'))?.offset, 10n);
    assert.equal((await q({ timestamp: 1_700_000_004_500 }))?.offset, 5n);
    assert.equal((await q({ timestamp: 1_800_000_000_000 }))?.offset, -1n);
    const max = await q('maxTimestamp');
    assert.equal(max?.offset, 9n);
    assert.equal(max?.timestamp, 1_700_000_009_000);
    const [deleted] = await admin.deleteRecords([{ topic: name, partition: 0, offset: 4n }]);
    assert.equal(deleted?.lowWatermark, 4n);
    assert.equal((await q('earliest'))?.offset, 4n);
  });

  it('sets, describes and removes client quotas (users, client ids, defaults, IPs)', async () => {
    await admin.alterClientQuotas([
      { entity: { user: 'alice' }, quotas: { producer_byte_rate: 1_048_576, consumer_byte_rate: 2_097_152 } },
      { entity: { user: 'alice', 'client-id': 'reports' }, quotas: { request_percentage: 50 } },
      { entity: { 'client-id': null }, quotas: { producer_byte_rate: 10_485_760 } },
      { entity: { ip: '10.0.0.1' }, quotas: { connection_creation_rate: 5 } },
    ]);
    const alice = await admin.describeClientQuotas({
      components: [{ entityType: 'user', match: 'alice' }],
      strict: true,
    });
    assert.deepEqual(alice, [
      { entity: { user: 'alice' }, quotas: { producer_byte_rate: 1_048_576, consumer_byte_rate: 2_097_152 } },
    ]);
    // Not strict: alice's entities of any shape, here with her client id too.
    const aliceAll = await admin.describeClientQuotas({ components: [{ entityType: 'user', match: 'alice' }] });
    assert.deepEqual(
      aliceAll.map((e) => e.entity).sort((a, b) => Object.keys(a).length - Object.keys(b).length),
      [{ user: 'alice' }, { user: 'alice', 'client-id': 'reports' }],
    );
    assert.deepEqual(await admin.describeClientQuotas({ components: [{ entityType: 'client-id', match: null }] }), [
      { entity: { 'client-id': null }, quotas: { producer_byte_rate: 10_485_760 } },
    ]);
    const ips = await admin.describeClientQuotas({ components: [{ entityType: 'ip' }] });
    assert.deepEqual(ips, [{ entity: { ip: '10.0.0.1' }, quotas: { connection_creation_rate: 5 } }]);

    // validateOnly changes nothing; a null value removes a quota.
    await admin.alterClientQuotas([{ entity: { user: 'alice' }, quotas: { producer_byte_rate: 1 } }], {
      validateOnly: true,
    });
    await admin.alterClientQuotas([{ entity: { user: 'alice' }, quotas: { consumer_byte_rate: null } }]);
    assert.deepEqual(
      await admin.describeClientQuotas({ components: [{ entityType: 'user', match: 'alice' }], strict: true }),
      [{ entity: { user: 'alice' }, quotas: { producer_byte_rate: 1_048_576 } }],
    );

    // A key that does not apply to the entity is refused with the broker's error, naming the entity.
    await assert.rejects(
      admin.alterClientQuotas([{ entity: { ip: '10.0.0.2' }, quotas: { producer_byte_rate: 1 } }]),
      (e: unknown) => e instanceof KafkaError && e.code === 42 && /10\.0\.0\.2/.test(e.message),
    );
  });

  it('describes the cluster', async () => {
    const d = await admin.describeCluster();
    assert.equal(d.brokers.length, 1);
    assert.equal(`${d.brokers[0]?.host}:${d.brokers[0]?.port}`, broker.bootstrap);
    assert.ok(d.clusterId);
  });

  it('stops retrying when aborted', async () => {
    const ac = new AbortController();
    const p = admin.describeTopics([topicName('never')], { signal: ac.signal, timeoutMs: 30_000 });
    ac.abort();
    await assert.rejects(within(5000, p), (e: unknown) => e instanceof AbortedError || e instanceof KafkaError);
  });
});
