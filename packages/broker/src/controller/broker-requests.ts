/**
 * Requests brokers make of the controller: AlterPartition (a leader changing its ISR, checked against
 * leader epoch and znode version) and ControlledShutdown (moving a stopping broker's leaderships).
 */

import { ErrorCode } from '@samsa/protocol';
import type { LeaderAndIsr } from '../zk/znodes.js';
import type { ControllerState } from './controller-state.js';
import { type ControllerPartition, type PartitionRef, refKey, withoutReplicas } from './partition-state.js';
import { maybeCompleteReassignments } from './reassignments.js';

export interface AlterPartitionItem {
  topic: string;
  partition: number;
  leaderEpoch: number;
  newIsr: number[];
  partitionEpoch: number;
}

export interface AlterPartitionResult {
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
}

export async function onAlterPartition(
  st: ControllerState,
  brokerId: number,
  brokerEpoch: bigint,
  items: AlterPartitionItem[],
): Promise<AlterPartitionResult[] | number> {
  const known = st.brokerEpochs.get(brokerId);
  if (known === undefined || (brokerEpoch !== -1n && brokerEpoch !== known)) return ErrorCode.STALE_BROKER_EPOCH;
  const results: AlterPartitionResult[] = [];
  const writes: Array<[string, LeaderAndIsr]> = [];
  const fail = (errorCode: number): AlterPartitionResult => ({
    errorCode,
    leaderId: -1,
    leaderEpoch: -1,
    isr: [],
    partitionEpoch: -1,
  });
  for (const it of items) {
    const key = refKey(it.topic, it.partition);
    const s = st.states.get(key);
    if (!s) results.push(fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    else if (s.leader !== brokerId) results.push(fail(ErrorCode.NOT_LEADER_OR_FOLLOWER));
    else if (it.leaderEpoch !== s.leaderEpoch) results.push(fail(ErrorCode.FENCED_LEADER_EPOCH));
    else if (it.partitionEpoch !== s.zkVersion) results.push(fail(ErrorCode.INVALID_UPDATE_VERSION));
    else if (
      !it.newIsr.includes(brokerId) ||
      it.newIsr.some((r) => !st.live.has(r) || !st.replicasOf({ topic: it.topic, partition: it.partition }).includes(r))
    )
      results.push(fail(ErrorCode.INELIGIBLE_REPLICA));
    else {
      writes.push([
        key,
        { leader: s.leader, leaderEpoch: s.leaderEpoch, isr: it.newIsr, controllerEpoch: st.ctx.controllerEpoch },
      ]);
      results.push(fail(ErrorCode.NONE)); // filled in after the write
    }
  }
  await st.writeStates(writes);
  for (let i = 0; i < items.length; i++) {
    const r = results[i] as AlterPartitionResult;
    if (r.errorCode !== ErrorCode.NONE) continue;
    const it = items[i] as AlterPartitionItem;
    const s = st.states.get(refKey(it.topic, it.partition)) as ControllerPartition;
    results[i] = {
      errorCode: ErrorCode.NONE,
      leaderId: s.leader,
      leaderEpoch: s.leaderEpoch,
      isr: s.isr,
      partitionEpoch: s.zkVersion,
    };
  }
  await maybeCompleteReassignments(
    st,
    writes.map(([k]) => k),
  );
  if (writes.length > 0) {
    st.log.info(
      { broker: brokerId, changes: writes.map(([k, s]) => ({ partition: k.replace('\u0000', '-'), isr: s.isr })) },
      'ISR changed',
    );
    st.sendUpdateMetadata([...st.live.keys()], st.infos(writes.map(([k]) => k)));
  }
  return results;
}

export async function onControlledShutdown(
  st: ControllerState,
  brokerId: number,
  brokerEpoch: bigint,
): Promise<PartitionRef[] | number> {
  const known = st.brokerEpochs.get(brokerId);
  if (known === undefined) return ErrorCode.BROKER_NOT_AVAILABLE;
  if (brokerEpoch !== -1n && brokerEpoch !== known) return ErrorCode.STALE_BROKER_EPOCH;
  st.shuttingDown.add(brokerId);
  const gone = new Set([brokerId]);
  const moves: Array<[string, LeaderAndIsr]> = [];
  const remaining: PartitionRef[] = [];
  for (const [key, s] of st.states) {
    const ref = st.refOf(key);
    const replicas = st.replicasOf(ref);
    if (replicas.length < 2) {
      if (s.leader === brokerId) remaining.push(ref);
      continue;
    }
    if (s.leader === brokerId) {
      const next = replicas.find(
        (r) => r !== brokerId && s.isr.includes(r) && st.live.has(r) && !st.shuttingDown.has(r),
      );
      if (next === undefined) remaining.push(ref);
      else moves.push([key, withoutReplicas(s, gone, next, st.ctx.controllerEpoch)]);
    } else if (s.isr.includes(brokerId) && s.isr.length > 1) {
      moves.push([key, withoutReplicas(s, gone, s.leader, st.ctx.controllerEpoch)]);
    }
  }
  await st.writeStates(moves);
  const keys = moves.map(([k]) => k);
  st.sendUpdateMetadata([...st.live.keys()], st.infos(keys));
  for (const id of st.live.keys()) {
    const refs = keys.filter((k) => st.replicasOf(st.refOf(k)).includes(id));
    if (refs.length > 0) st.sendLeaderAndIsr(id, st.infos(refs));
  }
  st.log.info({ broker: brokerId, moved: moves.length, remaining: remaining.length }, 'controlled shutdown');
  return remaining;
}
