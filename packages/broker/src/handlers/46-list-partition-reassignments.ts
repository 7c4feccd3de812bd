/**
 * ListPartitionReassignments (key 46), v0 (KIP-455): the reassignments in progress, with the full
 * replica set and the replicas being added and removed; all of them, or those of the listed
 * partitions. Not the controller: NOT_CONTROLLER. A single-node broker is its own controller and
 * never has a reassignment in progress.
 * - Needs DESCRIBE on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  defaultListPartitionReassignmentsResponse,
  defaultListPartitionReassignmentsResponseOngoingPartitionReassignment,
  defaultListPartitionReassignmentsResponseOngoingTopicReassignment,
  ErrorCode,
} from '@samsa/protocol';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 46,
  minVersion: 0,
  maxVersion: 0,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.DESCRIBE);
    const r = defaultListPartitionReassignmentsResponse();
    const controller = ctx.broker.controller;
    const filter =
      request.topics?.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition }))) ?? null;
    const result = controller?.isActive ? await controller.listReassignments(filter) : ErrorCode.NOT_CONTROLLER;
    if (typeof result === 'number') {
      r.errorCode = result;
      return r;
    }
    for (const x of result) {
      let t = r.topics.find((e) => e.name === x.topic);
      if (!t) {
        t = defaultListPartitionReassignmentsResponseOngoingTopicReassignment();
        t.name = x.topic;
        r.topics.push(t);
      }
      const p = defaultListPartitionReassignmentsResponseOngoingPartitionReassignment();
      p.partitionIndex = x.partition;
      p.replicas = x.replicas;
      p.addingReplicas = x.adding;
      p.removingReplicas = x.removing;
      t.partitions.push(p);
    }
    return r;
  },
  errorResponse(_request, errorCode) {
    const r = defaultListPartitionReassignmentsResponse();
    r.errorCode = errorCode;
    return r;
  },
});
