/**
 * Fetch semantics at the protocol level: long polls wake on append and time out on max_wait_ms,
 * incremental fetch sessions (KIP-227) send only partitions with news, topic ids (v13+), limits
 * (max_bytes, partition_max_bytes, one oversized batch still returned), out-of-range offsets, and
 * down-conversion to magic 0/1 for Fetch v0-3.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apis,
  decodeRecordBatches,
  defaultFetchRequest,
  defaultFetchRequestFetchPartition,
  defaultFetchRequestFetchTopic,
  ErrorCode,
  encodeRecordBatch,
  type FetchRequest,
  type ProduceRequest,
} from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

function fetchRequest(
  parts: Array<{ topic: string; topicId?: string; partition: number; offset: number; maxBytes?: number }>,
  opts: Partial<FetchRequest> = {},
): FetchRequest {
  const req = { ...defaultFetchRequest(), maxWaitMs: 0, minBytes: 1, maxBytes: 50 * 1024 * 1024, ...opts };
  req.replicaId = -1;
  for (const p of parts) {
    let t = req.topics.find((x) => x.topic === p.topic);
    if (!t) {
      t = defaultFetchRequestFetchTopic();
      t.topic = p.topic;
      if (p.topicId) t.topicId = p.topicId;
      req.topics.push(t);
    }
    const fp = defaultFetchRequestFetchPartition();
    fp.partition = p.partition;
    fp.fetchOffset = BigInt(p.offset);
    fp.partitionMaxBytes = p.maxBytes ?? 1024 * 1024;
    t.partitions.push(fp);
  }
  return req;
}

function values(records: Buffer | null): string[] {
  if (!records || records.length === 0) return [];
  return decodeRecordBatches(records).flatMap((b) => b.records.map((r) => r.value?.toString() ?? ''));
}

describe('fetch', () => {
  let fx: TestBroker;
  let client: RawClient;
  let producer: RawClient;

  async function produce(topic: string, partition: number, vals: string[]): Promise<void> {
    const req: ProduceRequest = {
      transactionalId: null,
      acks: 1,
      timeoutMs: 5000,
      topicData: [
        {
          name: topic,
          partitionData: [
            { index: partition, records: encodeRecordBatch({ records: vals.map((v) => ({ value: Buffer.from(v) })) }) },
          ],
        },
      ],
    };
    const res = await producer.request(apis[0], 9, req);
    assert.equal(res.responses[0]?.partitionResponses[0]?.errorCode, 0);
  }

  before(async () => {
    fx = await startTestBroker();
    await fx.broker.topics.create(
      { name: 'f', numPartitions: 3, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    client = await RawClient.open(fx.broker.port);
    producer = await RawClient.open(fx.broker.port);
  });
  after(async () => {
    client.close();
    producer.close();
    await fx.stop();
  });

  it('long poll: waits for data and wakes on append', async () => {
    const started = Date.now();
    const pending = client.request(
      apis[1],
      12,
      fetchRequest([{ topic: 'f', partition: 0, offset: 0 }], { maxWaitMs: 10_000 }),
    );
    await new Promise((r) => setTimeout(r, 200));
    await produce('f', 0, ['a', 'b']);
    const res = await pending;
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 5000, `woke on append after ${elapsed} ms, not at max_wait_ms`);
    const p = res.responses[0]?.partitions[0];
    assert.equal(p?.errorCode, 0);
    assert.deepEqual(values(p?.records ?? null), ['a', 'b']);
    assert.equal(p?.highWatermark, 2n);
  });

  it('long poll: returns empty after max_wait_ms when nothing arrives', async () => {
    const started = Date.now();
    const res = await client.request(
      apis[1],
      12,
      fetchRequest([{ topic: 'f', partition: 1, offset: 0 }], { maxWaitMs: 300 }),
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250, `waited ${elapsed} ms`);
    assert.equal(res.responses[0]?.partitions[0]?.records?.length ?? 0, 0);
  });

  it('OFFSET_OUT_OF_RANGE beyond the log end, UNKNOWN_TOPIC_OR_PARTITION for unknown partitions', async () => {
    const res = await client.request(
      apis[1],
      11,
      fetchRequest([
        { topic: 'f', partition: 0, offset: 999 },
        { topic: 'f', partition: 7, offset: 0 },
      ]),
    );
    assert.equal(res.responses[0]?.partitions[0]?.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
    assert.equal(res.responses[0]?.partitions[1]?.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('limits: partition_max_bytes and max_bytes, but one oversized first batch is returned whole', async () => {
    await produce('f', 2, ['x'.repeat(3000)]);
    await produce('f', 2, ['y'.repeat(3000)]);
    const tiny = await client.request(
      apis[1],
      12,
      fetchRequest([{ topic: 'f', partition: 2, offset: 0, maxBytes: 10 }]),
    );
    assert.deepEqual(
      values(tiny.responses[0]?.partitions[0]?.records ?? null).map((v) => v[0]),
      ['x'],
    );
    const both = await client.request(apis[1], 12, fetchRequest([{ topic: 'f', partition: 2, offset: 0 }]));
    assert.deepEqual(
      values(both.responses[0]?.partitions[0]?.records ?? null).map((v) => v[0]),
      ['x', 'y'],
    );
  });

  it('incremental fetch sessions send only partitions with news', async () => {
    const full = await client.request(
      apis[1],
      12,
      fetchRequest(
        [
          { topic: 'f', partition: 0, offset: 2 },
          { topic: 'f', partition: 1, offset: 0 },
        ],
        { sessionId: 0, sessionEpoch: 0 },
      ),
    );
    assert.ok(full.sessionId > 0, 'a session was created');
    assert.equal(full.responses[0]?.partitions.length, 2, 'a full fetch lists every partition');
    // Nothing changed: an incremental fetch carries no partitions at all.
    const quiet = await client.request(apis[1], 12, fetchRequest([], { sessionId: full.sessionId, sessionEpoch: 1 }));
    assert.equal(quiet.errorCode, 0);
    assert.equal(quiet.responses.length, 0);
    await produce('f', 1, ['news']);
    const incremental = await client.request(
      apis[1],
      12,
      fetchRequest([], { sessionId: full.sessionId, sessionEpoch: 2 }),
    );
    assert.equal(incremental.responses[0]?.partitions.length, 1);
    assert.equal(incremental.responses[0]?.partitions[0]?.partitionIndex, 1);
    assert.deepEqual(values(incremental.responses[0]?.partitions[0]?.records ?? null), ['news']);
    const wrongEpoch = await client.request(
      apis[1],
      12,
      fetchRequest([], { sessionId: full.sessionId, sessionEpoch: 7 }),
    );
    assert.equal(wrongEpoch.errorCode, ErrorCode.INVALID_FETCH_SESSION_EPOCH);
    const unknown = await client.request(apis[1], 12, fetchRequest([], { sessionId: 123456789, sessionEpoch: 1 }));
    assert.equal(unknown.errorCode, ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
  });

  it('names topics by id from v13', async () => {
    const topicId = fx.broker.metadata.topicIdOf('f') as string;
    const res = await client.request(apis[1], 13, fetchRequest([{ topic: '', topicId, partition: 0, offset: 0 }]));
    assert.equal(res.responses[0]?.topicId, topicId);
    assert.deepEqual(values(res.responses[0]?.partitions[0]?.records ?? null), ['a', 'b']);
    const bogus = await client.request(
      apis[1],
      13,
      fetchRequest([{ topic: '', topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partition: 0, offset: 0 }]),
    );
    assert.equal(bogus.responses[0]?.partitions[0]?.errorCode, ErrorCode.UNKNOWN_TOPIC_ID);
  });

  it('down-converts to magic 1 for Fetch v2 and magic 0 for v0', async () => {
    for (const [version, magic] of [
      [2, 1],
      [0, 0],
    ] as const) {
      const res = await client.request(apis[1], version, fetchRequest([{ topic: 'f', partition: 0, offset: 0 }]));
      const records = res.responses[0]?.partitions[0]?.records as Buffer;
      assert.equal(records.readInt8(16), magic, `magic byte of the first message for v${version}`);
      const batches = decodeRecordBatches(records);
      assert.deepEqual(
        batches.flatMap((b) => b.records.map((r) => [Number(r.offset), r.value?.toString()])),
        [
          [0, 'a'],
          [1, 'b'],
        ],
      );
    }
  });

  it('answers pipelined requests in order even when an earlier one waits', async () => {
    // Partition 1 holds one record: a fetch at its end waits the whole max_wait_ms.
    const started = Date.now();
    const slow = client.request(
      apis[1],
      12,
      fetchRequest([{ topic: 'f', partition: 1, offset: 1 }], { maxWaitMs: 400 }),
    );
    const fast = client.request(apis[18], 3, apis[18].defaultRequest());
    const order: string[] = [];
    await Promise.all([slow.then(() => order.push('fetch')), fast.then(() => order.push('apiVersions'))]);
    assert.deepEqual(order, ['fetch', 'apiVersions']);
    assert.ok(Date.now() - started >= 350, 'the fetch did wait');
  });
});
