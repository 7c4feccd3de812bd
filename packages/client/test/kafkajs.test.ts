/**
 * Cross-client with KafkaJS 2.2.4 (its default partitioner is the Java client's murmur2): records
 * written by this client are read by a KafkaJS consumer group with the same key, partition and
 * headers, and records KafkaJS writes come back through this client's consumer from the partitions
 * this client's partitioner would have chosen. KafkaJS's (read-committed) consumer also reads this
 * client's committed transactions and skips its aborted one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { Kafka, logLevel } from 'kafkajs';
import { Admin } from '../src/admin/admin.js';
import { Consumer } from '../src/consumer/consumer.js';
import { partitionForKey } from '../src/producer/murmur2.js';
import { Producer } from '../src/producer/producer.js';
import { topicName, within } from './support/helpers.js';

describe('KafkaJS interoperability', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0 } });
    kafka = new Kafka({ clientId: 'kafkajs-interop', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  });
  after(async () => {
    await admin.close();
    await broker.stop();
  });

  it('KafkaJS reads what this client wrote, with the same key, partition and headers', async () => {
    const topic = topicName('to-kafkajs');
    await admin.createTopics([{ name: topic, numPartitions: 4 }]);
    const producer = new Producer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      compressionType: 'gzip',
    });
    const sent = new Map<string, number>();
    try {
      for (const r of await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          producer.send({ topic, key: `key-${i}`, value: `v${i}`, headers: { n: String(i) } }),
        ),
      )) {
        sent.set(`${r.partition}/${r.offset}`, r.partition);
      }
    } finally {
      await producer.close();
    }
    const consumer = kafka.consumer({ groupId: topicName('kjs'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const got: Array<{ key: string; value: string; partition: number; header: string }> = [];
      await within(
        20_000,
        new Promise<void>((resolve) => {
          void consumer.run({
            eachMessage: async ({ partition, message }) => {
              got.push({
                key: message.key?.toString() ?? '',
                value: message.value?.toString() ?? '',
                partition,
                header: message.headers?.n?.toString() ?? '',
              });
              if (got.length === 40) resolve();
            },
          });
        }),
        'KafkaJS consuming',
      );
      for (const m of got) {
        const i = Number(m.value.slice(1));
        assert.equal(m.key, `key-${i}`);
        assert.equal(m.header, String(i));
        assert.equal(m.partition, partitionForKey(Buffer.from(m.key), 4));
      }
    } finally {
      await consumer.disconnect();
    }
  });

  it('this client reads what KafkaJS wrote, from the partitions its murmur2 partitioner picks too', async () => {
    const topic = topicName('from-kafkajs');
    await admin.createTopics([{ name: topic, numPartitions: 5 }]);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: Array.from({ length: 50 }, (_, i) => ({
          key: `k${i * 31}`,
          value: `v${i}`,
          headers: { origin: 'kafkajs' },
        })),
      });
    } finally {
      await producer.disconnect();
    }
    const consumer = new Consumer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      autoOffsetReset: 'earliest',
      fetchMaxWaitMs: 100,
    });
    try {
      consumer.assign([0, 1, 2, 3, 4].map((partition) => ({ topic, partition })));
      let n = 0;
      await within(
        10_000,
        (async () => {
          for await (const r of consumer) {
            const key = r.key?.toString() as string;
            assert.equal(r.partition, partitionForKey(Buffer.from(key), 5), `key ${key}`);
            assert.deepEqual(
              r.headers.map((h) => [h.key, h.value?.toString()]),
              [['origin', 'kafkajs']],
            );
            if (++n === 50) break;
          }
        })(),
      );
      assert.equal(n, 50);
    } finally {
      await consumer.close();
    }
  });

  it("KafkaJS's read-committed consumer gets this client's committed transactions and not its aborted one", async () => {
    const topic = topicName('txn-to-kafkajs');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const producer = new Producer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      transactionalId: topicName('tx'),
    });
    try {
      await within(15_000, producer.initTransactions());
      await producer.runInTransaction(async (txn) =>
        txn.sendBatch([
          { topic, value: 'c1' },
          { topic, value: 'c2' },
        ]),
      );
      producer.beginTransaction();
      await within(10_000, producer.send({ topic, value: 'aborted' }));
      await within(10_000, producer.abortTransaction());
      await producer.runInTransaction(async (txn) => txn.send({ topic, value: 'c3' }));
    } finally {
      await producer.close();
    }
    // KafkaJS reads committed only by default (readUncommitted: false).
    const consumer = kafka.consumer({ groupId: topicName('kjs-txn'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const got: string[] = [];
      await within(
        20_000,
        new Promise<void>((resolve) => {
          void consumer.run({
            eachMessage: async ({ message }) => {
              got.push(message.value?.toString() ?? '');
              if (got.includes('c3')) resolve();
            },
          });
        }),
        'KafkaJS consuming',
      );
      assert.deepEqual(got, ['c1', 'c2', 'c3']);
    } finally {
      await consumer.disconnect();
    }
  });
});
