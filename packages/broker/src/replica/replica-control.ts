/**
 * The controller's orders to a replica (ZooKeeper mode, Kafka's becomeLeaderOrFollower and
 * stopReplicas), applied to the ReplicaManager synchronously, so no request sees a half-applied
 * LeaderAndIsr.
 *
 * Fencing: a request from an older controller epoch is refused as a whole with
 * STALE_CONTROLLER_EPOCH, one addressed to an earlier registration of this broker (a broker epoch
 * below the current one: the controller had not seen it restart) with STALE_BROKER_EPOCH. Per partition, a leader epoch not newer than the one this broker has is
 * ignored and answered STALE_CONTROLLER_EPOCH, as Kafka does (a partition not hosted yet, or hosted
 * only by single-node mode, accepts its epoch as it is); a partition whose replicas do not include
 * this broker gets UNKNOWN_TOPIC_OR_PARTITION.
 *
 * Becoming leader truncates nothing (after an unclean election the new leader's log is the truth),
 * records the epoch at the log end, stops fetching and forgets what it knew of followers; the high
 * watermark stays where it is. Becoming follower refuses produce and consumer fetch at once and
 * hands the partition to the fetcher for its leader, which truncates before it fetches.
 */
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import type { Partition } from './partition.js';
import {
  type ControlResult,
  EPOCH_DURING_DELETE,
  type LeaderAndIsrCommand,
  type LiveLeader,
  NO_EPOCH,
  type PartitionResult,
  type PartitionState,
  type StopReplicaCommand,
} from './partition-state.js';
import type { ReplicaManager } from './replica-manager.js';

export function becomeLeaderOrFollower(rm: ReplicaManager, cmd: LeaderAndIsrCommand, logger: Logger): ControlResult {
  if (rm.isStaleBrokerEpoch(cmd.brokerEpoch)) return { errorCode: ErrorCode.STALE_BROKER_EPOCH, partitions: [] };
  if (!rm.adoptControllerEpoch(cmd.controllerEpoch)) {
    logger.warn(
      { controllerEpoch: cmd.controllerEpoch, ours: rm.controllerEpoch },
      'ignoring LeaderAndIsr of a stale controller',
    );
    return { errorCode: ErrorCode.STALE_CONTROLLER_EPOCH, partitions: [] };
  }
  const now = rm.now();
  const partitions: PartitionResult[] = [];
  for (const state of cmd.partitions) {
    const errorCode = applyPartitionState(rm, state, cmd.liveLeaders, now, logger);
    partitions.push({ topic: state.topic, partition: state.partition, errorCode });
  }
  return { errorCode: ErrorCode.NONE, partitions };
}

function applyPartitionState(
  rm: ReplicaManager,
  state: PartitionState,
  liveLeaders: LiveLeader[],
  now: number,
  logger: Logger,
): number {
  const hosted = rm.getPartition(state.topic, state.partition);
  if (!state.replicas.includes(rm.brokerId)) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  if (hosted?.topicId && state.topicId && hosted.topicId !== state.topicId) return ErrorCode.INCONSISTENT_TOPIC_ID;
  if (hosted?.controlled && state.leaderEpoch <= hosted.leaderEpoch) {
    logger.info(
      { partition: hosted.key, epoch: state.leaderEpoch, ours: hosted.leaderEpoch },
      'ignoring LeaderAndIsr with an old leader epoch',
    );
    return ErrorCode.STALE_CONTROLLER_EPOCH;
  }
  if (hosted && !hosted.controlled && state.leaderEpoch < hosted.leaderEpoch) return ErrorCode.STALE_CONTROLLER_EPOCH;
  try {
    const p = hosted ?? rm.hostPartition(state.topic, state.partition, state.topicId);
    if (state.leader === rm.brokerId) makeLeader(rm, p, state, now, logger);
    else makeFollower(rm, p, state, liveLeaders, now, logger);
    return ErrorCode.NONE;
  } catch (err) {
    logger.error({ partition: `${state.topic}-${state.partition}`, err: String(err) }, 'LeaderAndIsr failed');
    return ErrorCode.KAFKA_STORAGE_ERROR;
  }
}

function makeLeader(rm: ReplicaManager, p: Partition, state: PartitionState, now: number, logger: Logger): void {
  rm.replicaFetchersIfAny?.removePartition(p.topic, p.partition);
  p.applyState(state, rm.brokerId, now);
  p.leaderEpochStartOffset = p.log.logEndOffset;
  p.log.assignEpoch(state.leaderEpoch, p.log.logEndOffset);
  logger.info(
    { partition: p.key, epoch: state.leaderEpoch, isr: state.isr, logEnd: p.log.logEndOffset },
    'became leader',
  );
  // Alone in the ISR, the high watermark can move to the log end now.
  p.maybeIncrementHighWatermark(rm.brokerId);
  rm.completeDelayed(p);
}

function makeFollower(
  rm: ReplicaManager,
  p: Partition,
  state: PartitionState,
  liveLeaders: LiveLeader[],
  now: number,
  logger: Logger,
): void {
  rm.replicaFetchersIfAny?.removePartition(p.topic, p.partition);
  p.applyState(state, rm.brokerId, now);
  // Waiting acks=all produces and consumer fetches fail with NOT_LEADER_OR_FOLLOWER now.
  rm.completeDelayed(p);
  const leader = liveLeaders.find((l) => l.brokerId === state.leader);
  if (!leader) {
    logger.warn(
      { partition: p.key, leader: state.leader },
      'leader is not live; not fetching until the next LeaderAndIsr',
    );
    return;
  }
  logger.info({ partition: p.key, epoch: state.leaderEpoch, leader: state.leader }, 'became follower');
  rm.replicaFetchers.addPartition(leader, p.topic, p.partition, state.leaderEpoch);
}

/**
 * StopReplica: stop fetching; with deletePartition also stop hosting and delete the log. A leader
 * epoch older than ours is FENCED_LEADER_EPOCH; -1 (none) and -2 (topic deletion) always stop.
 */
export async function stopReplicas(
  rm: ReplicaManager,
  cmd: StopReplicaCommand,
  logger: Logger,
): Promise<ControlResult> {
  if (rm.isStaleBrokerEpoch(cmd.brokerEpoch)) return { errorCode: ErrorCode.STALE_BROKER_EPOCH, partitions: [] };
  if (!rm.adoptControllerEpoch(cmd.controllerEpoch)) {
    logger.warn(
      { controllerEpoch: cmd.controllerEpoch, ours: rm.controllerEpoch },
      'ignoring StopReplica of a stale controller',
    );
    return { errorCode: ErrorCode.STALE_CONTROLLER_EPOCH, partitions: [] };
  }
  const partitions: PartitionResult[] = [];
  const deletions: Array<Promise<void>> = [];
  for (const s of cmd.partitions) {
    const p = rm.getPartition(s.topic, s.partition);
    const epochOk =
      s.leaderEpoch === NO_EPOCH || s.leaderEpoch === EPOCH_DURING_DELETE || !p || s.leaderEpoch >= p.leaderEpoch;
    if (!epochOk) {
      partitions.push({ topic: s.topic, partition: s.partition, errorCode: ErrorCode.FENCED_LEADER_EPOCH });
      continue;
    }
    rm.replicaFetchersIfAny?.removePartition(s.topic, s.partition);
    if (s.deletePartition) deletions.push(rm.removePartition(s.topic, s.partition, true));
    else if (p) rm.completeDelayed(p);
    partitions.push({ topic: s.topic, partition: s.partition, errorCode: ErrorCode.NONE });
  }
  await Promise.all(deletions);
  return { errorCode: ErrorCode.NONE, partitions };
}
