/**
 * AddPartitionsToTxn (key 24), v0-5.
 * - v0-3: one transaction (the producer's request); results per topic and partition.
 * - v4+: the batched broker form (KIP-890): several transactions, each with verifyOnly, answered
 *   per transaction; a top-level error only when the whole request fails.
 * - A partition that does not exist fails the request: UNKNOWN_TOPIC_OR_PARTITION for it,
 *   OPERATION_NOT_ATTEMPTED for the others. Wrong producer id: INVALID_PRODUCER_ID_MAPPING; old
 *   epoch: PRODUCER_FENCED; a transaction being completed: CONCURRENT_TRANSACTIONS.
 * - Authorization (Kafka's): WRITE on the transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED
 *   everywhere), WRITE on each topic (else TOPIC_AUTHORIZATION_FAILED for it, OPERATION_NOT_ATTEMPTED
 *   for the rest); the batched v4+ form comes from brokers and needs CLUSTER_ACTION.
 */
import {
  type AddPartitionsToTxnRequestAddPartitionsToTxnTopic,
  type AddPartitionsToTxnResponse,
  type AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult,
  defaultAddPartitionsToTxnResponse,
  defaultAddPartitionsToTxnResponseAddPartitionsToTxnResult,
  ErrorCode,
} from '@samsa/protocol';
import { txnCaller } from '../coordinator/txn/transaction-coordinator.js';
import type { TxnPartition } from '../coordinator/txn/txn-metadata.js';
import type { RequestContext } from '../request-context.js';
import {
  AclOperation,
  authorizedCluster,
  authorizedTopic,
  authorizedTransactionalId,
} from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function flatten(topics: AddPartitionsToTxnRequestAddPartitionsToTxnTopic[]): TxnPartition[] {
  return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
}

function byTopic(
  topics: AddPartitionsToTxnRequestAddPartitionsToTxnTopic[],
  codes: number[] | ((i: number) => number),
): AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult[] {
  let i = 0;
  const code = typeof codes === 'function' ? codes : (n: number) => codes[n] as number;
  return topics.map((t) => ({
    name: t.name,
    resultsByPartition: t.partitions.map((partitionIndex) => ({ partitionIndex, partitionErrorCode: code(i++) })),
  }));
}

async function add(
  ctx: RequestContext,
  transactionalId: string,
  producerId: bigint,
  producerEpoch: number,
  topics: AddPartitionsToTxnRequestAddPartitionsToTxnTopic[],
  verifyOnly: boolean,
): Promise<AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult[]> {
  if (!authorizedTransactionalId(ctx, AclOperation.WRITE, transactionalId))
    return byTopic(topics, () => ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
  const refused = new Set(topics.map((t) => t.name).filter((t) => !authorizedTopic(ctx, AclOperation.WRITE, t)));
  if (refused.size > 0) {
    let i = 0;
    const names = flatten(topics).map((p) => p.topic);
    return byTopic(topics, () =>
      refused.has(names[i++] as string) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : ErrorCode.OPERATION_NOT_ATTEMPTED,
    );
  }
  const txns = ctx.broker.txns;
  await txns.ensureReady();
  const caller = txnCaller({ transactionalId, producerId, producerEpoch });
  return byTopic(topics, await txns.addPartitions(caller, flatten(topics), verifyOnly));
}

export default defineHandler({
  apiKey: 24,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, request) {
    const r = defaultAddPartitionsToTxnResponse();
    if (ctx.apiVersion <= 3) {
      r.resultsByTopicV3AndBelow = await add(
        ctx,
        request.v3AndBelowTransactionalId,
        request.v3AndBelowProducerId,
        request.v3AndBelowProducerEpoch,
        request.v3AndBelowTopics,
        false,
      );
      return r;
    }
    if (!authorizedCluster(ctx, AclOperation.CLUSTER_ACTION)) {
      r.errorCode = ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
      return r;
    }
    for (const t of request.transactions) {
      const result = defaultAddPartitionsToTxnResponseAddPartitionsToTxnResult();
      result.transactionalId = t.transactionalId;
      result.topicResults = await add(ctx, t.transactionalId, t.producerId, t.producerEpoch, t.topics, t.verifyOnly);
      r.resultsByTransaction.push(result);
    }
    return r;
  },
  errorResponse(request, errorCode, ctx): AddPartitionsToTxnResponse {
    const r = defaultAddPartitionsToTxnResponse();
    if (ctx.apiVersion <= 3) {
      r.resultsByTopicV3AndBelow = byTopic(request.v3AndBelowTopics, () => errorCode);
    } else {
      r.errorCode = errorCode === ErrorCode.NONE ? ErrorCode.UNKNOWN_SERVER_ERROR : errorCode;
    }
    return r;
  },
});
