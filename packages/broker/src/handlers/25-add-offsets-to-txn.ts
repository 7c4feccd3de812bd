/**
 * AddOffsetsToTxn (key 25), v0-4.
 * - Adds the group's __consumer_offsets partition to the transaction, so that the offsets the
 *   producer then sends with TxnOffsetCommit are committed or dropped with it.
 * - Errors as AddPartitionsToTxn: INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED, CONCURRENT_TRANSACTIONS.
 * - Authorization (Kafka's): WRITE on the transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED),
 *   READ on the group (else GROUP_AUTHORIZATION_FAILED).
 */
import { type AddOffsetsToTxnResponse, defaultAddOffsetsToTxnResponse, ErrorCode } from '@samsa/protocol';
import { txnCaller } from '../coordinator/txn/transaction-coordinator.js';
import { AclOperation, ResourceType, requireAuthorized } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function result(errorCode: number): AddOffsetsToTxnResponse {
  const r = defaultAddOffsetsToTxnResponse();
  r.errorCode = errorCode;
  return r;
}

export default defineHandler({
  apiKey: 25,
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
    requireAuthorized(
      ctx,
      AclOperation.READ,
      ResourceType.GROUP,
      request.groupId,
      ErrorCode.GROUP_AUTHORIZATION_FAILED,
    );
    const txns = ctx.broker.txns;
    await txns.ensureReady();
    return result(await txns.addOffsets(txnCaller(request), request.groupId));
  },
  errorResponse(_request, errorCode) {
    return result(errorCode);
  },
});
