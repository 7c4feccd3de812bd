/**
 * The producer recovering from the broker's refusals: a batch over the topic's max.message.bytes
 * is split in halves until it fits (one record alone that is still too large fails with
 * RecordTooLargeError, the rest are delivered once and in order, sequences without gaps), and an idempotent
 * producer whose sequence the broker refuses (OUT_OF_ORDER_SEQUENCE_NUMBER) takes a new producer
 * id and epoch (KIP-360) and resends from sequence 0 instead of failing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { batchEnd, readBatchHeader } from '@samsa/protocol';
import { Admin } from '../src/admin/admin.js';
import type { IdempotenceState } from '../src/producer/idempotence.js';
import { Producer } from '../src/producer/producer.js';
import { RecordTooLargeError } from '../src/producer/transactions/transaction-errors.js';
import { topicName, within } from './support/helpers.js';
import { readValues } from './support/read.js';

/** Producer id, epoch, base sequence and record count of every batch in a partition's log. */
function batches(broker: TestBroker, topic: string) {
  const log = broker.readLog(topic, 0);
  const out: Array<{ producerId: bigint; producerEpoch: number; baseSequence: number; recordCount: number }> = [];
  for (let pos = 0; pos < log.length; pos = batchEnd(log, pos)) {
    const h = readBatchHeader(log, pos);
    out.push({
      producerId: h.producerId,
      producerEpoch: h.producerEpoch,
      baseSequence: h.baseSequence,
      recordCount: h.recordCount,
    });
  }
  return out;
}

describe('producer recovery', () => {
  let broker: TestBroker;
  let admin: Admin;
  before(async () => {
    broker = await startTestBroker({ config: { 'num.partitions': 1 } });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  });
  after(async () => {
    await admin.close();
    await broker.stop();
  });

  it('splits a batch over max.message.bytes until it fits; a record too large alone fails by itself', async () => {
    const topic = topicName('split');
    await admin.createTopics([{ name: topic, numPartitions: 1, configs: { 'max.message.bytes': '2000' } }]);
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, batchSize: 1_000_000 });
    try {
      await producer.partitionsFor(topic);
      // Sent in one tick, so all of them share one batch of about 9 KB.
      const values = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(3, '0')}-${'x'.repeat(200)}`);
      const sends = values.map((value) => producer.send({ topic, value }));
      const tooLarge = producer.send({ topic, value: 'y'.repeat(5_000) }).then(
        () => assert.fail('a 5,000-byte record was accepted under max.message.bytes 2000'),
        (e: unknown) => e,
      );
      const after = values.map((value) => producer.send({ topic, value: `late-${value}` }));
      const written = await within(20_000, Promise.all([...sends, ...after]));
      const err = await tooLarge;
      assert.ok(err instanceof RecordTooLargeError, `got ${String(err)}`);
      assert.equal(err.code, 10);
      assert.equal(err.retriable, false);

      const offsets = written.map((r) => r.offset);
      assert.deepEqual(
        offsets,
        offsets.map((_, i) => BigInt(i)),
        'every record once, in send order',
      );
      const read = await readValues(broker.bootstrap, topic, 'read_uncommitted', { expect: 80 });
      assert.deepEqual(read, [...values, ...values.map((v) => `late-${v}`)]);
      const written2 = batches(broker, topic);
      assert.ok(written2.length >= 8, `split into batches under 2000 bytes, got ${written2.length}`);
      // Idempotence stays consistent through the splits: under each producer id (a split behind
      // pipelined batches takes a new one) sequences start at 0 and continue without a gap.
      const next = new Map<bigint, number>();
      for (const b of written2) {
        assert.equal(b.baseSequence, next.get(b.producerId) ?? 0, `producer ${b.producerId}`);
        next.set(b.producerId, b.baseSequence + b.recordCount);
      }
    } finally {
      await producer.close();
    }
  });

  it('bumps the producer id and epoch after OUT_OF_ORDER_SEQUENCE_NUMBER and resends from sequence 0', async () => {
    const topic = topicName('bump');
    const producer = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    try {
      await within(10_000, producer.send({ topic, value: 'first' }));
      // Open a gap: the broker has sequence 0 and is now sent 5, as after a lost batch.
      const sender = (producer as unknown as { sender: { idempotence: IdempotenceState } }).sender;
      const sequences = (sender.idempotence as unknown as { sequences: Map<string, number> }).sequences;
      sequences.set(`${topic}\u00000`, 5);
      const second = await within(15_000, producer.send({ topic, value: 'second' }));
      const third = await within(10_000, producer.send({ topic, value: 'third' }));
      assert.deepEqual([second.offset, third.offset], [1n, 2n]);

      const written = batches(broker, topic);
      assert.equal(written.length, 3);
      const [a, b, c] = written as [(typeof written)[0], (typeof written)[0], (typeof written)[0]];
      assert.notEqual(b.producerId, a.producerId, 'a new producer id after the bump');
      assert.deepEqual([a.baseSequence, b.baseSequence, c.baseSequence], [0, 0, 1]);
      assert.equal(c.producerId, b.producerId);
      assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_uncommitted', { expect: 3 }), [
        'first',
        'second',
        'third',
      ]);
    } finally {
      await producer.close();
    }
  });
});
