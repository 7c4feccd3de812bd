/**
 * KafkaJS 2.2.4 speaks EndTxn v1 and AddPartitionsToTxn v1, which predate PRODUCER_FENCED (90): a
 * producer fenced by a newer one with the same transactional id must get INVALID_PRODUCER_EPOCH
 * (47), the code KafkaJS knows, not one it reports as unknown (errors/version-error-codes.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { type Broker, startBroker } from '../src/index.js';

/** The Kafka error type KafkaJS reports, looking through its retry wrappers. */
function kafkaJsType(err: unknown): string | undefined {
  for (let e = err as { type?: string; originalError?: unknown; cause?: unknown } | undefined; e; ) {
    if (typeof e.type === 'string') return e.type;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return undefined;
}

describe('a fenced KafkaJS transactional producer', () => {
  let dir: string;
  let broker: Broker;
  let kafka: Kafka;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-fenced-js-'));
    broker = await startBroker({ logDirs: dir, config: { 'transaction.state.log.num.partitions': 1 } });
    kafka = new Kafka({
      clientId: 'samsa-fenced',
      brokers: [broker.bootstrapServers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'fenced', numPartitions: 1 }] });
    await admin.disconnect();
  });
  after(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets INVALID_PRODUCER_EPOCH from EndTxn v1 once a newer producer took its transactional id', async () => {
    const zombie = kafka.producer({ transactionalId: 'fenced-tx', maxInFlightRequests: 1, idempotent: true });
    const successor = kafka.producer({ transactionalId: 'fenced-tx', maxInFlightRequests: 1, idempotent: true });
    await zombie.connect();
    try {
      const txn = await zombie.transaction();
      await txn.send({ topic: 'fenced', messages: [{ value: 'from the zombie' }] });
      await successor.connect();
      // KafkaJS sends the transactional InitProducerId when the first transaction begins: it bumps
      // the epoch and aborts the zombie's open transaction.
      const successorTxn = await successor.transaction();
      const err = await txn.commit().then(
        () => assert.fail('the fenced producer committed'),
        (e: unknown) => e,
      );
      assert.equal(kafkaJsType(err), 'INVALID_PRODUCER_EPOCH', String(err));
      await successorTxn.send({ topic: 'fenced', messages: [{ value: 'from the successor' }] });
      await successorTxn.commit();
    } finally {
      await zombie.disconnect();
      await successor.disconnect();
    }
  });
});
