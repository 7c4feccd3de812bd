/**
 * @samsa/client, two ways: like the other clients, sendBatch() with 1,000 records per call and the
 * batch iterator (`samsa`); and one send() per record with the record iterator (`samsa-send`).
 */
import { silentLogger } from '@samsa/common';
import { Consumer } from '../../src/consumer/consumer.js';
import { Producer } from '../../src/producer/producer.js';
import { type ClientWorkload, seconds, sendInCalls } from './workload.js';

function producer(bootstrap: string): Producer {
  return new Producer({ bootstrapServers: bootstrap, logger: silentLogger, batchSize: 1_048_576 });
}

/**
 * maxPartitionFetchBytes 4 MiB instead of Java's 1 MiB default, as batchSize above is raised for
 * throughput (@platformatic/kafka asks for 10 MB per partition by default): on this one-partition
 * topic each Fetch round trip costs about half a millisecond of kernel time on the loopback socket
 * alone, a quarter of the work per MiB at 1 KiB records.
 */
function openConsumer(bootstrap: string): Consumer {
  return new Consumer({
    bootstrapServers: bootstrap,
    logger: silentLogger,
    autoOffsetReset: 'earliest',
    maxPartitionFetchBytes: 4 * 1_048_576,
  });
}

/** The record iterator: one record per step, as `for await (const r of consumer)` is written. */
async function consumeRecords(bootstrap: string, topic: string, count: number): Promise<number> {
  const consumer = openConsumer(bootstrap);
  try {
    consumer.assign([{ topic, partition: 0 }]);
    let start = 0;
    let seen = 0;
    for await (const _ of consumer) {
      if (seen++ === 0) start = performance.now();
      if (seen === count) break;
    }
    return seconds(start);
  } finally {
    await consumer.close();
  }
}

/** The batch iterator, the counterpart of KafkaJS's eachBatch. */
async function consumeBatches(bootstrap: string, topic: string, count: number): Promise<number> {
  const consumer = openConsumer(bootstrap);
  try {
    consumer.assign([{ topic, partition: 0 }]);
    let start = 0;
    let seen = 0;
    for await (const batch of consumer.batches()) {
      if (seen === 0) start = performance.now();
      seen += batch.records.length;
      if (seen >= count) break;
    }
    return seconds(start);
  } finally {
    await consumer.close();
  }
}

export const samsaClient: ClientWorkload = {
  description:
    'sendBatch() of 1,000 records, 10 in flight, batchSize 1 MB, idempotent (default); consumer.batches(), maxPartitionFetchBytes 4 MiB',
  async produce(bootstrap, topic, count, value) {
    const p = producer(bootstrap);
    try {
      await p.partitionsFor(topic);
      const start = performance.now();
      await sendInCalls(count, (n) => p.sendBatch(Array.from({ length: n }, () => ({ topic, value }))));
      return seconds(start);
    } finally {
      await p.close();
    }
  },
  consume: consumeBatches,
};

export const samsaPerRecordClient: ClientWorkload = {
  description:
    'one send() per record, all outstanding, batchSize 1 MB; for await over the consumer (records), maxPartitionFetchBytes 4 MiB',
  async produce(bootstrap, topic, count, value) {
    const p = producer(bootstrap);
    try {
      await p.partitionsFor(topic);
      const start = performance.now();
      const acks: Promise<unknown>[] = new Array(count);
      for (let i = 0; i < count; i++) acks[i] = p.send({ topic, value });
      await Promise.all(acks);
      return seconds(start);
    } finally {
      await p.close();
    }
  },
  consume: consumeRecords,
};
