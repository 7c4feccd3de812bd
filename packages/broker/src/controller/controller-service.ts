/**
 * What the controller APIs (AlterPartitionReassignments, ListPartitionReassignments, ElectLeaders,
 * AlterPartition, ControlledShutdown) ask of "the controller", whichever kind answers: the elected
 * ClusterController in cluster mode, the SingleBrokerController when this broker is the cluster.
 * Each call resolves with per-item results, or a top-level error code (NOT_CONTROLLER on a broker
 * that is not the active controller).
 */
import type { AlterPartitionItem, AlterPartitionResult } from './broker-requests.js';
import type { ElectionResult } from './leader-elections.js';
import type { PartitionRef } from './partition-state.js';
import type { OngoingReassignment, ReassignmentItem } from './reassignments.js';

export interface ControllerService {
  readonly isActive: boolean;
  alterPartition(
    brokerId: number,
    brokerEpoch: bigint,
    items: AlterPartitionItem[],
  ): Promise<AlterPartitionResult[] | number>;
  controlledShutdown(brokerId: number, brokerEpoch: bigint): Promise<PartitionRef[] | number>;
  alterReassignments(items: ReassignmentItem[]): Promise<ElectionResult[] | number>;
  listReassignments(filter: PartitionRef[] | null): Promise<OngoingReassignment[] | number>;
  electLeaders(electionType: number, partitions: PartitionRef[] | null): Promise<ElectionResult[] | number>;
}
