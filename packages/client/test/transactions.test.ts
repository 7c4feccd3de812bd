/**
 * Transactions against the in-process broker: commit and abort as read_committed and
 * read_uncommitted consumers see them (also while a transaction is open), consume-transform-produce
 * with offsets committed in the transaction, fencing by a second producer with the same
 * transactionalId, runInTransaction's abort on throw, the state machine's refusals, and kcat
 * (librdkafka) reading committed but not aborted records.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/common';
import { ApiKey, ErrorCode } from '@samsa/protocol';
import { expectSuccess, run } from '@samsa/test-kit';
import { Admin } from '../src/admin/admin.js';
import { Consumer } from '../src/consumer/consumer.js';
import { GroupRequests } from '../src/consumer/group/group-requests.js';
import { ClientError } from '../src/errors.js';
import { Producer } from '../src/producer/producer.js';
import {
  AbortableTransactionError,
  ProducerFencedError,
  TransactionAbortedError,
} from '../src/producer/transactions/transaction-errors.js';
import { topicName, within } from './support/helpers.js';
import { readValues } from './support/read.js';

describe('transactions', () => {
  let broker: TestBroker;
  let admin: Admin;
  const producers: Producer[] = [];

  function transactional(transactionalId = topicName('txn')): Producer {
    const p = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger, transactionalId });
    producers.push(p);
    return p;
  }

  before(async () => {
    broker = await startTestBroker({
      config: {
        'num.partitions': 1,
        'group.initial.rebalance.delay.ms': 0,
        // So that the transactionTimeoutMs test sees its transaction aborted within a second.
        'transaction.abort.timed.out.transaction.cleanup.interval.ms': 100,
      },
    });
    admin = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  });
  after(async () => {
    for (const p of producers) await p.close({ timeoutMs: 2_000 }).catch(() => {});
    await admin.close();
    await broker.stop();
  });

  it('hides an open transaction from read_committed, shows it to read_uncommitted, and commit or abort decides', async () => {
    const topic = topicName('iso');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const producer = transactional();
    await within(15_000, producer.initTransactions());
    assert.equal(producer.transactionState, 'READY');

    producer.beginTransaction();
    await within(10_000, Promise.all(['a1', 'a2', 'a3'].map((value) => producer.send({ topic, value }))));
    // The open transaction's records are in the log: read_uncommitted reads them, read_committed
    // stops at the last stable offset before them.
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_uncommitted', { expect: 3 }), ['a1', 'a2', 'a3']);
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_committed'), []);
    await within(10_000, producer.abortTransaction());
    assert.equal(producer.transactionState, 'READY');

    producer.beginTransaction();
    await within(10_000, Promise.all(['c1', 'c2'].map((value) => producer.send({ topic, value }))));
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_committed'), []);
    await within(10_000, producer.commitTransaction());

    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_committed', { expect: 2 }), ['c1', 'c2']);
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_uncommitted', { expect: 5 }), [
      'a1',
      'a2',
      'a3',
      'c1',
      'c2',
    ]);
  });

  it('live consumers of both isolation levels follow an open, an aborted and a committed transaction', async () => {
    const topic = topicName('live');
    await admin.createTopics([{ name: topic, numPartitions: 1 }]);
    const consumer = (isolationLevel: 'read_committed' | 'read_uncommitted') => {
      const c = new Consumer({
        bootstrapServers: broker.bootstrap,
        logger: silentLogger,
        autoOffsetReset: 'earliest',
        isolationLevel,
        fetchMaxWaitMs: 50,
      });
      c.assign([{ topic, partition: 0 }]);
      return c;
    };
    // Everything a consumer reads until a poll comes back empty.
    const take = (c: Consumer) =>
      within(
        15_000,
        (async () => {
          const out: string[] = [];
          for (let rs = await c.poll({ timeoutMs: 500 }); rs.length > 0; rs = await c.poll({ timeoutMs: 500 })) {
            for (const r of rs) out.push(r.value?.toString() ?? '');
          }
          return out;
        })(),
      );
    const committed = consumer('read_committed');
    const uncommitted = consumer('read_uncommitted');
    const producer = transactional();
    try {
      await within(15_000, producer.initTransactions());
      producer.beginTransaction();
      await within(
        10_000,
        producer.sendBatch([
          { topic, value: 'a1' },
          { topic, value: 'a2' },
        ]),
      );
      assert.deepEqual(await take(uncommitted), ['a1', 'a2']);
      assert.deepEqual(await take(committed), []);
      await within(10_000, producer.send({ topic, value: 'a3' }));
      assert.deepEqual(await take(uncommitted), ['a3']);
      assert.deepEqual(await take(committed), []);
      await within(10_000, producer.abortTransaction());
      // The read_committed consumer, held at the last stable offset until now, skips the aborted
      // records and the abort marker.
      assert.deepEqual(await take(committed), []);

      await producer.runInTransaction(async (txn) => txn.send({ topic, value: 'c1' }));
      assert.deepEqual(await take(committed), ['c1']);
      assert.deepEqual(await take(uncommitted), ['c1']);
    } finally {
      await committed.close();
      await uncommitted.close();
    }
  });

  it('commits records across partitions and topics atomically; records not yet sent fail on abort', async () => {
    const topic = topicName('multi');
    await admin.createTopics([{ name: topic, numPartitions: 3 }]);
    const producer = new Producer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      transactionalId: topicName('txn'),
      lingerMs: 60_000,
      batchSize: 1_000_000,
    });
    producers.push(producer);
    await within(15_000, producer.initTransactions());
    producer.beginTransaction();
    // lingerMs keeps these in the accumulator, so the abort finds them unsent.
    const unsent = [0, 1, 2].map((partition) => producer.send({ topic, partition, value: `dropped-${partition}` }));
    await within(10_000, producer.abortTransaction());
    for (const p of unsent) await assert.rejects(p, TransactionAbortedError);

    producer.beginTransaction();
    const sent = [0, 1, 2].map((partition) => producer.send({ topic, partition, value: `kept-${partition}` }));
    await within(10_000, producer.commitTransaction());
    assert.deepEqual(
      (await Promise.all(sent)).map((r) => r.partition),
      [0, 1, 2],
    );
    const values = await readValues(broker.bootstrap, topic, 'read_committed', { partitions: 3, expect: 3 });
    assert.deepEqual(values.sort(), ['kept-0', 'kept-1', 'kept-2']);
  });

  it('consume-transform-produce: output and input offsets commit together, and not at all on abort', async () => {
    const input = topicName('in');
    const output = topicName('out');
    const groupId = topicName('ctp');
    await admin.createTopics([
      { name: input, numPartitions: 1 },
      { name: output, numPartitions: 1 },
    ]);
    const seed = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    await within(10_000, Promise.all(Array.from({ length: 6 }, (_, i) => seed.send({ topic: input, value: `n${i}` }))));
    await seed.close();

    const consumer = new Consumer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      groupId,
      autoOffsetReset: 'earliest',
      enableAutoCommit: false,
      isolationLevel: 'read_committed',
    });
    const producer = transactional();
    try {
      await within(15_000, producer.initTransactions());
      await within(15_000, consumer.subscribe([input]));
      const taken: string[] = [];
      let next = 0n;
      while (taken.length < 6) {
        for (const r of await within(15_000, consumer.poll({ timeoutMs: 5_000 }))) {
          taken.push(r.value?.toString() ?? '');
          next = r.offset + 1n;
        }
      }
      const member = consumer.groupMetadata();
      assert.equal(member.groupId, groupId);
      assert.ok(member.generationId >= 1, 'a member of a generation');
      assert.notEqual(member.memberId, '');

      // First attempt aborts: neither output nor offsets become visible.
      producer.beginTransaction();
      await Promise.all(taken.map((v) => producer.send({ topic: output, value: v.toUpperCase() })));
      await within(10_000, producer.sendOffsetsToTransaction([{ topic: input, partition: 0, offset: next }], member));
      await within(10_000, producer.abortTransaction());
      assert.equal(await committedOffset(groupId, input), null);

      // Second attempt commits; until then the offsets are pending, not committed.
      producer.beginTransaction();
      await Promise.all(taken.map((v) => producer.send({ topic: output, value: v.toUpperCase() })));
      await within(10_000, producer.sendOffsetsToTransaction([{ topic: input, partition: 0, offset: next }], member));
      assert.equal(await committedOffset(groupId, input), null, 'offsets invisible before the commit');
      await within(10_000, producer.commitTransaction());
      assert.equal(await committedOffset(groupId, input), 6n);
      assert.deepEqual(await readValues(broker.bootstrap, output, 'read_committed', { expect: 6 }), [
        'N0',
        'N1',
        'N2',
        'N3',
        'N4',
        'N5',
      ]);
    } finally {
      await consumer.close();
    }
  });

  it('a second producer with the same transactionalId fences the first, which fails fatally', async () => {
    const topic = topicName('fence');
    const id = topicName('fenced-id');
    const first = transactional(id);
    await within(15_000, first.initTransactions());
    first.beginTransaction();
    await within(10_000, first.send({ topic, value: 'zombie' }));

    const second = transactional(id);
    await within(15_000, second.initTransactions());

    const err = await within(10_000, first.commitTransaction()).then(
      () => assert.fail('the fenced producer committed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProducerFencedError, `got ${String(err)}`);
    assert.equal(err.code, ErrorCode.PRODUCER_FENCED);
    assert.equal(err.retriable, false);
    assert.equal(first.transactionState, 'FATAL_ERROR');
    // Fatal: every later call fails with the same error; only close() is left.
    assert.throws(() => first.beginTransaction(), ProducerFencedError);
    await assert.rejects(first.send({ topic, value: 'x' }), ProducerFencedError);
    await assert.rejects(first.abortTransaction(), ProducerFencedError);

    // The new producer works, and the zombie's record was aborted by the fencing.
    await second.runInTransaction(async (txn) => {
      await txn.send({ topic, value: 'live' });
    });
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_committed', { expect: 1 }), ['live']);
  });

  it('runInTransaction commits what the callback sent, and aborts and rethrows when it throws', async () => {
    const topic = topicName('run');
    const producer = transactional();
    await within(15_000, producer.initTransactions());
    const boom = new Error('boom');
    await assert.rejects(
      producer.runInTransaction(async (txn) => {
        await txn.send({ topic, value: 'lost' });
        throw boom;
      }),
      (e) => e === boom,
    );
    assert.equal(producer.transactionState, 'READY', 'aborted, ready for the next transaction');
    const written = await producer.runInTransaction(async (txn) => txn.sendBatch([{ topic, value: 'kept' }]));
    assert.equal(written.length, 1);
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_committed', { expect: 1 }), ['kept']);
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_uncommitted', { expect: 2 }), ['lost', 'kept']);
  });

  it('refuses operations out of order with ILLEGAL_STATE', async () => {
    const topic = topicName('order');
    const producer = transactional();
    await assert.rejects(producer.send({ topic, value: 'x' }), isIllegalState);
    assert.throws(() => producer.beginTransaction(), isIllegalState);
    await within(15_000, producer.initTransactions());
    await assert.rejects(producer.send({ topic, value: 'x' }), isIllegalState, 'send outside a transaction');
    await assert.rejects(producer.commitTransaction(), isIllegalState);
    await assert.rejects(producer.initTransactions(), isIllegalState);
    producer.beginTransaction();
    assert.throws(() => producer.beginTransaction(), isIllegalState);
    await within(10_000, producer.commitTransaction());

    const plain = new Producer({ bootstrapServers: broker.bootstrap, logger: silentLogger });
    producers.push(plain);
    await assert.rejects(plain.initTransactions(), isIllegalState);
    assert.throws(
      () => new Producer({ bootstrapServers: broker.bootstrap, transactionalId: 'x', enableIdempotence: false }),
      (e) => e instanceof ClientError && e.code === 'INVALID_CONFIG',
    );
  });

  it('a failed send makes the transaction abortable: commit refuses, abort recovers', async () => {
    const topic = topicName('abortable');
    await admin.createTopics([{ name: topic, numPartitions: 1, configs: { 'max.message.bytes': '1000' } }]);
    const producer = transactional();
    await within(15_000, producer.initTransactions());
    producer.beginTransaction();
    await assert.rejects(within(10_000, producer.send({ topic, value: 'x'.repeat(5_000) })), {
      name: 'RecordTooLargeError',
    });
    const err = await producer.commitTransaction().then(
      () => assert.fail('committed a transaction with a failed record'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AbortableTransactionError, `got ${String(err)}`);
    assert.equal(err.code, ErrorCode.MESSAGE_TOO_LARGE);
    assert.equal(producer.transactionState, 'ABORTABLE_ERROR');
    await assert.rejects(producer.send({ topic, value: 'y' }), AbortableTransactionError);
    await within(10_000, producer.abortTransaction());
    await producer.runInTransaction(async (txn) => {
      await txn.send({ topic, value: 'fine' });
    });
    assert.deepEqual(await readValues(broker.bootstrap, topic, 'read_committed', { expect: 1 }), ['fine']);
  });

  it('the coordinator aborts a transaction open longer than transactionTimeoutMs; the producer is then fenced', async () => {
    const topic = topicName('timeout');
    const producer = new Producer({
      bootstrapServers: broker.bootstrap,
      logger: silentLogger,
      transactionalId: topicName('txn'),
      transactionTimeoutMs: 300,
    });
    producers.push(producer);
    await within(15_000, producer.initTransactions());
    producer.beginTransaction();
    await within(10_000, producer.send({ topic, value: 'too-slow' }));
    // Bounded wait for the coordinator to decide: the last stable offset moves past the record.
    const deadline = Date.now() + 10_000;
    while ((await within(5_000, stableOffset(topic))) === 0n && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const visible = await readValues(broker.bootstrap, topic, 'read_committed');
    assert.deepEqual(visible, [], 'the timed-out transaction was aborted, not committed');
    const err = await within(10_000, producer.commitTransaction()).then(
      () => assert.fail('committed a transaction the coordinator aborted'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProducerFencedError, `got ${String(err)}`);
  });

  it('kcat (librdkafka) with isolation.level=read_committed reads committed records and skips aborted ones', async () => {
    const topic = topicName('kcat-txn');
    const producer = transactional();
    await within(15_000, producer.initTransactions());
    await producer.runInTransaction(async (txn) => {
      await txn.sendBatch([
        { topic, value: 'committed-1' },
        { topic, value: 'committed-2' },
      ]);
    });
    producer.beginTransaction();
    await within(10_000, producer.send({ topic, value: 'aborted-1' }));
    await within(10_000, producer.abortTransaction());
    await producer.runInTransaction(async (txn) => {
      await txn.send({ topic, value: 'committed-3' });
    });
    const read = async (isolation: string) =>
      expectSuccess(
        await run(
          'kcat',
          [
            '-C',
            '-b',
            broker.bootstrap,
            '-t',
            topic,
            '-o',
            'beginning',
            '-e',
            '-q',
            '-X',
            `isolation.level=${isolation}`,
          ],
          { timeoutMs: 30_000 },
        ),
        'kcat',
      )
        .stdout.split('\n')
        .filter((l) => l.length > 0);
    assert.deepEqual(await read('read_committed'), ['committed-1', 'committed-2', 'committed-3']);
    assert.deepEqual(await read('read_uncommitted'), ['committed-1', 'committed-2', 'aborted-1', 'committed-3']);
  });

  /** The partition's last stable offset: past the open transaction once it is decided. */
  async function stableOffset(topic: string): Promise<bigint> {
    const [answer] = await admin.listOffsets([{ topic, partition: 0, spec: 'latest' }], {
      isolationLevel: 'read_committed',
    });
    return answer?.offset ?? -1n;
  }

  /** The group's committed offset as a plain (not requireStable) OffsetFetch sees it. */
  async function committedOffset(groupId: string, topic: string): Promise<bigint | null> {
    const conn = await new GroupRequests(admin.cluster, groupId).coordinator();
    const topics = [{ name: topic, partitionIndexes: [0] }];
    const res = await conn.request(ApiKey.OffsetFetch, {
      groupId,
      topics,
      groups: [{ groupId, memberId: null, memberEpoch: -1, topics }],
      requireStable: false,
    });
    const group = res.groups[0];
    const p = (group ? group.topics : res.topics)[0]?.partitions[0];
    assert.ok(p, 'OffsetFetch answered for the partition');
    assert.equal(p.errorCode, 0);
    return p.committedOffset >= 0n ? p.committedOffset : null;
  }
});

function isIllegalState(e: unknown): boolean {
  return e instanceof ClientError && e.code === 'ILLEGAL_STATE';
}
