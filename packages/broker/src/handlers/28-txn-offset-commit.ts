/**
 * TxnOffsetCommit (key 28), v0-4.
 * - Sent to the group's coordinator (this broker): the producer must be current and its
 *   transaction must hold the group (AddOffsetsToTxn), else INVALID_PRODUCER_EPOCH / INVALID_TXN_STATE.
 * - v3+ carry the consumer's generation and member id, checked as OffsetCommit checks them.
 * - Accepted offsets are appended to the group's partition as transactional records and become
 *   visible when the transaction's commit marker reaches that partition; in a cluster the answer
 *   waits for the ISR (acks=-1). When another broker coordinates the transaction, only the
 *   producer epoch the partition has seen is checked (INVALID_PRODUCER_EPOCH), as in Kafka.
 * - Authorization (Kafka's): WRITE on the transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED
 *   everywhere), READ on the group (else GROUP_AUTHORIZATION_FAILED everywhere), READ on each topic
 *   (else TOPIC_AUTHORIZATION_FAILED for its partitions, which are not committed; the others are).
 */
import {
  defaultTxnOffsetCommitResponse,
  ErrorCode,
  type TxnOffsetCommitRequestTopic,
  type TxnOffsetCommitResponse,
} from '@samsa/protocol';
import { OFFSETS_TOPIC } from '../coordinator/group/group-partition.js';
import type { OffsetCommitEntry } from '../coordinator/group/offset-manager.js';
import { txnCaller } from '../coordinator/txn/transaction-coordinator.js';
import {
  AclOperation,
  authorizedGroup,
  authorizedTopic,
  authorizedTransactionalId,
} from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function respond(topics: TxnOffsetCommitRequestTopic[], code: (i: number) => number): TxnOffsetCommitResponse {
  const r = defaultTxnOffsetCommitResponse();
  let i = 0;
  r.topics = topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code(i++) })),
  }));
  return r;
}

export default defineHandler({
  apiKey: 28,
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx, request) {
    if (!authorizedTransactionalId(ctx, AclOperation.WRITE, request.transactionalId))
      return respond(request.topics, () => ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    if (!authorizedGroup(ctx, AclOperation.READ, request.groupId))
      return respond(request.topics, () => ErrorCode.GROUP_AUTHORIZATION_FAILED);
    const readable = new Set(
      request.topics.map((t) => t.name).filter((t) => authorizedTopic(ctx, AclOperation.READ, t)),
    );
    const txns = ctx.broker.txns;
    await txns.ensureReady();
    const v3 = ctx.apiVersion >= 3;
    const offsets: OffsetCommitEntry[] = request.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: ctx.apiVersion >= 2 ? p.committedLeaderEpoch : -1,
        metadata: p.committedMetadata,
        commitTimestamp: -1,
      })),
    );
    const committed = txns.txnOffsetCommit(
      txnCaller(request),
      {
        groupId: request.groupId,
        generationId: v3 ? request.generationId : -1,
        memberId: v3 ? request.memberId : '',
        groupInstanceId: v3 ? request.groupInstanceId : null,
      },
      offsets.filter((o) => readable.has(o.topic)),
    );
    // Refused topics answer TOPIC_AUTHORIZATION_FAILED; the rest were committed (Kafka's rule).
    let next = 0;
    const codes = offsets.map((o) =>
      readable.has(o.topic) ? (committed[next++] as number) : ErrorCode.TOPIC_AUTHORIZATION_FAILED,
    );
    if (ctx.broker.cluster && codes.some((c) => c === ErrorCode.NONE)) {
      const partition = ctx.broker.groups.partitionFor(request.groupId);
      const replicated = await ctx.broker.replicas.awaitLogEndReplicated(
        OFFSETS_TOPIC,
        partition,
        ctx.broker.config.offsetsCommitTimeoutMs,
      );
      if (!replicated)
        return respond(request.topics, (i) => (codes[i] as number) || ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
    return respond(request.topics, (i) => codes[i] as number);
  },
  errorResponse(request, errorCode) {
    return respond(request.topics, () => errorCode);
  },
});
