/**
 * WriteTxnMarkers (key 27), v0-1: the inter-broker request a transaction coordinator sends to the
 * leaders of its transaction's partitions (cluster mode; on a single node the coordinator appends
 * them itself).
 * - Each partition gets a commit or abort control batch for the producer, appended as its leader
 *   and answered once the ISR has it (acks=-1): NOT_LEADER_OR_FOLLOWER if not the leader here,
 *   UNKNOWN_TOPIC_OR_PARTITION if not hosted, NOT_ENOUGH_REPLICAS / REQUEST_TIMED_OUT otherwise.
 * - The coordinator epoch is checked against the last one the partition saw
 *   (TRANSACTION_COORDINATOR_FENCED if older), the producer epoch likewise (INVALID_PRODUCER_EPOCH).
 * - A commit marker on a __consumer_offsets partition first publishes the transaction's offsets.
 * - Needs CLUSTER_ACTION on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka (a broker request).
 */
import {
  defaultWriteTxnMarkersResponse,
  type WriteTxnMarkersRequest,
  type WriteTxnMarkersResponse,
} from '@samsa/protocol';
import { txnMarkerAppender } from '../coordinator/txn/start-transaction-coordinator.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function respond(
  request: WriteTxnMarkersRequest,
  code: (producerId: bigint, topic: string, partition: number) => number,
): WriteTxnMarkersResponse {
  const r = defaultWriteTxnMarkersResponse();
  r.markers = request.markers.map((m) => ({
    producerId: m.producerId,
    topics: m.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => ({
        partitionIndex,
        errorCode: code(m.producerId, t.name, partitionIndex),
      })),
    })),
  }));
  return r;
}

export default defineHandler({
  apiKey: 27,
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.CLUSTER_ACTION);
    const { config, replicas, groups } = ctx.broker;
    const appender = txnMarkerAppender({ config, replicas, groups, logger: ctx.logger });
    const now = Date.now();
    const results = new Map<string, number>();
    for (const m of request.markers) {
      const partitions = m.topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
      const marker = {
        producerId: Number(m.producerId),
        producerEpoch: m.producerEpoch,
        coordinatorEpoch: m.coordinatorEpoch,
        commit: m.transactionResult,
      };
      const codes = await appender.append(marker, partitions, now);
      partitions.forEach((p, i) => {
        results.set(`${m.producerId}\0${p.topic}\0${p.partition}`, codes[i] as number);
      });
    }
    return respond(request, (pid, topic, partition) => results.get(`${pid}\0${topic}\0${partition}`) ?? 0);
  },
  errorResponse(request, errorCode) {
    return respond(request, () => errorCode);
  },
});
