/**
 * ElectLeaders (key 43), v0-2: preferred (type 0) or unclean (type 1, v1+) leader election,
 * decided and written by the controller. A null partition list means every partition.
 * - Not the controller: NOT_CONTROLLER for everything (clients send it to the controller). A
 *   single-node broker is its own controller: it already leads everything, ELECTION_NOT_NEEDED.
 * - Per partition: ELECTION_NOT_NEEDED when the preferred replica already leads (or, unclean, when
 *   a leader exists), PREFERRED_LEADER_NOT_AVAILABLE when it is not alive and in sync,
 *   ELIGIBLE_LEADERS_NOT_AVAILABLE when no live replica exists, UNKNOWN_TOPIC_OR_PARTITION.
 * - v0 has no top-level error code and always means preferred election.
 * - Needs ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  defaultElectLeadersResponse,
  defaultElectLeadersResponsePartitionResult,
  defaultElectLeadersResponseReplicaElectionResult,
  type ElectLeadersResponse,
  ErrorCode,
} from '@samsa/protocol';
import { type ElectionResult, PREFERRED_ELECTION } from '../controller/cluster-controller.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function build(results: ElectionResult[]): ElectLeadersResponse {
  const r = defaultElectLeadersResponse();
  for (const x of results) {
    let t = r.replicaElectionResults.find((e) => e.topic === x.topic);
    if (!t) {
      t = defaultElectLeadersResponseReplicaElectionResult();
      t.topic = x.topic;
      r.replicaElectionResults.push(t);
    }
    const p = defaultElectLeadersResponsePartitionResult();
    p.partitionId = x.partition;
    p.errorCode = x.errorCode;
    p.errorMessage = x.errorMessage;
    t.partitionResult.push(p);
  }
  return r;
}

export default defineHandler({
  apiKey: 43,
  minVersion: 0,
  maxVersion: 2,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.ALTER);
    const partitions =
      request.topicPartitions?.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition }))) ?? null;
    const controller = ctx.broker.controller;
    const type = ctx.apiVersion >= 1 ? request.electionType : PREFERRED_ELECTION;
    const result = controller?.isActive ? await controller.electLeaders(type, partitions) : ErrorCode.NOT_CONTROLLER;
    if (typeof result !== 'number') return build(result);
    const r = build((partitions ?? []).map((p) => ({ ...p, errorCode: result, errorMessage: null })));
    if (ctx.apiVersion >= 1) r.errorCode = result;
    return r;
  },
  errorResponse(request, errorCode) {
    const r = build(
      (request.topicPartitions ?? []).flatMap((t) =>
        t.partitions.map((partition) => ({ topic: t.topic, partition, errorCode, errorMessage: null })),
      ),
    );
    r.errorCode = errorCode;
    return r;
  },
});
