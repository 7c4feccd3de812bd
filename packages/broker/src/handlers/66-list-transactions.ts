/**
 * ListTransactions (key 66), v0-1 (KIP-664, KIP-994): the transactional ids this coordinator
 * knows, filtered by state names (unknown names are echoed back in unknownStateFilters), by
 * producer id, and (v1) by running longer than durationFilter ms.
 * - Lists only the transactional ids the principal may DESCRIBE, as in Kafka.
 */
import { defaultListTransactionsResponse } from '@samsa/protocol';
import { TXN_STATE_NAMES, TxnState } from '../coordinator/txn/txn-metadata.js';
import { AclOperation, authorized, ResourceType } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

const KNOWN = new Set(Object.values(TXN_STATE_NAMES));

export default defineHandler({
  apiKey: 66,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const r = defaultListTransactionsResponse();
    r.unknownStateFilters = request.stateFilters.filter((s) => !KNOWN.has(s));
    const states = new Set(request.stateFilters.filter((s) => KNOWN.has(s)));
    if (request.stateFilters.length > 0 && states.size === 0) return r;
    const pids = new Set(request.producerIdFilters.map(Number));
    const minDuration = ctx.apiVersion >= 1 ? Number(request.durationFilter) : -1;
    const now = Date.now();
    for (const m of ctx.broker.txns.all()) {
      const name = TXN_STATE_NAMES[m.state];
      if (states.size > 0 && !states.has(name)) continue;
      if (pids.size > 0 && !pids.has(m.producerId)) continue;
      if (minDuration >= 0 && (m.state !== TxnState.Ongoing || now - m.txnStartTimestamp < minDuration)) continue;
      if (!authorized(ctx, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, m.transactionalId, false)) continue;
      r.transactionStates.push({
        transactionalId: m.transactionalId,
        producerId: BigInt(m.producerId),
        transactionState: name,
      });
    }
    return r;
  },
  errorResponse(_request, errorCode) {
    const r = defaultListTransactionsResponse();
    r.errorCode = errorCode;
    return r;
  },
});
