/**
 * AlterPartitionReassignments (key 45), v0 (KIP-455): start, change or cancel (null replicas)
 * partition reassignments; the controller replicates to the new replicas and cuts over once they
 * are in sync. Errors per partition: INVALID_REPLICA_ASSIGNMENT (empty, duplicate or unknown
 * brokers), UNKNOWN_TOPIC_OR_PARTITION, NO_REASSIGNMENT_IN_PROGRESS (cancel of nothing).
 * Not the controller: NOT_CONTROLLER at the top level. A single-node broker is its own controller
 * (controller/single-broker-controller.ts): a move to itself is a no-op, complete at once.
 * - Needs ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  type AlterPartitionReassignmentsRequest,
  type AlterPartitionReassignmentsResponse,
  defaultAlterPartitionReassignmentsResponse,
  defaultAlterPartitionReassignmentsResponseReassignablePartitionResponse,
  defaultAlterPartitionReassignmentsResponseReassignableTopicResponse,
  ErrorCode,
} from '@samsa/protocol';
import type { ReassignmentItem } from '../controller/cluster-controller.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function build(
  request: AlterPartitionReassignmentsRequest,
  result: (i: number) => { errorCode: number; errorMessage: string | null },
): AlterPartitionReassignmentsResponse {
  const r = defaultAlterPartitionReassignmentsResponse();
  let i = 0;
  for (const t of request.topics) {
    const topic = defaultAlterPartitionReassignmentsResponseReassignableTopicResponse();
    topic.name = t.name;
    for (const p of t.partitions) {
      const out = defaultAlterPartitionReassignmentsResponseReassignablePartitionResponse();
      out.partitionIndex = p.partitionIndex;
      const x = result(i++);
      out.errorCode = x.errorCode;
      out.errorMessage = x.errorMessage;
      topic.partitions.push(out);
    }
    r.responses.push(topic);
  }
  return r;
}

export default defineHandler({
  apiKey: 45,
  minVersion: 0,
  maxVersion: 0,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.ALTER);
    const controller = ctx.broker.controller;
    const items: ReassignmentItem[] = request.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, target: p.replicas })),
    );
    const result = controller?.isActive ? await controller.alterReassignments(items) : ErrorCode.NOT_CONTROLLER;
    if (typeof result === 'number') {
      const r = build(request, () => ({ errorCode: result, errorMessage: null }));
      r.errorCode = result;
      return r;
    }
    return build(request, (i) => result[i] ?? { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null });
  },
  errorResponse(request, errorCode) {
    const r = build(request, () => ({ errorCode, errorMessage: null }));
    r.errorCode = errorCode;
    return r;
  },
});
