/**
 * Builds the three control requests the controller sends (LeaderAndIsr, UpdateMetadata,
 * StopReplica) from its view of the cluster. Every one carries the controller's id and epoch, so
 * a broker can reject a stale controller, and the target's broker epoch, so a request meant for a
 * previous incarnation of the broker is rejected too.
 */
import type {
  LeaderAndIsrRequest,
  LeaderAndIsrRequestLeaderAndIsrPartitionState,
  StopReplicaRequest,
  UpdateMetadataRequest,
  UpdateMetadataRequestUpdateMetadataPartitionState,
} from '@samsa/protocol';
import { LEADER_DURING_DELETE } from '../metadata/cluster-metadata-cache.js';
import { ZERO_UUID } from '../metadata/topic-name.js';
import type { BrokerInfo } from '../zk/znodes.js';
import type { ControllerPartition } from './partition-state.js';

export interface ControlContext {
  controllerId: number;
  controllerEpoch: number;
  /** The inter-broker listener's name: the endpoint followers fetch from. */
  listener: string;
}

export interface PartitionInfo {
  topic: string;
  topicId: string;
  partition: number;
  replicas: number[];
  state: ControllerPartition;
  isNew?: boolean;
}

function groupByTopic<T>(items: T[], topicOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    const k = topicOf(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

export function endpointOf(info: BrokerInfo, listener: string): { host: string; port: number } | undefined {
  return info.endpoints.find((e) => e.listener === listener) ?? info.endpoints[0];
}

export function leaderAndIsrRequest(
  ctx: ControlContext,
  brokerEpoch: bigint,
  partitions: PartitionInfo[],
  live: ReadonlyMap<number, BrokerInfo>,
): LeaderAndIsrRequest {
  const leaders = new Set(partitions.map((p) => p.state.leader));
  const liveLeaders = [...leaders].flatMap((id) => {
    const info = live.get(id);
    const e = info && endpointOf(info, ctx.listener);
    return e ? [{ brokerId: id, hostName: e.host, port: e.port }] : [];
  });
  const state = (p: PartitionInfo): LeaderAndIsrRequestLeaderAndIsrPartitionState => ({
    topicName: p.topic,
    partitionIndex: p.partition,
    controllerEpoch: p.state.controllerEpoch,
    leader: p.state.leader,
    leaderEpoch: p.state.leaderEpoch,
    isr: p.state.isr,
    partitionEpoch: p.state.zkVersion,
    replicas: p.replicas,
    addingReplicas: [],
    removingReplicas: [],
    isNew: p.isNew ?? false,
    leaderRecoveryState: 0,
  });
  const byTopic = groupByTopic(partitions, (p) => p.topic);
  return {
    controllerId: ctx.controllerId,
    isKRaftController: false,
    controllerEpoch: ctx.controllerEpoch,
    brokerEpoch,
    type: 0,
    ungroupedPartitionStates: partitions.map(state),
    topicStates: [...byTopic].map(([topicName, ps]) => ({
      topicName,
      topicId: ps[0]?.topicId || ZERO_UUID,
      partitionStates: ps.map(state),
    })),
    liveLeaders,
  };
}

export function updateMetadataRequest(
  ctx: ControlContext,
  brokerEpoch: bigint,
  partitions: PartitionInfo[],
  deleted: Array<{ topic: string; topicId: string; partition: number }>,
  live: ReadonlyMap<number, BrokerInfo>,
): UpdateMetadataRequest {
  const state = (p: PartitionInfo): UpdateMetadataRequestUpdateMetadataPartitionState => ({
    topicName: p.topic,
    partitionIndex: p.partition,
    controllerEpoch: p.state.controllerEpoch,
    leader: p.state.leader,
    leaderEpoch: p.state.leaderEpoch,
    isr: p.state.isr,
    zkVersion: p.state.zkVersion,
    replicas: p.replicas,
    offlineReplicas: p.replicas.filter((r) => !live.has(r)),
  });
  const tombstone = (d: { topic: string; partition: number }): UpdateMetadataRequestUpdateMetadataPartitionState => ({
    topicName: d.topic,
    partitionIndex: d.partition,
    controllerEpoch: ctx.controllerEpoch,
    leader: LEADER_DURING_DELETE,
    leaderEpoch: 0,
    isr: [],
    zkVersion: 0,
    replicas: [],
    offlineReplicas: [],
  });
  const all = [
    ...partitions.map((p) => ({ topic: p.topic, topicId: p.topicId, s: state(p) })),
    ...deleted.map((d) => ({ topic: d.topic, topicId: d.topicId, s: tombstone(d) })),
  ];
  const byTopic = groupByTopic(all, (x) => x.topic);
  return {
    controllerId: ctx.controllerId,
    isKRaftController: false,
    type: 0,
    controllerEpoch: ctx.controllerEpoch,
    brokerEpoch,
    ungroupedPartitionStates: all.map((x) => x.s),
    topicStates: [...byTopic].map(([topicName, xs]) => ({
      topicName,
      topicId: xs[0]?.topicId || ZERO_UUID,
      partitionStates: xs.map((x) => x.s),
    })),
    liveBrokers: [...live.values()].map((b) => ({
      id: b.id,
      v0Host: b.endpoints[0]?.host ?? '',
      v0Port: b.endpoints[0]?.port ?? -1,
      endpoints: b.endpoints.map((e) => ({ port: e.port, host: e.host, listener: e.listener, securityProtocol: 0 })),
      rack: b.rack,
    })),
  };
}

export function stopReplicaRequest(
  ctx: ControlContext,
  brokerEpoch: bigint,
  partitions: Array<{ topic: string; partition: number; leaderEpoch: number }>,
  deletePartitions: boolean,
): StopReplicaRequest {
  const byTopic = groupByTopic(partitions, (p) => p.topic);
  return {
    controllerId: ctx.controllerId,
    isKRaftController: false,
    controllerEpoch: ctx.controllerEpoch,
    brokerEpoch,
    deletePartitions,
    ungroupedPartitions: partitions.map((p) => ({ topicName: p.topic, partitionIndex: p.partition })),
    topics: [...byTopic].map(([name, ps]) => ({ name, partitionIndexes: ps.map((p) => p.partition) })),
    topicStates: [...byTopic].map(([topicName, ps]) => ({
      topicName,
      partitionStates: ps.map((p) => ({
        partitionIndex: p.partition,
        // -2: delete regardless of epoch (Kafka's EpochDuringDelete).
        leaderEpoch: deletePartitions ? -2 : p.leaderEpoch,
        deletePartition: deletePartitions,
      })),
    })),
  };
}
