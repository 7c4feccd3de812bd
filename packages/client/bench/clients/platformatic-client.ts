/** @platformatic/kafka: 1,000 records per send() like KafkaJS; its consumer stream from the earliest offset. */
import { Consumer, MessagesStreamModes, Producer } from '@platformatic/kafka';
import { type ClientWorkload, seconds, sendInCalls } from './workload.js';

export const platformaticClient: ClientWorkload = {
  description: '1,000 records per send(), 10 sends in flight, acks -1; consume() stream, data events',
  async produce(bootstrap, topic, count, value) {
    const producer = new Producer({ clientId: 'bench-producer', bootstrapBrokers: [bootstrap], acks: -1 });
    try {
      const start = performance.now();
      await sendInCalls(count, (n) => producer.send({ messages: Array.from({ length: n }, () => ({ topic, value })) }));
      return seconds(start);
    } finally {
      await producer.close();
    }
  },
  async consume(bootstrap, topic, count) {
    const consumer = new Consumer({
      groupId: `bench-${topic}-${process.pid}`,
      clientId: 'bench-consumer',
      bootstrapBrokers: [bootstrap],
    });
    try {
      const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
      let start = 0;
      let seen = 0;
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.on('data', () => {
          if (seen++ === 0) start = performance.now();
          if (seen === count) resolve();
        });
      });
      const elapsed = seconds(start);
      await stream.close();
      return elapsed;
    } finally {
      await consumer.close(true);
    }
  },
};
