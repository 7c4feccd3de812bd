/**
 * WriteTxnMarkers (key 27), v0-1: the inter-broker request a transaction coordinator sends to
 * partition leaders. Samsa's coordinator writes its markers locally, so this serves other
 * coordinators and tools: each partition gets a commit or abort marker for the producer, with
 * the coordinator epoch checked against the last one the partition saw
 * (TRANSACTION_COORDINATOR_FENCED if older).
 */
import {
  defaultWriteTxnMarkersResponse,
  type WriteTxnMarkersRequest,
  type WriteTxnMarkersResponse,
} from '@samsa/protocol';
import { LocalTxnMarkerWriter } from '../coordinator/txn/txn-marker-writer.js';
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
  handle(ctx, request) {
    const writer = new LocalTxnMarkerWriter(ctx.broker.replicas, ctx.logger);
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
      const codes = writer.write(marker, partitions, now);
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
