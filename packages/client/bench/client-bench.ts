/**
 * Client benchmark: this client against KafkaJS 2.2.4 on the same in-process Samsa broker, producer
 * and consumer records/s and MB/s for 100 B and 1 KiB records, and this client's end-to-end latency
 * (send → consumer iterator) at a moderate rate. A benchmark, not a test: it asserts only that no
 * record is lost. Run: `npm run build && node packages/client/dist/bench/client-bench.js [records]`.
 *
 * KafkaJS batches only what one send() call carries, so it gets 1,000 records per call, as its
 * users do; this client gets one send() per record, as its users do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Consumer } from '../src/consumer/consumer.js';
import { silentLogger } from '../src/logger.js';
import { Producer } from '../src/producer/producer.js';

interface Broker {
  bootstrapServers: string;
  stop(): Promise<void>;
}

// A computed specifier: the broker's tsconfig references this package (see test/support/broker.ts).
const BROKER_PACKAGE = '@samsa/broker';

interface Result {
  produce: number;
  consume: number;
  /** This client only: consume() counts the record iterator, this the batch iterator. */
  consumeBatches?: number;
}

async function samsa(bootstrap: string, topic: string, n: number, value: Buffer): Promise<Result> {
  const producer = new Producer({ bootstrapServers: bootstrap, logger: silentLogger, batchSize: 1_000_000 });
  await producer.send({ topic, value });
  let t = performance.now();
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    pending.push(producer.send({ topic, value }));
    if (pending.length >= 10_000) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  const produce = n / ((performance.now() - t) / 1000);
  await producer.close();
  const consumer = new Consumer({ bootstrapServers: bootstrap, logger: silentLogger, autoOffsetReset: 'earliest' });
  consumer.assign([{ topic, partition: 0 }]);
  t = performance.now();
  let seen = 0;
  for await (const _ of consumer) if (++seen === n + 1) break;
  const consume = n / ((performance.now() - t) / 1000);
  await consumer.close();
  const batched = new Consumer({ bootstrapServers: bootstrap, logger: silentLogger, autoOffsetReset: 'earliest' });
  batched.assign([{ topic, partition: 0 }]);
  t = performance.now();
  seen = 0;
  for await (const batch of batched.batches()) if ((seen += batch.records.length) >= n + 1) break;
  const consumeBatches = n / ((performance.now() - t) / 1000);
  await batched.close();
  return { produce, consume, consumeBatches };
}

async function kafkajs(bootstrap: string, topic: string, n: number, value: Buffer): Promise<Result> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value }] });
  const t = performance.now();
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < n; i += 1000) {
    pending.push(
      producer.send({ topic, acks: -1, messages: Array.from({ length: Math.min(1000, n - i) }, () => ({ value })) }),
    );
    if (pending.length >= 10) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  const produce = n / ((performance.now() - t) / 1000);
  await producer.disconnect();
  // KafkaJS consumers always join a group; the clock starts once it is assigned.
  const consumer = kafka.consumer({ groupId: `bench-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let start = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    start = performance.now();
  });
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= n + 1) resolve();
      },
    });
  });
  const consume = n / ((performance.now() - (start || t)) / 1000);
  await consumer.disconnect();
  return { produce, consume };
}

async function latency(bootstrap: string, topic: string, perSecond: number, seconds: number): Promise<number[]> {
  const producer = new Producer({ bootstrapServers: bootstrap, logger: silentLogger, lingerMs: 0 });
  const consumer = new Consumer({
    bootstrapServers: bootstrap,
    logger: silentLogger,
    autoOffsetReset: 'latest',
    fetchMaxWaitMs: 100,
  });
  await producer.send({ topic, value: Buffer.alloc(8) });
  consumer.assign([{ topic, partition: 0 }]);
  await consumer.position({ topic, partition: 0 });
  const total = perSecond * seconds;
  const samples: number[] = [];
  const reading = (async () => {
    for await (const r of consumer) {
      samples.push(performance.timeOrigin + performance.now() - Number((r.value as Buffer).readDoubleBE(0)));
      if (samples.length >= total) break;
    }
  })();
  for (let i = 0; i < total; i++) {
    const v = Buffer.alloc(100);
    v.writeDoubleBE(performance.timeOrigin + performance.now(), 0);
    void producer.send({ topic, value: v });
    await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  await reading;
  await producer.close();
  await consumer.close();
  return samples.sort((a, b) => a - b);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200_000);
  const { startBroker } = (await import(BROKER_PACKAGE)) as { startBroker(o: object): Promise<Broker> };
  const dir = mkdtempSync(join(tmpdir(), 'samsa-client-bench-'));
  const broker = await startBroker({
    logDirs: dir,
    config: { 'num.partitions': 1, 'group.initial.rebalance.delay.ms': 0 },
  });
  const rows: string[] = [];
  try {
    for (const size of [100, 1024]) {
      const value = Buffer.alloc(size, 120);
      const count = size === 100 ? n : Math.floor(n / 2);
      const ours = await samsa(broker.bootstrapServers, `samsa-${size}`, count, value);
      const theirs = await kafkajs(broker.bootstrapServers, `kafkajs-${size}`, count, value);
      const mb = (rate: number) => ((rate * size) / 1e6).toFixed(1);
      rows.push(
        `| ${size} B | produce | ${ours.produce.toFixed(0)} (${mb(ours.produce)} MB/s) | ${theirs.produce.toFixed(0)} (${mb(theirs.produce)} MB/s) | ${(ours.produce / theirs.produce).toFixed(1)}x |`,
        `| ${size} B | consume (records / eachBatch) | ${ours.consume.toFixed(0)} (${mb(ours.consume)} MB/s) | ${theirs.consume.toFixed(0)} (${mb(theirs.consume)} MB/s) | ${(ours.consume / theirs.consume).toFixed(1)}x |`,
        `| ${size} B | consume (batches / eachBatch) | ${(ours.consumeBatches ?? 0).toFixed(0)} (${mb(ours.consumeBatches ?? 0)} MB/s) | ${theirs.consume.toFixed(0)} (${mb(theirs.consume)} MB/s) | ${((ours.consumeBatches ?? 0) / theirs.consume).toFixed(1)}x |`,
      );
    }
    const lat = await latency(broker.bootstrapServers, 'latency', 1000, 5);
    process.stdout.write(
      [
        `records: ${n} of 100 B, ${Math.floor(n / 2)} of 1 KiB; one partition; acks=all; Node ${process.version}`,
        '',
        '| record | direction | @samsa/client records/s | KafkaJS 2.2.4 records/s | ratio |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
        '',
        `end-to-end latency at 1,000 records/s (lingerMs 0): p50 ${pct(lat, 50).toFixed(2)} ms, p99 ${pct(lat, 99).toFixed(2)} ms, max ${pct(lat, 100).toFixed(2)} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
