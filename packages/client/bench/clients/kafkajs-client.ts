/** KafkaJS 2.2.4: it batches only what one send() carries, so 1,000 records per call, as its users do. */
import { Kafka, logLevel } from 'kafkajs';
import { type ClientWorkload, seconds, sendInCalls } from './workload.js';

export const kafkajsClient: ClientWorkload = {
  description: '1,000 records per send(), 10 sends in flight, acks -1; eachBatch, maxBytesPerPartition 4 MiB',
  async produce(bootstrap, topic, count, value) {
    const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const start = performance.now();
      await sendInCalls(count, (n) =>
        producer.send({ topic, acks: -1, messages: Array.from({ length: n }, () => ({ value })) }),
      );
      return seconds(start);
    } finally {
      await producer.disconnect();
    }
  },
  async consume(bootstrap, topic, count) {
    const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    // The per-partition fetch size @samsa/client's consumer gets in this benchmark, so that the two
    // compared by the goal make the same number of round trips.
    const consumer = kafka.consumer({ groupId: `bench-${topic}-${process.pid}`, maxBytesPerPartition: 4 * 1_048_576 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      let start = 0;
      let seen = 0;
      await new Promise<void>((resolve) => {
        void consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (seen === 0) start = performance.now();
            seen += batch.messages.length;
            if (seen >= count) resolve();
          },
        });
      });
      return seconds(start);
    } finally {
      await consumer.disconnect();
    }
  },
};
