/**
 * Bad input never takes the broker down and is never stored: random and mutated frames, absurd
 * lengths, unknown api keys, corrupt record batches. After each abuse the broker still answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type ApiDefinition,
  apis,
  decodeResponse,
  ErrorCode,
  encodeRecordBatch,
  encodeRequestFrame,
  type ProduceRequest,
  Writer,
} from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

function apiVersionsFrame(correlationId: number): Buffer {
  const w = new Writer();
  encodeRequestFrame(w, apis[18], 0, correlationId, 'raw', apis[18].defaultRequest());
  return w.toBuffer();
}

describe('bad input', () => {
  let fx: TestBroker;
  before(async () => {
    fx = await startTestBroker();
  });
  after(async () => {
    await fx.stop();
  });

  async function assertAlive(): Promise<void> {
    const c = await RawClient.open(fx.broker.port);
    c.send(apiVersionsFrame(42));
    const reply = await c.next();
    c.close();
    assert.ok(Buffer.isBuffer(reply), 'broker still answers ApiVersions');
    assert.equal(reply.readInt32BE(0), 42);
  }

  it('closes the connection on an absurd frame length without buffering it', async () => {
    const c = await RawClient.open(fx.broker.port);
    const frame = Buffer.alloc(8);
    frame.writeInt32BE(0x7fffffff, 0);
    c.send(frame);
    assert.equal(await c.next(), 'closed');
    const neg = await RawClient.open(fx.broker.port);
    const negative = Buffer.alloc(4);
    negative.writeInt32BE(-5, 0);
    neg.send(negative);
    assert.equal(await neg.next(), 'closed');
    await assertAlive();
  });

  it('closes the connection on an unknown api key', async () => {
    const c = await RawClient.open(fx.broker.port);
    const frame = Buffer.alloc(14);
    frame.writeInt32BE(10, 0);
    frame.writeInt16BE(999, 4);
    frame.writeInt16BE(0, 6);
    frame.writeInt32BE(1, 8);
    frame.writeInt16BE(-1, 12);
    c.send(frame);
    assert.equal(await c.next(), 'closed');
    await assertAlive();
  });

  it('answers a too-new ApiVersions with UNSUPPORTED_VERSION in v0', async () => {
    const c = await RawClient.open(fx.broker.port);
    const w = new Writer();
    encodeRequestFrame(w, apis[18], 3, 7, 'raw', apis[18].defaultRequest());
    const frame = w.toBuffer();
    frame.writeInt16BE(9, 6); // claim ApiVersions v9
    c.send(frame);
    const reply = await c.next();
    c.close();
    assert.ok(Buffer.isBuffer(reply));
    const { body } = decodeResponse(reply, apis[18], 0);
    assert.equal(body.errorCode, ErrorCode.UNSUPPORTED_VERSION);
    assert.ok(body.apiKeys.some((k) => k.apiKey === 18 && k.maxVersion === 3));
  });

  it('rejects a batch with a bad CRC as CORRUPT_MESSAGE and stores nothing', async () => {
    const batch = encodeRecordBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v') }] });
    batch[batch.length - 1] ^= 0xff;
    const request: ProduceRequest = {
      transactionalId: null,
      acks: 1,
      timeoutMs: 5000,
      topicData: [{ name: 'crc-topic', partitionData: [{ index: 0, records: batch }] }],
    };
    await fx.broker.topics.create(
      { name: 'crc-topic', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
    const c = await RawClient.open(fx.broker.port);
    const w = new Writer();
    encodeRequestFrame(w, apis[0], 7, 5, 'raw', request);
    c.send(w.toBuffer());
    const reply = await c.next();
    c.close();
    assert.ok(Buffer.isBuffer(reply));
    const { body } = decodeResponse(reply, apis[0], 7);
    assert.equal(body.responses[0]?.partitionResponses[0]?.errorCode, ErrorCode.CORRUPT_MESSAGE);
    assert.equal(fx.broker.replicas.getPartition('crc-topic', 0)?.log.logEndOffset, 0);
  });

  it('survives random and mutated frames (fuzz)', async () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const valid: Buffer[] = [];
    for (const key of [0, 1, 2, 3, 18, 19, 20, 32, 60] as const) {
      const def = apis[key] as unknown as ApiDefinition;
      for (const version of [0, def.maxVersion]) {
        const w = new Writer();
        encodeRequestFrame(w, def, version, 1, 'fuzz', def.defaultRequest());
        valid.push(w.toBuffer());
      }
    }
    for (let round = 0; round < 300; round++) {
      let frame: Buffer;
      if (round % 3 === 0) {
        const len = rand() % 64;
        frame = Buffer.alloc(4 + len);
        frame.writeInt32BE(len, 0);
        for (let i = 4; i < frame.length; i++) frame[i] = rand() & 0xff;
      } else {
        frame = Buffer.from(valid[rand() % valid.length] as Buffer);
        const flips = 1 + (rand() % 4);
        for (let i = 0; i < flips; i++) {
          const at = 4 + (rand() % Math.max(1, frame.length - 4));
          if (at < frame.length) frame[at] = rand() & 0xff;
        }
      }
      const c = await RawClient.open(fx.broker.port);
      c.send(frame);
      // A mutated frame may be a valid long poll or an acks=0 produce: no answer is fine too.
      await c.next(round % 50 === 0 ? 1000 : 100);
      c.close();
      if (round % 50 === 0) await assertAlive();
    }
    await assertAlive();
  });
});
