/**
 * Transactions with KafkaJS 2.2.4: a transactional producer commits and aborts, a read-committed
 * consumer (KafkaJS's default) sees only committed records, sendOffsets commits the group's
 * offsets with the transaction, and an idempotent producer's records arrive once each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { type Broker, startBroker } from '../src/index.js';
import { waitFor } from './support/wait.js';

const CONFIG = { 'transaction.state.log.num.partitions': 3, 'group.initial.rebalance.delay.ms': 0 };

describe('KafkaJS transactions', () => {
  let dir: string;
  let broker: Broker;
  let kafka: Kafka;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-txn-js-'));
    broker = await startBroker({ logDirs: dir, config: CONFIG });
    kafka = new Kafka({ clientId: 'samsa-txn', brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'kjs', numPartitions: 2 },
        { topic: 'kjs-idem', numPartitions: 1 },
      ],
    });
    await admin.disconnect();
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits and aborts; a read-committed consumer sees only committed records; sendOffsets commits with the transaction', async () => {
    const producer = kafka.producer({ transactionalId: 'kjs-tx', maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    const t1 = await producer.transaction();
    await t1.send({ topic: 'kjs', messages: [{ value: 'c1' }, { value: 'c2' }] });
    await t1.commit();
    const t2 = await producer.transaction();
    await t2.send({ topic: 'kjs', messages: [{ value: 'aborted' }] });
    await t2.abort();
    const t3 = await producer.transaction();
    await t3.send({ topic: 'kjs', messages: [{ value: 'c3' }] });
    await t3.sendOffsets({
      consumerGroupId: 'kjs-offsets',
      topics: [{ topic: 'kjs', partitions: [{ partition: 0, offset: '42' }] }],
    });
    await t3.commit();
    const t4 = await producer.transaction();
    await t4.sendOffsets({
      consumerGroupId: 'kjs-offsets',
      topics: [{ topic: 'kjs', partitions: [{ partition: 1, offset: '7' }] }],
    });
    await t4.abort();
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'kjs-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'kjs', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
    await waitFor('three committed records', () => seen.length >= 3);
    await new Promise((r) => setTimeout(r, 500));
    await consumer.disconnect();
    assert.deepEqual(seen.sort(), ['c1', 'c2', 'c3']);

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: 'kjs-offsets', topics: ['kjs'] });
    await admin.disconnect();
    const byPartition = Object.fromEntries((offsets[0]?.partitions ?? []).map((p) => [p.partition, p.offset]));
    assert.deepEqual(byPartition, { 0: '42', 1: '-1' }, "the committed transaction's offset only");
  });

  it('an idempotent producer writes each record once', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 20; i++) await producer.send({ topic: 'kjs-idem', messages: [{ value: `${i}` }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('kjs-idem');
    await admin.disconnect();
    assert.equal(offsets[0]?.high, '20');
  });
});
