/**
 * producer.metrics() and consumer.metrics() against an in-process broker: the counts match what
 * was sent and read (records, requests, batches, bytes), the buffer figures follow bufferMemory,
 * and every metric carries Kafka's group and the client id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { Consumer } from '../src/consumer/consumer.js';
import type { Metric } from '../src/metrics.js';
import { Producer } from '../src/producer/producer.js';
import { topicName, within } from './support/helpers.js';

function value(metrics: Metric[], name: string): number {
  const m = metrics.find((x) => x.name === name);
  assert.ok(m, `metric ${name} is missing`);
  return m.value;
}

describe('client metrics', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker({ config: { 'num.partitions': 1 } });
  });
  after(async () => {
    await broker.stop();
  });

  it('the producer counts records, requests and batch bytes; the consumer counts what it handed out', async () => {
    const topic = topicName('metrics');
    const producer = new Producer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      clientId: 'm-producer',
      bufferMemory: 1_000_000,
      batchSize: 10_000,
    });
    try {
      const before = producer.metrics();
      assert.equal(value(before, 'record-send-total'), 0);
      assert.equal(value(before, 'buffer-total-bytes'), 1_000_000);
      assert.equal(value(before, 'buffer-available-bytes'), 1_000_000);
      const records = Array.from({ length: 500 }, (_, i) => ({ topic, value: Buffer.alloc(100, i) }));
      await within(20_000, producer.sendBatch(records), 'send');
      const m = producer.metrics();
      assert.ok(m.every((x) => x.group === 'producer-metrics' && x.tags['client-id'] === 'm-producer'));
      assert.equal(value(m, 'record-send-total'), 500);
      assert.equal(value(m, 'record-error-total'), 0);
      // 500 records of ~121 bytes in batches of at most 10,000 bytes: at least 7 batches, and as
      // only one batch of a partition travels per request, as many requests.
      const requests = value(m, 'request-total');
      assert.ok(requests >= 7, `request-total ${requests}`);
      assert.equal(value(m, 'records-per-request-avg'), 500 / requests);
      const batchAvg = value(m, 'batch-size-avg');
      assert.ok(batchAvg > 100 && batchAvg <= 10_000 + 61, `batch-size-avg ${batchAvg}`);
      assert.ok(value(m, 'batch-size-max') >= batchAvg);
      assert.ok(value(m, 'request-latency-avg') > 0);
      assert.ok(value(m, 'request-latency-max') >= value(m, 'request-latency-avg'));
      assert.ok(value(m, 'record-send-rate') > 0);
      // Everything is acknowledged: the whole buffer is free again.
      assert.equal(value(m, 'buffer-available-bytes'), 1_000_000);
    } finally {
      await producer.close();
    }

    const consumer = new Consumer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      clientId: 'm-consumer',
      autoOffsetReset: 'earliest',
    });
    try {
      consumer.assign([{ topic, partition: 0 }]);
      let seen = 0;
      while (seen < 500) {
        const b = await within(20_000, consumer.pollBatch({ maxRecords: 120 }), 'poll');
        seen += b?.records.length ?? 0;
      }
      const m = consumer.metrics();
      assert.ok(m.every((x) => x.group === 'consumer-fetch-manager-metrics' && x.tags['client-id'] === 'm-consumer'));
      assert.equal(value(m, 'records-consumed-total'), 500);
      const fetches = value(m, 'fetch-total');
      assert.ok(fetches >= 1);
      // The record batches hold 500 values of 100 bytes plus framing: more than 50,000 bytes.
      assert.ok(value(m, 'fetch-size-avg') * fetches > 50_000);
      assert.ok(value(m, 'bytes-consumed-total') > 50_000);
      assert.ok(value(m, 'fetch-latency-max') >= value(m, 'fetch-latency-avg'));
    } finally {
      await consumer.close();
    }
  });
});
