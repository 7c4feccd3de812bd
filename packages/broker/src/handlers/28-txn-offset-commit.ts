/**
 * TxnOffsetCommit (key 28), v0-4.
 * - Sent to the group's coordinator (this broker): the producer must be current and its
 *   transaction must hold the group (AddOffsetsToTxn), else PRODUCER_FENCED / INVALID_TXN_STATE.
 * - v3+ carry the consumer's generation and member id, checked as OffsetCommit checks them.
 * - Accepted offsets are staged and become visible only when the transaction commits.
 */
import {
  defaultTxnOffsetCommitResponse,
  type TxnOffsetCommitRequestTopic,
  type TxnOffsetCommitResponse,
} from '@samsa/protocol';
import type { OffsetCommitEntry } from '../coordinator/group/offset-manager.js';
import { txnCaller } from '../coordinator/txn/transaction-coordinator.js';
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
    const codes = txns.txnOffsetCommit(
      txnCaller(request),
      {
        groupId: request.groupId,
        generationId: v3 ? request.generationId : -1,
        memberId: v3 ? request.memberId : '',
        groupInstanceId: v3 ? request.groupInstanceId : null,
      },
      offsets,
    );
    return respond(request.topics, (i) => codes[i] as number);
  },
  errorResponse(request, errorCode) {
    return respond(request.topics, () => errorCode);
  },
});
