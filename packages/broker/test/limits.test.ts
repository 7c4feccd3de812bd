/**
 * Produce-side validation and network limits: invalid acks, records over max.message.bytes,
 * requests over socket.request.max.bytes, idle connections closed after connections.max.idle.ms,
 * many concurrent connections.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apis, ErrorCode, encodeRecordBatch, type ProduceRequest } from '@samsa/protocol';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { RawClient } from './support/raw-client.js';

function produceRequest(topic: string, value: Buffer, acks = 1): ProduceRequest {
  return {
    transactionalId: null,
    acks,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records: encodeRecordBatch({ records: [{ value }] }) }] }],
  };
}

describe('limits', () => {
  let fx: TestBroker;
  before(async () => {
    fx = await startTestBroker({
      config: { 'message.max.bytes': 2000, 'socket.request.max.bytes': 100_000, 'connections.max.idle.ms': 500 },
    });
    await fx.broker.topics.create(
      { name: 'l', numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} },
      false,
    );
  });
  after(async () => {
    await fx.stop();
  });

  it('rejects invalid acks with INVALID_REQUIRED_ACKS', async () => {
    const c = await RawClient.open(fx.broker.port);
    const res = await c.request(apis[0], 9, produceRequest('l', Buffer.from('v'), 2));
    c.close();
    assert.equal(res.responses[0]?.partitionResponses[0]?.errorCode, ErrorCode.INVALID_REQUIRED_ACKS);
  });

  it('rejects a batch over max.message.bytes with MESSAGE_TOO_LARGE and stores nothing', async () => {
    const c = await RawClient.open(fx.broker.port);
    const res = await c.request(apis[0], 9, produceRequest('l', Buffer.alloc(5000, 1)));
    const ok = await c.request(apis[0], 9, produceRequest('l', Buffer.alloc(100, 1)));
    c.close();
    assert.equal(res.responses[0]?.partitionResponses[0]?.errorCode, ErrorCode.MESSAGE_TOO_LARGE);
    assert.equal(ok.responses[0]?.partitionResponses[0]?.baseOffset, 0n, 'the rejected batch took no offset');
  });

  it('closes a connection whose request exceeds socket.request.max.bytes', async () => {
    const c = await RawClient.open(fx.broker.port);
    const frame = Buffer.alloc(8);
    frame.writeInt32BE(200_000, 0);
    c.send(frame);
    assert.equal(await c.next(), 'closed');
  });

  it('closes idle connections after connections.max.idle.ms', async () => {
    const c = await RawClient.open(fx.broker.port);
    await c.request(apis[18], 3, apis[18].defaultRequest());
    assert.equal(await c.next(5000), 'closed');
  });

  it('serves a thousand concurrent connections', async () => {
    const clients = await Promise.all(Array.from({ length: 1000 }, () => RawClient.open(fx.broker.port)));
    try {
      const replies = await Promise.all(clients.map((c) => c.request(apis[18], 2, apis[18].defaultRequest())));
      assert.equal(replies.filter((r) => r.errorCode === 0).length, 1000);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
