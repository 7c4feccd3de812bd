/**
 * The assign-based consumer against an in-process broker: records produced by our producer and by
 * kcat come back with the same key, partition, headers and order; positions by reset, seek,
 * seekToBeginning/End and offsetsForTimes; pause/resume; batches; backpressure (bounded buffering
 * while the application is slow); out-of-range resets; close ending iterators. read_committed
 * filtering is checked on hand-built record sets (the broker has no transactions yet).
 */
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ControlRecordType, encodeEndTxnMarkerBatch, encodeRecordBatch } from '@samsa/protocol';
import { expectSuccess, run } from '@samsa/test-kit';
import { Admin } from '../src/admin/admin.js';
import { CompletedFetch, nextOffsetAfter } from '../src/consumer/completed-fetch.js';
import { Consumer, type ConsumerRecord } from '../src/consumer/consumer.js';
import { FetchSessionHandler } from '../src/consumer/fetch-session.js';
import { PartitionState } from '../src/consumer/subscription-state.js';
import { AbortedError, ClientError } from '../src/errors.js';
import { Producer } from '../src/producer/producer.js';
import { stringDeserializer } from '../src/producer/serializers.js';
import { topicName, within } from './support/helpers.js';

async function take<K, V>(consumer: Consumer<K, V>, n: number, ms = 10_000): Promise<ConsumerRecord<K, V>[]> {
  const out: ConsumerRecord<K, V>[] = [];
  if (n === 0) return out;
  await within(
    ms,
    (async () => {
      for await (const r of consumer) {
        out.push(r);
        if (out.length >= n) break;
      }
    })(),
    `reading ${n} records`,
  );
  return out;
}

describe('consumer', () => {
  let broker: TestBroker & { dir: string };
  let admin: Admin;
  let producer: Producer;
  before(async () => {
    broker = await startTestBroker({ config: { 'num.partitions': 3 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, lingerMs: 2 });
  });
  after(async () => {
    await producer.close();
    await admin.close();
    await broker.stop();
  });

  const consumerFor = (extra: Partial<ConstructorParameters<typeof Consumer>[0]> = {}) =>
    new Consumer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      autoOffsetReset: 'earliest',
      fetchMaxWaitMs: 100,
      ...extra,
    });

  it('reads back what the producer wrote, in order per partition, with keys and headers', async () => {
    const topic = topicName('roundtrip');
    const sent = await Promise.all(
      Array.from({ length: 900 }, (_, i) =>
        producer.send({ topic, key: `k${i % 17}`, value: `v${i}`, headers: [{ key: 'i', value: String(i) }] }),
      ),
    );
    const consumer = consumerFor();
    try {
      consumer.assign([0, 1, 2].map((partition) => ({ topic, partition })));
      const got = await take(consumer, 900);
      const lastOffset = new Map<number, bigint>();
      for (const r of got) {
        const i = Number(r.headers[0]?.value?.toString());
        assert.equal(r.value?.toString(), `v${i}`);
        assert.equal(r.key?.toString(), `k${i % 17}`);
        assert.equal(r.partition, sent[i]?.partition);
        assert.equal(r.offset, sent[i]?.offset);
        assert.ok(r.offset > (lastOffset.get(r.partition) ?? -1n));
        lastOffset.set(r.partition, r.offset);
      }
      assert.equal(new Set(got.map((r) => r.value?.toString())).size, 900);
    } finally {
      await consumer.close();
    }
  });

  it('latest reset sees only new records; seek, seekToBeginning/End and offsetsForTimes move the position', async () => {
    const topic = topicName('positions');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const tp = { topic, partition: 0 };
    for (let i = 0; i < 10; i++)
      await producer.send({ topic, value: `old${i}`, timestamp: 1_700_000_000_000 + i * 1000 });
    const consumer = new Consumer<string | null, string | null>({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      autoOffsetReset: 'latest',
      fetchMaxWaitMs: 100,
      keyDeserializer: stringDeserializer,
      valueDeserializer: stringDeserializer,
    });
    try {
      consumer.assign([tp]);
      assert.equal(await consumer.position(tp), 10n);
      await producer.send({ topic, value: 'new' });
      const [r] = await take(consumer, 1);
      assert.equal(r?.value, 'new');
      assert.equal(r?.offset, 10n);
      consumer.seek(tp, 3);
      assert.equal((await take(consumer, 1))[0]?.value, 'old3');
      await consumer.seekToBeginning([tp]);
      assert.equal(await consumer.position(tp), 0n);
      assert.equal((await take(consumer, 1))[0]?.value, 'old0');
      await consumer.seekToEnd([tp]);
      assert.equal(await consumer.position(tp), 11n);
      const [t] = await consumer.offsetsForTimes([{ ...tp, timestamp: 1_700_000_006_500 }]);
      assert.equal(t?.offset, 7n);
      assert.equal(t?.timestamp, 1_700_000_007_000);
      const [none] = await consumer.offsetsForTimes([{ ...tp, timestamp: Date.now() + 3_600_000 }]);
      assert.equal(none?.offset, null);
      assert.deepEqual(await consumer.endOffsets([tp]), [{ ...tp, offset: 11n }]);
    } finally {
      await consumer.close();
    }
  });

  it('pause stops a partition, resume brings it back', async () => {
    const topic = topicName('pause');
    await admin.createTopics([{ name: topic, numPartitions: 2 }]);
    for (let i = 0; i < 20; i++) await producer.send({ topic, value: `p${i % 2}-${i}`, partition: i % 2 });
    const consumer = consumerFor();
    try {
      consumer.assign([
        { topic, partition: 0 },
        { topic, partition: 1 },
      ]);
      consumer.pause([{ topic, partition: 1 }]);
      assert.deepEqual(consumer.paused(), [{ topic, partition: 1 }]);
      const first = await take(consumer, 10);
      assert.ok(first.every((r) => r.partition === 0));
      const none = await consumer.poll({ timeoutMs: 300 });
      assert.equal(none.length, 0);
      consumer.resume([{ topic, partition: 1 }]);
      const second = await take(consumer, 10);
      assert.ok(second.every((r) => r.partition === 1));
    } finally {
      await consumer.close();
    }
  });

  it('a seek or pause inside the loop takes effect on the very next record', async () => {
    const topic = topicName('seek-in-loop');
    await admin.createTopics([{ name: topic, numPartitions: 2 }]);
    for (let i = 0; i < 10; i++)
      await producer.send({ topic, partition: i % 2, value: `p${i % 2}-${Math.floor(i / 2)}` });
    const consumer = consumerFor();
    try {
      const tp0 = { topic, partition: 0 };
      consumer.assign([tp0]);
      const seen: string[] = [];
      await within(
        10_000,
        (async () => {
          for await (const r of consumer) {
            seen.push(r.value?.toString() as string);
            if (seen.length === 3) consumer.seek(tp0, 0);
            if (seen.length === 5) break;
          }
        })(),
      );
      assert.deepEqual(seen, ['p0-0', 'p0-1', 'p0-2', 'p0-0', 'p0-1']);
      consumer.assign([tp0, { topic, partition: 1 }]);
      consumer.seek(tp0, 0);
      consumer.seek({ topic, partition: 1 }, 0);
      const after: string[] = [];
      await within(
        10_000,
        (async () => {
          for await (const r of consumer) {
            after.push(r.value?.toString() as string);
            if (r.partition === 0) consumer.pause([tp0]);
            if (after.filter((v) => v.startsWith('p1')).length === 5) break;
          }
        })(),
      );
      assert.equal(after.filter((v) => v.startsWith('p0')).length, 1, `after pausing p0: ${after}`);
      consumer.resume([tp0]);
      const resumed = await take(consumer, 4);
      assert.deepEqual(
        resumed.map((r) => r.value?.toString()),
        ['p0-1', 'p0-2', 'p0-3', 'p0-4'],
      );
    } finally {
      await consumer.close();
    }
  });

  it('iterates batches of one partition with their high watermark', async () => {
    const topic = topicName('batches');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    await Promise.all(Array.from({ length: 50 }, (_, i) => producer.send({ topic, value: `${i}` })));
    const consumer = consumerFor({ maxPollRecords: 20 });
    try {
      consumer.assign([{ topic, partition: 0 }]);
      const sizes: number[] = [];
      let count = 0;
      await within(
        10_000,
        (async () => {
          for await (const batch of consumer.batches()) {
            assert.equal(batch.partition, 0);
            assert.equal(batch.highWatermark, 50n);
            sizes.push(batch.records.length);
            count += batch.records.length;
            if (count >= 50) break;
          }
        })(),
      );
      assert.equal(count, 50);
      assert.ok(sizes.every((s) => s <= 20));
    } finally {
      await consumer.close();
    }
  });

  it('buffers a bounded amount while the application is slow', async () => {
    const topic = topicName('backpressure');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const value = Buffer.alloc(1000, 7);
    await Promise.all(Array.from({ length: 3000 }, () => producer.send({ topic, value })));
    const consumer = consumerFor({ maxPartitionFetchBytes: 64 * 1024, fetchMaxBytes: 128 * 1024 });
    try {
      consumer.assign([{ topic, partition: 0 }]);
      await take(consumer, 5);
      await new Promise((r) => setTimeout(r, 500)); // the application is busy
      const fetcher = (consumer as unknown as { fetcher: { buffer: Array<{ records: Buffer }> } }).fetcher;
      const buffered = fetcher.buffer.reduce((n, f) => n + f.records.length, 0);
      // At most two responses ahead (plus the one in flight when the check passed).
      assert.ok(buffered <= 3 * 64 * 1024, `buffered ${buffered} bytes`);
      const position = await consumer.position({ topic, partition: 0 });
      assert.ok(position < 300n, `position ${position}`);
      const rest = await take(consumer, 2995, 20_000);
      assert.equal(rest[rest.length - 1]?.offset, 2999n);
    } finally {
      await consumer.close();
    }
  });

  it('asks for the next fetch before the application reads a response, even one reading in microtasks only', async () => {
    const topic = topicName('fetch-ahead');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const value = Buffer.alloc(1000, 7);
    await producer.sendBatch(Array.from({ length: 1000 }, () => ({ topic, value })));
    const consumer = consumerFor({ maxPartitionFetchBytes: 16 * 1024 });
    // Counts Fetch requests written and responses received on the fetch lane.
    let sent = 0;
    let answered = 0;
    const cluster = consumer.cluster;
    const connection = cluster.connection.bind(cluster);
    cluster.connection = (node, lane) => {
      const conn = connection(node, lane);
      if (lane !== 'fetch' || (conn as { counted?: boolean }).counted) return conn;
      (conn as { counted?: boolean }).counted = true;
      const request = conn.request.bind(conn);
      conn.request = ((apiKey: number, body: unknown, options: unknown) => {
        sent++;
        return request(apiKey as never, body as never, options as never).then((r: unknown) => {
          answered++;
          return r;
        });
      }) as typeof conn.request;
      return conn;
    };
    try {
      consumer.assign([{ topic, partition: 0 }]);
      let seen = 0;
      let checked = 0;
      // batches() with no await in the body: the whole buffer is drained in microtasks.
      for await (const batch of consumer.batches()) {
        const last = batch.records[batch.records.length - 1]?.offset ?? -1n;
        if (last < 900n) {
          assert.ok(sent > answered, `at offset ${last}: ${sent} fetches sent, ${answered} answered`);
          checked++;
        }
        seen += batch.records.length;
        if (seen >= 1000) break;
      }
      assert.ok(checked > 10, `only ${checked} batches checked`);
    } finally {
      await consumer.close();
    }
  });

  it('lets the event loop run while an application drains buffered records in microtasks only', async () => {
    const topic = topicName('yield');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    await producer.sendBatch(Array.from({ length: 200 }, () => ({ topic, value: Buffer.alloc(1000, 1) })));
    // 50 µs of work per record, 10 records per batch: 10 ms of reading in 0.5 ms steps.
    const spin = (data: Buffer | null) => {
      const until = performance.now() + 0.05;
      while (performance.now() < until);
      return data;
    };
    const consumer = consumerFor({ maxPollRecords: 10, valueDeserializer: spin });
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    try {
      consumer.assign([{ topic, partition: 0 }]);
      let seen = 0;
      let turnsAtFirst = -1;
      for await (const batch of consumer.batches()) {
        // One response holds all 200 records: from here on everything is already buffered.
        if (turnsAtFirst < 0) {
          setImmediate(tick);
          turnsAtFirst = turns;
        }
        seen += batch.records.length;
        if (seen >= 200) break;
      }
      assert.ok(turns - turnsAtFirst >= 5, `the event loop ran ${turns - turnsAtFirst} times in ~10 ms of reading`);
    } finally {
      ticking = false;
      await consumer.close();
    }
  });

  it('finds a batch whose bytes changed on the broker by its CRC (checkCrcs)', async () => {
    const topic = topicName('crc');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const p = new Producer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      batchSize: 128 * 1024,
      lingerMs: 5,
    });
    const count = 1000;
    const recordValue = (i: number) => `${i}:${'v'.repeat(1000)}`;
    await Promise.all(
      Array.from({ length: count }, (_, i) => p.send({ topic, partition: 0, value: Buffer.from(recordValue(i)) })),
    );
    await p.close();
    const read = async (checkCrcs: boolean) => {
      const c = consumerFor({ checkCrcs });
      c.assign([{ topic, partition: 0 }]);
      try {
        return await take(c, count);
      } finally {
        await c.close();
      }
    };
    const intact = await read(true);
    assert.deepEqual(
      intact.map((r) => [Number(r.offset), r.value?.toString()]),
      Array.from({ length: count }, (_, i) => [i, recordValue(i)]),
    );
    // One byte of a value in the middle of the log changes on disk.
    const file = join(broker.dir, `${topic}-0`, '00000000000000000000.log');
    const at = readFileSync(file).indexOf('v'.repeat(100), 500_000) + 50;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('X'), 0, 1, at);
    closeSync(fd);
    await assert.rejects(read(true), /CORRUPT_RECORD|CRC/);
    // Without the check, the changed value comes through as it is.
    const unchecked = await read(false);
    assert.equal(unchecked.filter((r, i) => r.value?.toString() !== recordValue(i)).length, 1);
  });

  it('resets an out-of-range position with autoOffsetReset, and reports it with none', async () => {
    const topic = topicName('oor');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    for (let i = 0; i < 10; i++) await producer.send({ topic, value: `${i}` });
    await admin.deleteRecords([{ topic, partition: 0, offset: 5n }]);
    const tp = { topic, partition: 0 };
    const consumer = consumerFor();
    try {
      consumer.assign([tp]);
      consumer.seek(tp, 1);
      const [r] = await take(consumer, 1);
      assert.equal(r?.offset, 5n);
    } finally {
      await consumer.close();
    }
    const strict = consumerFor({ autoOffsetReset: 'none' });
    try {
      strict.assign([tp]);
      await assert.rejects(take(strict, 1), (e: unknown) => e instanceof ClientError && e.code === 'ILLEGAL_STATE');
      strict.seek(tp, 2);
      await assert.rejects(take(strict, 1), (e: unknown) => e instanceof Error && /out of range/.test(e.message));
      strict.seek(tp, 7);
      assert.equal((await take(strict, 1))[0]?.offset, 7n);
    } finally {
      await strict.close();
    }
  });

  it('reads what kcat produced (compressed, keyed, with headers) with kcat partitions', async () => {
    const topic = topicName('from-kcat');
    const lines = Array.from({ length: 100 }, (_, i) => `key${i % 9}:value${i}`);
    expectSuccess(
      await run(
        'kcat',
        [
          '-P',
          '-b',
          broker.bootstrap,
          '-t',
          topic,
          '-K',
          ':',
          '-z',
          'zstd',
          '-H',
          'origin=kcat',
          '-X',
          'partitioner=murmur2_random',
        ],
        {
          input: `${lines.join('\n')}\n`,
          timeoutMs: 30_000,
        },
      ),
      'kcat produce',
    );
    const out = expectSuccess(
      await run(
        'kcat',
        ['-C', '-b', broker.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k %s %p\\n'],
        { timeoutMs: 30_000 },
      ),
      'kcat consume',
    ).stdout;
    const kcatPartition = new Map(
      out
        .trim()
        .split('\n')
        .map((l) => {
          const [, v, p] = l.split(' ');
          return [v, Number(p)] as const;
        }),
    );
    const consumer = consumerFor();
    try {
      consumer.assign([0, 1, 2].map((partition) => ({ topic, partition })));
      const got = await take(consumer, 100);
      for (const r of got) {
        const v = r.value?.toString() as string;
        const i = Number(v.slice(5));
        assert.equal(r.key?.toString(), `key${i % 9}`);
        assert.equal(r.partition, kcatPartition.get(v));
        assert.deepEqual(
          r.headers.map((h) => [h.key, h.value?.toString()]),
          [['origin', 'kcat']],
        );
      }
    } finally {
      await consumer.close();
    }
  });

  it('reads with isolationLevel read_committed (non-transactional records are all visible)', async () => {
    const topic = topicName('committed');
    await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic, value: `${i}`, partition: 0 })));
    const consumer = consumerFor({ isolationLevel: 'read_committed' });
    try {
      consumer.assign([{ topic, partition: 0 }]);
      const got = await take(consumer, 20);
      assert.deepEqual(
        got.map((r) => Number(r.value?.toString())),
        Array.from({ length: 20 }, (_, i) => i),
      );
    } finally {
      await consumer.close();
    }
  });

  it('uses an incremental fetch session across fetches', async () => {
    const topic = topicName('session');
    await admin.createTopics([{ name: topic, numPartitions: 3 }]);
    const consumer = consumerFor();
    try {
      consumer.assign([0, 1, 2].map((partition) => ({ topic, partition })));
      for (let round = 0; round < 4; round++) {
        await Promise.all(
          Array.from({ length: 9 }, (_, i) => producer.send({ topic, partition: i % 3, value: `${round}-${i}` })),
        );
        const got = await take(consumer, 9);
        assert.deepEqual(
          got.map((r) => r.value?.toString()).sort(),
          Array.from({ length: 9 }, (_, i) => `${round}-${i}`).sort(),
        );
      }
      const fetcher = (consumer as unknown as { fetcher: { sessions: Map<number, { id: number; nextEpoch: number }> } })
        .fetcher;
      const session = fetcher.sessions.get(0);
      assert.ok(session && session.id !== 0, 'the broker gave a session');
      assert.ok((session?.nextEpoch ?? 0) > 2, `epoch ${session?.nextEpoch}`);
    } finally {
      await consumer.close();
    }
  });

  it('poll() waits at most timeoutMs and honours an AbortSignal', async () => {
    const topic = topicName('poll-abort');
    const consumer = consumerFor();
    try {
      consumer.assign([{ topic, partition: 0 }]);
      const started = Date.now();
      assert.deepEqual(await within(5000, consumer.poll({ timeoutMs: 200 })), []);
      assert.ok(Date.now() - started >= 150);
      const ac = new AbortController();
      const waiting = consumer.poll({ signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(within(5000, waiting), (e: unknown) => e instanceof AbortedError);
    } finally {
      await consumer.close();
    }
  });

  it('close ends a waiting iterator', async () => {
    const topic = topicName('close');
    const consumer = consumerFor();
    consumer.assign([{ topic, partition: 0 }]);
    const reading = (async () => {
      let n = 0;
      for await (const _ of consumer) n++;
      return n;
    })();
    await new Promise((r) => setTimeout(r, 200));
    await consumer.close();
    assert.equal(await within(3000, reading), 0);
    assert.throws(
      () => consumer.seek({ topic, partition: 0 }, 0),
      (e: unknown) => e instanceof ClientError && e.code === 'CLIENT_CLOSED',
    );
  });
});

describe('fetch session handler', () => {
  const e = (partition: number, fetchOffset: bigint) => ({
    topic: 't',
    topicId: 'id',
    partition,
    fetchOffset,
    maxBytes: 100,
  });

  it('sends everything first, then only what changed, and forgets what is no longer wanted', () => {
    const h = new FetchSessionHandler();
    let plan = h.build([e(0, 0n), e(1, 0n)]);
    assert.deepEqual([plan.sessionId, plan.sessionEpoch, plan.send.length], [0, 0, 2]);
    h.onSuccess(77, true);
    plan = h.build([e(0, 5n), e(1, 0n), e(2, 0n)]);
    assert.deepEqual([plan.sessionId, plan.sessionEpoch], [77, 1]);
    assert.deepEqual(
      plan.send.map((x) => [x.partition, x.fetchOffset]),
      [
        [0, 5n],
        [2, 0n],
      ],
    );
    h.onSuccess(77, false);
    plan = h.build([e(0, 5n)]);
    assert.deepEqual([plan.sessionEpoch, plan.send.length], [2, 0]);
    assert.deepEqual(plan.forgotten, [{ topic: 't', topicId: 'id', partitions: [1, 2] }]);
    h.reset();
    plan = h.build([e(0, 5n)]);
    assert.deepEqual([plan.sessionId, plan.sessionEpoch, plan.send.length], [0, 0, 1]);
  });

  it('stays on full fetches when the broker declines a session', () => {
    const h = new FetchSessionHandler();
    h.build([e(0, 0n)]);
    h.onSuccess(0, true);
    const plan = h.build([e(0, 3n)]);
    assert.deepEqual([plan.sessionId, plan.sessionEpoch, plan.send.length], [0, 0, 1]);
  });
});

describe('read_committed filtering', () => {
  const pid = 42n;
  const records = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ value: Buffer.from(`${prefix}${i}`), timestamp: 1 }));
  // offsets 0-1 plain, 2-3 txn A (aborted, marker at 4), 5-6 txn B (committed, marker at 7), 8 plain
  const set = Buffer.concat([
    encodeRecordBatch({ baseOffset: 0n, records: records(2, 'plain') }),
    encodeRecordBatch({
      baseOffset: 2n,
      isTransactional: true,
      producerId: pid,
      producerEpoch: 0,
      baseSequence: 0,
      records: records(2, 'aborted'),
    }),
    encodeEndTxnMarkerBatch({
      type: ControlRecordType.Abort,
      producerId: pid,
      producerEpoch: 0,
      coordinatorEpoch: 0,
      baseOffset: 4n,
    }),
    encodeRecordBatch({
      baseOffset: 5n,
      isTransactional: true,
      producerId: pid,
      producerEpoch: 0,
      baseSequence: 2,
      records: records(2, 'committed'),
    }),
    encodeEndTxnMarkerBatch({
      type: ControlRecordType.Commit,
      producerId: pid,
      producerEpoch: 0,
      coordinatorEpoch: 0,
      baseOffset: 7n,
    }),
    encodeRecordBatch({ baseOffset: 8n, records: records(1, 'tail') }),
  ]);

  function read(readCommitted: boolean): string[] {
    const state = new PartitionState('t', 0);
    state.seek(0n);
    const f = new CompletedFetch(
      state,
      state.epoch,
      set,
      nextOffsetAfter(set, 0n),
      9n,
      readCommitted,
      [{ producerId: pid, firstOffset: 2n }],
      true,
    );
    const out: string[] = [];
    f.drain(100, out, (_s, _o, _t, _k, value) => value?.toString() as string);
    assert.equal(f.done || f.drain(100, out, (_s, _o, _t, _k, value) => value?.toString() as string) === 0, true);
    assert.equal(state.position, 9n);
    return out;
  }

  it('skips aborted transactions and control batches under read_committed', () => {
    assert.deepEqual(read(true), ['plain0', 'plain1', 'committed0', 'committed1', 'tail0']);
  });

  it('shows aborted records but never control batches under read_uncommitted', () => {
    assert.deepEqual(read(false), ['plain0', 'plain1', 'aborted0', 'aborted1', 'committed0', 'committed1', 'tail0']);
  });
});
