/**
 * DescribeTransactions (key 65), v0 (KIP-664): each asked transactional id's state, producer id
 * and epoch, timeout, start time (-1 when no transaction is open) and partitions.
 * Unknown ids: TRANSACTIONAL_ID_NOT_FOUND.
 * - Needs DESCRIBE on each transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  type DescribeTransactionsResponseTransactionState,
  defaultDescribeTransactionsResponse,
  ErrorCode,
} from '@samsa/protocol';
import { TXN_STATE_NAMES } from '../coordinator/txn/txn-metadata.js';
import { AclOperation, authorizedTransactionalId } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function failed(transactionalId: string, errorCode: number): DescribeTransactionsResponseTransactionState {
  return {
    errorCode,
    transactionalId,
    transactionState: '',
    transactionTimeoutMs: 0,
    transactionStartTimeMs: -1n,
    producerId: -1n,
    producerEpoch: -1,
    topics: [],
  };
}

export default defineHandler({
  apiKey: 65,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    const txns = ctx.broker.txns;
    const r = defaultDescribeTransactionsResponse();
    r.transactionStates = request.transactionalIds.map((id) => {
      if (!authorizedTransactionalId(ctx, AclOperation.DESCRIBE, id))
        return failed(id, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      if (!txns.ready) return failed(id, ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
      const error = txns.coordinatorError(id);
      if (error !== ErrorCode.NONE) return failed(id, error);
      const m = txns.get(id);
      if (!m) return failed(id, ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
      const byTopic = new Map<string, number[]>();
      for (const p of m.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
      return {
        errorCode: ErrorCode.NONE,
        transactionalId: id,
        transactionState: TXN_STATE_NAMES[m.state],
        transactionTimeoutMs: m.txnTimeoutMs,
        transactionStartTimeMs: BigInt(m.txnStartTimestamp),
        producerId: BigInt(m.producerId),
        producerEpoch: m.producerEpoch,
        topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      };
    });
    return r;
  },
  errorResponse(request, errorCode) {
    const r = defaultDescribeTransactionsResponse();
    r.transactionStates = request.transactionalIds.map((id) => failed(id, errorCode));
    return r;
  },
});
