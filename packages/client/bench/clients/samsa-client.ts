/** @samsa/client: one send() per record (its batching is the accumulator's), a record iterator to consume. */
import { Consumer } from '../../src/consumer/consumer.js';
import { silentLogger } from '../../src/logger.js';
import { Producer } from '../../src/producer/producer.js';
import { type ClientWorkload, seconds } from './workload.js';

export const samsaClient: ClientWorkload = {
  description: 'one send() per record, batchSize 1 MB, lingerMs 5, idempotent (default); for await over the consumer',
  async produce(bootstrap, topic, count, value) {
    const producer = new Producer({
      bootstrapServers: bootstrap,
      logger: silentLogger,
      batchSize: 1_048_576,
      bufferMemory: 256 * 1_048_576,
    });
    try {
      await producer.partitionsFor(topic);
      const start = performance.now();
      const acks: Promise<unknown>[] = new Array(count);
      for (let i = 0; i < count; i++) acks[i] = producer.send({ topic, value });
      await Promise.all(acks);
      return seconds(start);
    } finally {
      await producer.close();
    }
  },
  async consume(bootstrap, topic, count) {
    const consumer = new Consumer({ bootstrapServers: bootstrap, logger: silentLogger, autoOffsetReset: 'earliest' });
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
  },
};
