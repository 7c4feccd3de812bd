/**
 * The transaction state machine without a broker, for answers the in-process broker never gives
 * (authorization failures, an unreachable coordinator): which errors are fatal and which abortable,
 * what each state allows, and that a failed initTransactions can be retried.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@samsa/common';
import { ErrorCode, KafkaError } from '@samsa/protocol';
import { ClientError } from '../src/errors.js';
import type { Cluster } from '../src/metadata/cluster.js';
import { IdempotenceState } from '../src/producer/idempotence.js';
import {
  AbortableTransactionError,
  FatalProducerError,
  ProducerFencedError,
  TransactionalIdAuthorizationError,
} from '../src/producer/transactions/transaction-errors.js';
import { type SenderControl, TransactionManager } from '../src/producer/transactions/transaction-manager.js';
import type { TransactionRequests } from '../src/producer/transactions/transaction-requests.js';

type Calls = Partial<Record<keyof TransactionRequests, (...args: unknown[]) => Promise<unknown>>>;

function manager(calls: Calls): { txn: TransactionManager; ended: boolean[] } {
  const ended: boolean[] = [];
  const requests = {
    transactionalId: 'tx',
    initProducerId: async () => ({ producerId: 7n, producerEpoch: 0 }),
    addPartitions: async () => {},
    addOffsets: async () => {},
    txnOffsetCommit: async () => {},
    endTxn: async (_pid: unknown, committed: boolean) => {
      ended.push(committed);
    },
    ...calls,
  } as unknown as TransactionRequests;
  const idempotence = new IdempotenceState(
    true,
    {} as Cluster,
    silentLogger,
    { maxBlockMs: 1, retryBackoffMs: 1, retryBackoffMaxMs: 1 },
    true,
  );
  const txn = new TransactionManager(requests, idempotence, silentLogger);
  const sender: SenderControl = { flush: async () => {}, dropUnsent: () => {}, wake: () => {} };
  txn.sender = sender;
  return { txn, ended };
}

const member = { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null };
const illegal = (e: unknown) => e instanceof ClientError && e.code === 'ILLEGAL_STATE';

describe('transaction manager', () => {
  it('walks READY → IN_TRANSACTION → READY, ending only transactions that added something', async () => {
    const { txn, ended } = manager({});
    await txn.initTransactions();
    txn.beginTransaction();
    await txn.commit();
    assert.deepEqual(ended, [], 'nothing added: no EndTxn');
    txn.beginTransaction();
    txn.addPartition('t', 0);
    assert.equal(await txn.addWaitingPartitions(), true);
    assert.equal(txn.isPartitionAdded('t', 0), true);
    await txn.commit();
    txn.beginTransaction();
    await txn.sendOffsets([{ topic: 't', partition: 0, offset: 1n }], member);
    await txn.abort();
    assert.deepEqual(ended, [true, false]);
    assert.equal(txn.state, 'READY');
  });

  it('a failed initTransactions that is not fatal can be called again', async () => {
    let attempts = 0;
    const { txn } = manager({
      initProducerId: async () => {
        if (++attempts === 1) throw new ClientError('REQUEST_TIMEOUT', 'no coordinator answered');
        return { producerId: 1n, producerEpoch: 0 };
      },
    });
    await assert.rejects(txn.initTransactions(), (e) => e instanceof ClientError && e.retriable);
    assert.equal(txn.state, 'UNINITIALIZED');
    await txn.initTransactions();
    assert.equal(txn.state, 'READY');
  });

  it('TRANSACTIONAL_ID_AUTHORIZATION_FAILED and PRODUCER_FENCED are fatal; every later call fails the same way', async () => {
    const denied = manager({
      initProducerId: async () => {
        throw new KafkaError(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      },
    }).txn;
    await assert.rejects(denied.initTransactions(), TransactionalIdAuthorizationError);
    assert.equal(denied.state, 'FATAL_ERROR');
    assert.throws(() => denied.beginTransaction(), TransactionalIdAuthorizationError);

    const fenced = manager({
      addOffsets: async () => {
        throw new KafkaError(ErrorCode.INVALID_PRODUCER_EPOCH);
      },
    }).txn;
    await fenced.initTransactions();
    fenced.beginTransaction();
    const err = await fenced.sendOffsets([{ topic: 't', partition: 0, offset: 1n }], member).catch((e) => e);
    assert.ok(err instanceof ProducerFencedError, 'an old epoch is reported as fenced');
    assert.equal(err.code, ErrorCode.PRODUCER_FENCED);
    assert.ok(err instanceof FatalProducerError && err.fatal);
    await assert.rejects(fenced.abort(), ProducerFencedError);
    assert.equal(fenced.sendError(), err);
  });

  it('a rebalanced group or a denied topic makes the transaction abortable, and abort recovers', async () => {
    const { txn, ended } = manager({
      txnOffsetCommit: async () => {
        throw new KafkaError(ErrorCode.ILLEGAL_GENERATION);
      },
      addPartitions: async () => {
        throw new KafkaError(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
      },
    });
    await txn.initTransactions();
    txn.beginTransaction();
    const err = await txn.sendOffsets([{ topic: 't', partition: 0, offset: 1n }], member).catch((e) => e);
    assert.ok(err instanceof AbortableTransactionError && !err.fatal && !err.retriable);
    assert.equal(err.code, ErrorCode.ILLEGAL_GENERATION);
    assert.equal(txn.state, 'ABORTABLE_ERROR');
    await assert.rejects(txn.commit(), AbortableTransactionError);
    assert.throws(() => txn.beginTransaction(), illegal);
    await txn.abort();
    assert.deepEqual(ended, [false], 'AddOffsetsToTxn succeeded, so the abort is sent');

    txn.beginTransaction();
    txn.addPartition('secret', 0);
    assert.equal(await txn.addWaitingPartitions(), true);
    assert.equal(txn.state, 'ABORTABLE_ERROR');
    assert.equal(txn.error?.code, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    await txn.abort();
    assert.deepEqual(ended, [false], 'nothing was added: no EndTxn');
  });

  it('refuses calls in the wrong state', async () => {
    const { txn } = manager({});
    assert.throws(() => txn.beginTransaction(), illegal);
    await assert.rejects(txn.commit(), illegal);
    assert.ok(illegal(txn.sendError()));
    await txn.initTransactions();
    await assert.rejects(txn.initTransactions(), illegal);
    await assert.rejects(txn.abort(), illegal);
    assert.ok(illegal(txn.sendError()), 'send outside a transaction');
    txn.beginTransaction();
    assert.equal(txn.sendError(), null);
  });
});
