/**
 * LeaderAndIsr (key 4), v0-7: the controller tells this broker which partitions it leads or
 * follows (ZooKeeper mode). Delegates to ReplicaManager.becomeLeaderOrFollower (replica-control.ts).
 * - An older controller epoch is refused as a whole: STALE_CONTROLLER_EPOCH at the top level and
 *   for every partition; so is a broker epoch (v2+) older than this broker's registration:
 *   STALE_BROKER_EPOCH.
 * - v0-1 list partition states flat, v2+ grouped by topic; v5+ carry topic ids and answer by
 *   topic id; `partitionEpoch` is the state znode's version (ZkVersion before v7's rename).
 * - Needs CLUSTER_ACTION on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka (a controller request).
 */
import {
  defaultLeaderAndIsrResponse,
  ErrorCode,
  type LeaderAndIsrRequest,
  type LeaderAndIsrResponse,
} from '@samsa/protocol';
import type { BrokerServices } from '../broker-services.js';
import { OFFSETS_TOPIC } from '../coordinator/group/group-partition.js';
import { TRANSACTION_STATE_TOPIC } from '../coordinator/txn/txn-topic.js';
import type { LeaderAndIsrCommand, PartitionResult, PartitionState } from '../replica/partition-state.js';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

/** The null topic id: what v0-4 decode to, and what a controller without topic ids sends. */
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

function toCommand(request: LeaderAndIsrRequest): LeaderAndIsrCommand {
  const partitions: PartitionState[] = [];
  const add = (topic: string, topicId: string, s: LeaderAndIsrRequest['ungroupedPartitionStates'][number]) =>
    partitions.push({
      topic,
      topicId,
      partition: s.partitionIndex,
      controllerEpoch: s.controllerEpoch,
      leader: s.leader,
      leaderEpoch: s.leaderEpoch,
      isr: s.isr,
      partitionEpoch: s.partitionEpoch,
      replicas: s.replicas,
      addingReplicas: s.addingReplicas,
      removingReplicas: s.removingReplicas,
      isNew: s.isNew,
    });
  for (const s of request.ungroupedPartitionStates) add(s.topicName, '', s);
  for (const t of request.topicStates) {
    const topicId = t.topicId === ZERO_UUID ? '' : t.topicId;
    for (const s of t.partitionStates) add(t.topicName, topicId, s);
  }
  return {
    controllerId: request.controllerId,
    controllerEpoch: request.controllerEpoch,
    brokerEpoch: request.brokerEpoch,
    partitions,
    liveLeaders: request.liveLeaders.map((l) => ({ brokerId: l.brokerId, host: l.hostName, port: l.port })),
  };
}

function build(
  command: LeaderAndIsrCommand,
  errorCode: number,
  results: PartitionResult[],
  version: number,
): LeaderAndIsrResponse {
  const response = defaultLeaderAndIsrResponse();
  response.errorCode = errorCode;
  const topicIds = new Map(command.partitions.map((p) => [p.topic, p.topicId]));
  for (const r of results) {
    const e = { topicName: r.topic, partitionIndex: r.partition, errorCode: r.errorCode };
    if (version < 5) {
      response.partitionErrors.push(e);
      continue;
    }
    const topicId = topicIds.get(r.topic) || ZERO_UUID;
    let t = response.topics.find((x) => x.topicId === topicId);
    if (!t) {
      t = { topicId, partitionErrors: [] };
      response.topics.push(t);
    }
    t.partitionErrors.push(e);
  }
  return response;
}

function everyPartition(command: LeaderAndIsrCommand, errorCode: number): PartitionResult[] {
  return command.partitions.map((p) => ({ topic: p.topic, partition: p.partition, errorCode }));
}

/** Group and transaction coordination follow the leadership of __consumer_offsets and __transaction_state partitions. */
function moveCoordinators(broker: BrokerServices, command: LeaderAndIsrCommand): void {
  for (const p of command.partitions) {
    if (p.topic === OFFSETS_TOPIC) {
      if (p.leader === broker.brokerId) void broker.groups.onElection(p.partition);
      else broker.groups.onResignation(p.partition);
    } else if (p.topic === TRANSACTION_STATE_TOPIC) {
      if (p.leader === broker.brokerId) broker.txns.onElection(p.partition);
      else broker.txns.onResignation(p.partition);
    }
  }
}

export default defineHandler({
  apiKey: 4,
  minVersion: 0,
  maxVersion: 7,
  async handle(ctx, request) {
    requireCluster(ctx, AclOperation.CLUSTER_ACTION);
    const command = toCommand(request);
    // New topics' configs decide their logs' settings; the controller may be faster than our watch.
    await ctx.broker.ensureTopicsKnown?.(new Set(command.partitions.map((p) => p.topic)));
    const result = ctx.broker.replicas.becomeLeaderOrFollower(command);
    if (result.errorCode === ErrorCode.NONE) moveCoordinators(ctx.broker, command);
    const partitions =
      result.errorCode === ErrorCode.NONE ? result.partitions : everyPartition(command, result.errorCode);
    return build(command, result.errorCode, partitions, ctx.apiVersion);
  },
  errorResponse(request, errorCode, ctx) {
    const command = toCommand(request);
    return build(command, errorCode, everyPartition(command, errorCode), ctx.apiVersion);
  },
});
