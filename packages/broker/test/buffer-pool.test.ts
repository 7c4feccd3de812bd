/**
 * The buffer pool of the produce and fetch hot paths: size classes, exclusive hand-out, the cap on
 * what it keeps; the frame reader assembling split frames in pooled buffers; and, through a real
 * broker, that recycled produce frames and fetch buffers never leak one request's bytes into another.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apis,
  decodeRecordBatches,
  decodeResponse,
  defaultFetchRequest,
  defaultFetchRequestFetchPartition,
  defaultFetchRequestFetchTopic,
  encodeRecordBatch,
  encodeRequestFrame,
  type FetchRequest,
  type ProduceRequest,
  Writer,
} from '@samsa/protocol';
import { BufferPool, recordBuffers } from '../src/network/buffer-pool.js';
import { FrameReader } from '../src/network/frame-reader.js';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

describe('BufferPool', () => {
  it('pools only large sizes, in power-of-two classes', () => {
    const pool = new BufferPool(1 << 30);
    const small = pool.acquire(1000);
    assert.equal(small.length, 1000);
    assert.equal(pool.owns(small), false);
    const big = pool.acquire(100_000);
    assert.equal(big.length, 100_000);
    assert.equal(big.buffer.byteLength, 128 * 1024);
    assert.equal(pool.owns(big), true);
  });

  it('hands a released buffer out again, once', () => {
    const pool = new BufferPool(1 << 30);
    const a = pool.acquire(70_000);
    pool.release(a);
    pool.release(a.subarray(10)); // a second release of the same buffer is ignored
    const b = pool.acquire(100_000);
    const c = pool.acquire(100_000);
    assert.equal(b.buffer, a.buffer);
    assert.notEqual(c.buffer, a.buffer);
  });

  it('keeps at most maxRetainedBytes and ignores foreign buffers', () => {
    const pool = new BufferPool(256 * 1024);
    const bufs = [pool.acquire(200_000), pool.acquire(200_000), pool.acquire(200_000)];
    for (const b of bufs) pool.release(b);
    assert.equal(pool.retainedBytes, 256 * 1024);
    pool.release(Buffer.alloc(100_000));
    assert.equal(pool.retainedBytes, 256 * 1024);
  });
});

describe('FrameReader with a pool', () => {
  it('assembles frames split across chunks into pooled buffers', () => {
    const pool = new BufferPool(1 << 30);
    const reader = new FrameReader(1 << 24, (n) => pool.acquire(n));
    const payloads = [Buffer.alloc(200_000, 1), Buffer.alloc(10, 2), Buffer.alloc(300_000, 3)];
    const stream = framed(payloads);
    const got: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 65_536) {
      reader.push(stream.subarray(at, at + 65_536), (f) => {
        got.push(Buffer.from(f));
        pool.release(f); // as the connection does after a produce: the next frame may reuse it
      });
    }
    assert.deepEqual(got, payloads);
  });
});

function framed(payloads: Buffer[]): Buffer {
  return Buffer.concat(
    payloads.flatMap((p) => {
      const size = Buffer.alloc(4);
      size.writeInt32BE(p.length);
      return [size, p];
    }),
  );
}

describe('FrameReader chunk boundaries', () => {
  it('yields the same frames however the stream is cut', () => {
    const payloads = [0, 1, 5, 70_000, 3, 0, 200_000, 2].map((n, i) => Buffer.alloc(n, i + 1));
    const stream = framed(payloads);
    let seed = 7;
    const rand = (max: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return 1 + (seed % max);
    };
    for (const maxCut of [1, 3, 7, 1000, 65_536, 300_000]) {
      const reader = new FrameReader(1 << 24);
      const got: Buffer[] = [];
      for (let at = 0; at < stream.length; ) {
        const n = rand(maxCut);
        reader.push(stream.subarray(at, at + n), (f) => got.push(Buffer.from(f)));
        at += n;
      }
      assert.deepEqual(got, payloads, `cuts of up to ${maxCut} bytes`);
      assert.equal(reader.pendingBytes, 0);
    }
  });

  it('collects a frame over 16 MiB as it arrives rather than allocating it up front', () => {
    let allocated = 0;
    const reader = new FrameReader(1 << 26, (n) => {
      allocated += n;
      return Buffer.allocUnsafe(n);
    });
    const big = Buffer.alloc(17 * 1024 * 1024, 9);
    const stream = framed([big]);
    const got: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 1 << 20)
      reader.push(stream.subarray(at, at + (1 << 20)), (f) => got.push(f));
    assert.equal(allocated, 0);
    assert.equal(got.length, 1);
    assert.ok(got[0]?.equals(big));
  });

  it('refuses a size over the limit before buffering anything', () => {
    const reader = new FrameReader(1000);
    const size = Buffer.alloc(4);
    size.writeInt32BE(1001);
    assert.throws(() => reader.push(size, () => {}), /exceeds socket.request.max.bytes/);
  });
});

describe('recycled buffers through the broker', () => {
  let fx: TestBroker;
  before(async () => {
    fx = await startTestBroker();
    await fx.broker.topics.create(
      { name: 'pool', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
  });
  after(async () => fx.stop());

  /** A batch of 100 records of `size` bytes, every byte derived from the batch number. */
  const batch = (n: number, size: number) =>
    encodeRecordBatch({
      records: Array.from({ length: 100 }, (_, i) => ({ value: Buffer.alloc(size, (n * 7 + i) % 251) })),
    });

  it('pipelined large produces and fetches return every byte as sent', async () => {
    const client = await RawClient.open(fx.broker.port);
    try {
      const count = 40;
      // Send every produce before reading any response, so frames are recycled while others wait.
      for (let n = 0; n < count; n++) {
        const req: ProduceRequest = {
          transactionalId: null,
          acks: 1,
          timeoutMs: 5000,
          topicData: [{ name: 'pool', partitionData: [{ index: 0, records: batch(n, 1000 + n * 50) }] }],
        };
        const w = new Writer();
        encodeRequestFrame(w, apis[0], 9, n, 'pool-test', req);
        client.send(w.toBuffer());
      }
      for (let n = 0; n < count; n++) {
        const reply = await client.next();
        assert.ok(Buffer.isBuffer(reply));
        const res = decodeResponse(reply, apis[0], 9);
        assert.equal(res.correlationId, n);
        assert.equal(res.body.responses[0]?.partitionResponses[0]?.errorCode, 0);
      }

      // Fetches of ~1 MiB each: the buffer of one is reused by the next once it has been written.
      const seen: number[] = [];
      let offset = 0;
      while (seen.length < count * 100) {
        const req: FetchRequest = { ...defaultFetchRequest(), maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20 };
        req.replicaId = -1;
        const t = defaultFetchRequestFetchTopic();
        t.topic = 'pool';
        const p = defaultFetchRequestFetchPartition();
        p.fetchOffset = BigInt(offset);
        p.partitionMaxBytes = 1 << 20;
        t.partitions.push(p);
        req.topics.push(t);
        const res = await client.request(apis[1], 12, req);
        const records = res.responses[0]?.partitions[0]?.records ?? null;
        assert.ok(records && records.length > 0, `nothing fetched at offset ${offset}`);
        for (const b of decodeRecordBatches(records)) {
          for (const r of b.records) {
            const o = Number(r.offset);
            const n = Math.floor(o / 100);
            assert.equal(r.value?.length, 1000 + n * 50);
            assert.ok(
              r.value?.every((x) => x === (n * 7 + (o % 100)) % 251),
              `record ${o} corrupted`,
            );
            seen.push(o);
          }
          offset = Number(b.baseOffset) + b.lastOffsetDelta + 1;
        }
      }
      assert.equal(seen.length, count * 100);
      assert.ok(recordBuffers.retainedBytes > 0, 'the broker gave buffers back to its pool');
    } finally {
      client.close();
    }
  });
});
