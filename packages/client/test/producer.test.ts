/**
 * The producer against an in-process broker (auto-created topics get 4 partitions): murmur2 test
 * vectors from the Java client, keyed partitioning identical to librdkafka's murmur2 partitioner,
 * records readable by kcat with the same key, partition and headers, every codec, batching,
 * bufferMemory backpressure, retries across a broker restart, delivery timeout, acks=0, and the
 * idempotence by default (InitProducerId, producer ids in the written batches).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { type LogMethods, silentLogger } from '@samsa/common';
import { expectSuccess, run } from '@samsa/test-kit';
import { Admin } from '../src/admin/admin.js';
import { ClientError } from '../src/errors.js';
import { murmur2, partitionForKey, toPositive } from '../src/producer/murmur2.js';
import { Producer } from '../src/producer/producer.js';
import { jsonSerializer, stringSerializer } from '../src/producer/serializers.js';
import { topicName, within } from './support/helpers.js';

function kcat(args: string[], input?: string) {
  return run('kcat', args, { input, timeoutMs: 30_000 });
}

async function kcatRead(bootstrap: string, topic: string, format = '%k|%s|%p|%h\\n'): Promise<string[]> {
  const out = expectSuccess(
    await kcat(['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', format]),
    'kcat consume',
  ).stdout;
  return out.split('\n').filter((l) => l.length > 0);
}

describe('murmur2', () => {
  it('matches the Java client (UtilsTest.testMurmur2)', () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) assert.equal(murmur2(Buffer.from(key)), hash, key);
    assert.equal(toPositive(-2147483648), 0);
    assert.equal(toPositive(-1), 2147483647);
  });
});

describe('producer', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker({ config: { 'num.partitions': 4 } });
  });
  after(async () => {
    await broker.stop();
  });

  it('sends keyed records with headers that kcat reads back with the same key, partition and headers', async () => {
    const topic = topicName('keyed');
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    try {
      const sent = await within(
        15_000,
        Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            producer.send({ topic, key: `key-${i % 10}`, value: `value-${i}`, headers: { h1: `hv${i}` } }),
          ),
        ),
      );
      for (const [i, r] of sent.entries()) {
        assert.equal(r.topic, topic);
        assert.equal(r.partition, partitionForKey(Buffer.from(`key-${i % 10}`), 4), `record ${i} partition`);
        assert.ok(r.offset >= 0n);
      }
      const lines = await kcatRead(broker.bootstrap, topic);
      assert.equal(lines.length, 40);
      const seen = new Set<string>();
      for (const line of lines) {
        const [k, v, p, h] = line.split('|') as [string, string, string, string];
        const i = Number(v.slice('value-'.length));
        assert.equal(k, `key-${i % 10}`);
        assert.equal(Number(p), sent[i]?.partition);
        assert.equal(h, `h1=hv${i}`);
        seen.add(v);
      }
      assert.equal(seen.size, 40);
    } finally {
      await producer.close();
    }
  });

  it('picks the same partitions as librdkafka with partitioner=murmur2_random', async () => {
    const topic = topicName('rdkafka-murmur');
    const keys = Array.from({ length: 64 }, (_, i) => `user-${i * 7919}`);
    expectSuccess(
      await kcat(
        ['-P', '-b', broker.bootstrap, '-t', topic, '-K', ':', '-X', 'partitioner=murmur2_random'],
        `${keys.map((k) => `${k}:v`).join('\n')}\n`,
      ),
      'kcat produce',
    );
    const lines = await kcatRead(broker.bootstrap, topic, '%k %p\\n');
    assert.equal(lines.length, keys.length);
    const partitionsUsed = new Set<number>();
    for (const line of lines) {
      const [k, p] = line.split(' ') as [string, string];
      assert.equal(partitionForKey(Buffer.from(k), 4), Number(p), `key ${k}`);
      partitionsUsed.add(Number(p));
    }
    assert.equal(partitionsUsed.size, 4);
    // And our producer puts the same keys in the same partitions.
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 0 });
    try {
      const ours = await within(10_000, Promise.all(keys.map((key) => producer.send({ topic, key, value: 'ours' }))));
      const theirs = new Map(lines.map((l) => l.split(' ') as [string, string]));
      for (const [i, r] of ours.entries()) assert.equal(r.partition, Number(theirs.get(keys[i] as string)));
    } finally {
      await producer.close();
    }
  });

  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`compresses with ${codec} so that kcat can read it`, async () => {
      const topic = topicName(`codec-${codec}`);
      const producer = new Producer({
        bootstrapServers: broker.bootstrap,
        compressionType: codec,
        lingerMs: 20,
        logger: silentLogger,
      });
      try {
        const value = 'x'.repeat(300);
        await within(
          10_000,
          Promise.all(
            Array.from({ length: 100 }, (_, i) => producer.send({ topic, key: 'same', value: `${i}:${value}` })),
          ),
        );
        const lines = await kcatRead(broker.bootstrap, topic, '%s\\n');
        assert.deepEqual(
          lines.map((l) => Number(l.split(':')[0])),
          Array.from({ length: 100 }, (_, i) => i),
        );
      } finally {
        await producer.close();
      }
    });
  }

  it('batches records of one partition (consecutive offsets) and spreads keyless records sticky', async () => {
    const topic = topicName('sticky');
    const producer = new Producer({
      bootstrapServers: broker.bootstrap,
      lingerMs: 30,
      batchSize: 4096,
      logger: silentLogger,
    });
    try {
      const results = await within(
        10_000,
        Promise.all(Array.from({ length: 200 }, (_, i) => producer.send({ topic, value: `v${i}-${'y'.repeat(100)}` }))),
      );
      // Sticky: consecutive records share a partition until ~batchSize bytes went there.
      let switches = 0;
      for (let i = 1; i < results.length; i++) if (results[i]?.partition !== results[i - 1]?.partition) switches++;
      assert.ok(switches >= 3 && switches < 20, `partition switches: ${switches}`);
      for (let i = 1; i < results.length; i++) {
        const a = results[i - 1];
        const b = results[i];
        if (a && b && a.partition === b.partition) assert.equal(b.offset, a.offset + 1n);
      }
    } finally {
      await producer.close();
    }
  });

  it('serializes with string and JSON serializers and honours explicit partition and timestamp', async () => {
    const topic = topicName('serde');
    const producer = new Producer<string | null, unknown>({
      bootstrapServers: broker.bootstrap,
      keySerializer: stringSerializer,
      valueSerializer: jsonSerializer,
      logger: silentLogger,
    });
    try {
      const r = await within(
        10_000,
        producer.send({ topic, key: 'k', value: { a: 1, b: [2] }, partition: 3, timestamp: 1_700_000_000_000 }),
      );
      assert.equal(r.partition, 3);
      assert.equal(r.timestamp, 1_700_000_000_000);
      const lines = await kcatRead(broker.bootstrap, topic, '%k|%s|%p|%T\\n');
      assert.deepEqual(lines, ['k|{"a":1,"b":[2]}|3|1700000000000']);
      await assert.rejects(
        producer.send({ topic, key: 'k', value: 1, partition: -1 }),
        (e: unknown) => e instanceof ClientError && e.code === 'INVALID_RECORD',
      );
    } finally {
      await producer.close();
    }
  });

  it('waits for metadata that has an explicit partition beyond the known count (topic grew), up to maxBlockMs', async () => {
    const topic = topicName('grow');
    const admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, maxBlockMs: 5000 });
    try {
      await admin.createTopics([{ name: topic, numPartitions: 2 }]);
      await producer.send({ topic, value: 'first', partition: 1 });
      const pending = producer.send({ topic, value: 'later', partition: 5 });
      await new Promise((r) => setTimeout(r, 200));
      await admin.createPartitions({ [topic]: 6 });
      const r = await within(10_000, pending);
      assert.equal(r.partition, 5);
      const short = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, maxBlockMs: 300 });
      try {
        await assert.rejects(
          short.send({ topic, value: 'x', partition: 9 }),
          (e: unknown) => e instanceof ClientError && e.code === 'METADATA_TIMEOUT',
        );
      } finally {
        await short.close();
      }
    } finally {
      await producer.close();
      await admin.close();
    }
  });

  it('is idempotent by default: batches carry a producer id from InitProducerId', async () => {
    // A user's logger with the level methods only (no child): every warning of every subsystem reaches it.
    const warnings: unknown[][] = [];
    const logger: LogMethods = { debug() {}, info() {}, warn: (...args: unknown[]) => warnings.push(args), error() {} };
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger });
    try {
      const topic = topicName('idem');
      const r = await within(10_000, producer.send({ topic, value: 'v' }));
      assert.equal(r.offset, 0n);
      assert.deepEqual(warnings, []);
      const records = broker.readLog(topic, r.partition);
      assert.ok(records.length > 61, 'the batch is in the log');
      assert.ok(records.readBigInt64BE(43) >= 0n, 'producer id of the written batch');
      assert.equal(records.readInt32BE(53), 0, 'first sequence number');
    } finally {
      await producer.close();
    }
  });

  it('acks=0 resolves without offsets; flush waits for everything', async () => {
    const topic = topicName('acks0');
    const producer = new Producer({ bootstrapServers: broker.bootstrap, acks: 0, logger: silentLogger });
    try {
      const promises = Array.from({ length: 10 }, (_, i) => producer.send({ topic, value: `${i}` }));
      await within(10_000, producer.flush());
      for (const r of await Promise.all(promises)) assert.equal(r.offset, -1n);
      const lines = await kcatRead(broker.bootstrap, topic, '%s\\n');
      assert.equal(lines.length, 10);
    } finally {
      await producer.close();
    }
  });

  it('applies backpressure when bufferMemory is full and fails after maxBlockMs', async () => {
    const b = await startTestBroker();
    let stopped = false;
    const topic = topicName('memory');
    const small = { bufferMemory: 4096, batchSize: 1024, deliveryTimeoutMs: 60_000, requestTimeoutMs: 500 };
    // A maxBlockMs no broker round trip comes near, so a busy machine cannot fail this half.
    const patient = new Producer({ bootstrapServers: b.bootstrap, ...small, maxBlockMs: 60_000, logger: silentLogger });
    const hasty = new Producer({ bootstrapServers: b.bootstrap, ...small, maxBlockMs: 300, logger: silentLogger });
    try {
      // With a live broker, 100 KiB through a 4 KiB buffer all arrives.
      const value = Buffer.alloc(500, 1);
      const all = await within(30_000, Promise.all(Array.from({ length: 200 }, () => patient.send({ topic, value }))));
      assert.equal(all.length, 200);
      await within(15_000, hasty.send({ topic, value }));
      // Broker gone: the buffer fills, and a send that cannot get memory within maxBlockMs fails.
      await b.stop();
      stopped = true;
      const stuck = Array.from({ length: 10 }, () => hasty.send({ topic, value }).catch((e) => e));
      const last = await within(
        5000,
        hasty.send({ topic, value }).catch((e) => e),
      );
      assert.ok(last instanceof ClientError && last.code === 'BUFFER_EXHAUSTED', String(last));
      void stuck;
    } finally {
      await patient.close({ timeoutMs: 0 });
      await hasty.close({ timeoutMs: 0 });
      if (!stopped) await b.stop();
    }
  });

  it('retries across a broker restart and delivers everything in order', async () => {
    const b = await startTestBroker();
    const port = Number(b.bootstrap.split(':')[1]);
    const topic = topicName('restart');
    const producer = new Producer({
      bootstrapServers: b.bootstrap,
      requestTimeoutMs: 2000,
      retryBackoffMs: 50,
      logger: silentLogger,
    });
    let b2: TestBroker | null = null;
    try {
      await within(10_000, producer.send({ topic, key: 'k', value: 'before' }));
      await b.stop();
      const during = Array.from({ length: 20 }, (_, i) => producer.send({ topic, key: 'k', value: `during-${i}` }));
      await new Promise((r) => setTimeout(r, 300));
      b2 = await startTestBroker({ port, config: { 'auto.create.topics.enable': true } });
      const results = await within(20_000, Promise.all(during));
      for (let i = 1; i < results.length; i++)
        assert.ok((results[i] as { offset: bigint }).offset > (results[i - 1] as { offset: bigint }).offset);
    } finally {
      await producer.close({ timeoutMs: 0 });
      await b2?.stop();
    }
  });

  it('fails records with DELIVERY_TIMEOUT when the broker stays away', async () => {
    const b = await startTestBroker();
    const topic = topicName('delivery');
    const producer = new Producer({
      bootstrapServers: b.bootstrap,
      deliveryTimeoutMs: 800,
      requestTimeoutMs: 300,
      reconnectBackoffMaxMs: 100,
      logger: silentLogger,
    });
    try {
      await within(10_000, producer.send({ topic, value: 'first' }));
      await b.stop();
      const err = await within(
        10_000,
        producer.send({ topic, value: 'lost' }).catch((e) => e),
      );
      assert.ok(err instanceof Error && (err as { retriable?: boolean }).retriable !== undefined, String(err));
      assert.ok(err instanceof ClientError && (err.code === 'DELIVERY_TIMEOUT' || err.retriable), String(err));
    } finally {
      await producer.close({ timeoutMs: 0 });
    }
  });

  it('rejects sends after close', async () => {
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    await producer.close();
    await assert.rejects(
      producer.send({ topic: 'x', value: 'y' }),
      (e: unknown) => e instanceof ClientError && e.code === 'CLIENT_CLOSED',
    );
  });
});
