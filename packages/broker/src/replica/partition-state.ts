/**
 * What the controller tells a replica about one partition in LeaderAndIsr (ZooKeeper mode), in the
 * shape the ReplicaManager works with whatever the request version. `partitionEpoch` is the version
 * of the partition's state znode: the leader must send it back with AlterPartition so that the
 * controller's conditional write fails if someone changed the state meanwhile.
 */
export interface PartitionState {
  topic: string;
  topicId: string;
  partition: number;
  controllerEpoch: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
  isNew: boolean;
}

/** Where a partition's leader listens (LeaderAndIsr's LiveLeaders). */
export interface LiveLeader {
  brokerId: number;
  host: string;
  port: number;
}

/** LeaderAndIsr as a whole; one result per partition, keyed `topic-partition`. */
export interface LeaderAndIsrCommand {
  controllerId: number;
  controllerEpoch: number;
  /** The registration of this broker the controller knows (-1: not sent, v0-1). */
  brokerEpoch: bigint;
  partitions: PartitionState[];
  liveLeaders: LiveLeader[];
}

export interface StopReplicaCommand {
  controllerId: number;
  controllerEpoch: number;
  brokerEpoch: bigint;
  partitions: Array<{ topic: string; partition: number; leaderEpoch: number; deletePartition: boolean }>;
}

export interface PartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
}

export interface ControlResult {
  /** Top-level error (STALE_CONTROLLER_EPOCH); when set, no partition was touched. */
  errorCode: number;
  partitions: PartitionResult[];
}

/** StopReplica's leader epochs with a meaning of their own (Kafka's LeaderAndIsr constants). */
export const NO_EPOCH = -1;
export const EPOCH_DURING_DELETE = -2;
