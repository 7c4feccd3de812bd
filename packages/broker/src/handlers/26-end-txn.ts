/**
 * EndTxn (key 26), v0-4.
 * - Commits or aborts the producer's transaction: the decision is written to __transaction_state,
 *   markers to every partition of the transaction, staged offsets to their groups; the answer
 *   comes once all of that is in the log.
 * - A retry after completion gets NONE; ending a transaction that is not open (or the opposite
 *   of how it ended) is INVALID_TXN_STATE; an old epoch PRODUCER_FENCED.
 * - Needs WRITE on the transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED), as in Kafka.
 */
import { defaultEndTxnResponse, type EndTxnResponse, ErrorCode } from '@samsa/protocol';
import { txnCaller } from '../coordinator/txn/transaction-coordinator.js';
import { AclOperation, ResourceType, requireAuthorized } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function result(errorCode: number): EndTxnResponse {
  const r = defaultEndTxnResponse();
  r.errorCode = errorCode;
  return r;
}

export default defineHandler({
  apiKey: 26,
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx, request) {
    requireAuthorized(
      ctx,
      AclOperation.WRITE,
      ResourceType.TRANSACTIONAL_ID,
      request.transactionalId,
      ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
    );
    const txns = ctx.broker.txns;
    await txns.ensureReady();
    return result(await txns.endTxn(txnCaller(request), request.committed));
  },
  errorResponse(_request, errorCode) {
    return result(errorCode);
  },
});
