/**
 * A global table and a join against an in-process Samsa broker through KafkaStreams: orders are
 * enriched from a GlobalKTable of products spread over 3 partitions (the orders topic has 2, so
 * no co-partitioning is needed). Products written before start are all loaded from every partition
 * before the first order is processed; a product changed while the application runs reaches the
 * global store and the next order; an unknown product yields null (left join). A stream-table
 * join over topics with different partition counts is refused at start, as Kafka refuses it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, Consumer, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { KafkaStreams, type KeyValueStore, Serdes, StreamsBuilder } from '../src/index.js';

const str = Serdes.String();

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('KafkaStreams with a global table', () => {
  let broker: TestBroker;
  let admin: Admin;
  let producer: Producer;
  before(async () => {
    broker = await startTestBroker({ config: { 'group.initial.rebalance.delay.ms': 0, 'num.partitions': 1 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 1 });
  });
  after(async () => {
    await producer.close();
    await admin.close();
    await broker.stop();
  });

  const send = (topic: string, key: string, value: string, partition?: number) =>
    producer.send({ topic, partition, key: Buffer.from(key), value: Buffer.from(value) });

  it('enriches orders from all partitions of the products topic, and follows updates', async () => {
    await admin.createTopics([
      { name: 'products', numPartitions: 3 },
      { name: 'orders', numPartitions: 2 },
      { name: 'enriched', numPartitions: 1 },
    ]);
    for (let i = 0; i < 9; i++) await send('products', `p${i}`, `product-${i}`, i % 3);

    const b = new StreamsBuilder();
    const products = b.globalTable<string, string>('products', {
      keySerde: str,
      valueSerde: str,
      materialized: { storeName: 'products-store' },
    });
    b.stream<string, string>('orders', { keySerde: str, valueSerde: str })
      .leftJoin(
        products,
        (_orderId, productId) => productId,
        (productId, name) => `${productId}=${name}`,
      )
      .to('enriched', { keySerde: str, valueSerde: str });
    const streams = new KafkaStreams(b.build(), {
      applicationId: 'global-join-app',
      bootstrapServers: broker.bootstrap,
      commitIntervalMs: 100,
    });
    const out = new Consumer({ bootstrapServers: broker.bootstrap, logger: silentLogger, autoOffsetReset: 'earliest' });
    const seen = new Map<string, string>();
    try {
      await streams.start();
      // Loaded before start() resolved, from all three partitions.
      const store = streams.store<KeyValueStore<string, string>>('products-store', 0);
      assert.ok(store);
      assert.equal(store.approximateNumEntries(), 9);

      out.assign([{ topic: 'enriched', partition: 0 }]);
      let reading = true;
      const reader = (async () => {
        while (reading)
          for (const r of await out.poll({ timeoutMs: 100 }))
            seen.set(r.key?.toString() ?? '', r.value?.toString() ?? 'null');
      })();
      for (let i = 0; i < 9; i++) await send('orders', `o${i}`, `p${i}`);
      await send('orders', 'o-missing', 'p404');
      await until('10 enriched orders', () => seen.size === 10);
      for (let i = 0; i < 9; i++) assert.equal(seen.get(`o${i}`), `p${i}=product-${i}`);
      assert.equal(seen.get('o-missing'), 'p404=null');

      await send('products', 'p4', 'renamed', 1);
      await until('the update in the global store', () => store.get('p4') === 'renamed');
      await send('orders', 'o-after', 'p4');
      await until('the order after the update', () => seen.has('o-after'));
      assert.equal(seen.get('o-after'), 'p4=renamed');
      reading = false;
      await reader;
    } finally {
      await streams.close();
      await out.close();
    }
    assert.equal(streams.state(), 'NOT_RUNNING');
  });

  it('refuses to start a stream-table join of topics with different partition counts', async () => {
    await admin.createTopics([
      { name: 'clicks', numPartitions: 2 },
      { name: 'users', numPartitions: 3 },
    ]);
    const b = new StreamsBuilder();
    b.stream<string, string>('clicks', { keySerde: str, valueSerde: str })
      .join(b.table<string, string>('users', { keySerde: str, valueSerde: str }), (c, u) => `${c}:${u}`)
      .to('out', { keySerde: str, valueSerde: str });
    const streams = new KafkaStreams(b.build(), { applicationId: 'copart-app', bootstrapServers: broker.bootstrap });
    await assert.rejects(streams.start(), /Topics not co-partitioned: \[clicks,users\]/);
    assert.equal(streams.state(), 'ERROR');
  });
});
