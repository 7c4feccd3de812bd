/**
 * InitProducerId (key 22), v0-5.
 * - Without a transactional id (idempotent producers): a producer id never handed out before, epoch
 *   0. As in Kafka, a re-init that names its current id and epoch (v3+, KIP-360) gets a fresh id
 *   too: no state about idempotent producers is kept outside the partitions.
 * - With a transactional id: the transaction coordinator's answer — a new id (epoch 0) for a new
 *   transactional id, else the same id with the epoch bumped, which fences older producers and
 *   aborts their open transaction. INVALID_TRANSACTION_TIMEOUT above transaction.max.timeout.ms;
 *   v3+ callers naming an id/epoch that is not the current one are PRODUCER_FENCED.
 * - Ids come from the broker's ProducerIdManager, whose reserved blocks are persisted first.
 * - Authorization (Kafka's): WRITE on the transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
 *   without one, IDEMPOTENT_WRITE on the cluster or WRITE on some topic (KIP-679), else
 *   CLUSTER_AUTHORIZATION_FAILED.
 */
import { defaultInitProducerIdResponse, ErrorCode, type InitProducerIdResponse } from '@samsa/protocol';
import { AclOperation, authorizedCluster, authorizedTransactionalId } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function result(errorCode: number, producerId = -1, producerEpoch = -1): InitProducerIdResponse {
  const r = defaultInitProducerIdResponse();
  r.errorCode = errorCode;
  r.producerId = BigInt(producerId);
  r.producerEpoch = producerEpoch;
  return r;
}

export default defineHandler({
  apiKey: 22,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, request) {
    if (request.transactionalId === null) {
      const a = ctx.broker.authorizer;
      if (
        a &&
        !authorizedCluster(ctx, AclOperation.IDEMPOTENT_WRITE, false) &&
        !a.authorizeAnyTopicWrite(ctx.principal, ctx.clientHost)
      ) {
        authorizedCluster(ctx, AclOperation.IDEMPOTENT_WRITE); // logs the denial
        return result(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
      }
      return result(ErrorCode.NONE, ctx.broker.producerIds.next(), 0);
    }
    if (!authorizedTransactionalId(ctx, AclOperation.WRITE, request.transactionalId))
      return result(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    const txns = ctx.broker.txns;
    await txns.ensureReady();
    const r = await txns.initProducerId(
      request.transactionalId,
      request.transactionTimeoutMs,
      Number(request.producerId),
      request.producerEpoch,
    );
    return result(r.errorCode, r.producerId, r.producerEpoch);
  },
  errorResponse(_request, errorCode) {
    return result(errorCode);
  },
});
