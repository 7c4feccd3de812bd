/**
 * @confluentinc/kafka-javascript (librdkafka underneath) through its KafkaJS-compatible API, driven
 * like KafkaJS. Loaded by a computed specifier: it is not a dependency, because its install
 * downloads a prebuilt binary from GitHub or else builds librdkafka, whose configure downloads
 * zlib, OpenSSL, zstd and curl sources (see the client section of the README). When it is not
 * installed the benchmark says so and leaves its column empty.
 */
import { type ClientWorkload, seconds, sendInCalls } from './workload.js';

const PACKAGE = '@confluentinc/kafka-javascript';

interface KafkaJsCompat {
  producer(config: object): {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    send(r: { topic: string; messages: Array<{ value: Buffer }> }): Promise<unknown>;
  };
  consumer(config: object): {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    subscribe(s: { topics: string[] }): Promise<void>;
    run(r: { eachBatch: (p: { batch: { messages: unknown[] } }) => Promise<void> }): Promise<void>;
  };
}

export async function loadConfluent(): Promise<ClientWorkload | string> {
  let mod: { KafkaJS: { Kafka: new (config: object) => KafkaJsCompat } };
  try {
    mod = (await import(PACKAGE)) as typeof mod;
  } catch (err) {
    return `${PACKAGE} is not installed (${(err as Error).message.split('\n')[0]})`;
  }
  const { Kafka } = mod.KafkaJS;
  const kafka = (bootstrap: string) => new Kafka({ kafkaJS: { brokers: [bootstrap], logLevel: 0 } });
  return {
    description: '1,000 records per send(), 10 sends in flight, acks -1, linger.ms 5; eachBatch',
    async produce(bootstrap, topic, count, value) {
      const producer = kafka(bootstrap).producer({ kafkaJS: { acks: -1 }, 'linger.ms': 5 });
      await producer.connect();
      try {
        const start = performance.now();
        await sendInCalls(count, (n) =>
          producer.send({ topic, messages: Array.from({ length: n }, () => ({ value })) }),
        );
        return seconds(start);
      } finally {
        await producer.disconnect();
      }
    },
    async consume(bootstrap, topic, count) {
      const consumer = kafka(bootstrap).consumer({
        kafkaJS: { groupId: `bench-${topic}-${process.pid}`, fromBeginning: true, autoCommit: false },
      });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic] });
        let start = 0;
        let seen = 0;
        await new Promise<void>((resolve) => {
          void consumer.run({
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
}
