/**
 * StopReplica (key 5), v0-4: the controller tells this broker to stop replicating partitions, and
 * with delete_partition(s) to delete them (topic deletion, reassignment). Delegates to
 * ReplicaManager.stopReplicas (replica-control.ts).
 * - An older controller epoch is refused as a whole: STALE_CONTROLLER_EPOCH; a broker epoch (v1+)
 *   older than this broker's registration: STALE_BROKER_EPOCH.
 * - v0-2 carry one delete flag for all partitions; v3+ a leader epoch and a flag per partition
 *   (a leader epoch older than ours: FENCED_LEADER_EPOCH).
 * - A deleted __consumer_offsets or __transaction_state partition (e.g. moved off this broker by a
 *   reassignment) is no longer coordinated here, as in Kafka.
 * - Needs CLUSTER_ACTION on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka (a controller request).
 */
import {
  defaultStopReplicaResponse,
  ErrorCode,
  type StopReplicaRequest,
  type StopReplicaResponse,
} from '@samsa/protocol';
import type { BrokerServices } from '../broker-services.js';
import { OFFSETS_TOPIC } from '../coordinator/group/group-partition.js';
import { TRANSACTION_STATE_TOPIC } from '../coordinator/txn/txn-topic.js';
import { NO_EPOCH, type PartitionResult, type StopReplicaCommand } from '../replica/partition-state.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

function toCommand(request: StopReplicaRequest): StopReplicaCommand {
  const partitions: StopReplicaCommand['partitions'] = [];
  const deletePartition = request.deletePartitions;
  for (const p of request.ungroupedPartitions)
    partitions.push({ topic: p.topicName, partition: p.partitionIndex, leaderEpoch: NO_EPOCH, deletePartition });
  for (const t of request.topics)
    for (const partition of t.partitionIndexes)
      partitions.push({ topic: t.name, partition, leaderEpoch: NO_EPOCH, deletePartition });
  for (const t of request.topicStates)
    for (const s of t.partitionStates)
      partitions.push({
        topic: t.topicName,
        partition: s.partitionIndex,
        leaderEpoch: s.leaderEpoch,
        deletePartition: s.deletePartition,
      });
  const { controllerId, controllerEpoch, brokerEpoch } = request;
  return { controllerId, controllerEpoch, brokerEpoch, partitions };
}

function build(errorCode: number, results: PartitionResult[]): StopReplicaResponse {
  const response = defaultStopReplicaResponse();
  response.errorCode = errorCode;
  for (const r of results)
    response.partitionErrors.push({ topicName: r.topic, partitionIndex: r.partition, errorCode: r.errorCode });
  return response;
}

function everyPartition(command: StopReplicaCommand, errorCode: number): PartitionResult[] {
  return command.partitions.map((p) => ({ topic: p.topic, partition: p.partition, errorCode }));
}

function resignCoordinators(broker: BrokerServices, command: StopReplicaCommand, results: PartitionResult[]): void {
  for (const p of command.partitions) {
    if (!p.deletePartition) continue;
    const ok = results.some(
      (r) => r.topic === p.topic && r.partition === p.partition && r.errorCode === ErrorCode.NONE,
    );
    if (!ok) continue;
    if (p.topic === OFFSETS_TOPIC) broker.groups.onResignation(p.partition);
    else if (p.topic === TRANSACTION_STATE_TOPIC) broker.txns.onResignation(p.partition);
  }
}

export default defineHandler({
  apiKey: 5,
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.CLUSTER_ACTION);
    const command = toCommand(request);
    const result = await ctx.broker.replicas.stopReplicas(command);
    if (result.errorCode !== ErrorCode.NONE) return build(result.errorCode, everyPartition(command, result.errorCode));
    resignCoordinators(ctx.broker, command, result.partitions);
    return build(ErrorCode.NONE, result.partitions);
  },
  errorResponse(request, errorCode) {
    return build(errorCode, everyPartition(toCommand(request), errorCode));
  },
});
