/**
 * Partition reassignment as the controller runs it (KIP-455): start or cancel, then cut over once the
 * target replicas are in sync. The decisions are reassignment-rules.ts's; this writes and tells.
 */

import { ErrorCode } from '@samsa/protocol';
import { type LeaderAndIsr, PartitionStateZNode, TopicZNode } from '../zk/znodes.js';
import { stopReplicaRequest } from './control-requests.js';
import type { ControllerState } from './controller-state.js';
import type { ElectionResult } from './leader-elections.js';
import {
  type ControllerPartition,
  type ControllerTopic,
  NO_LEADER,
  type PartitionRef,
  refKey,
} from './partition-state.js';
import {
  completion,
  isReassigning,
  originalReplicas,
  type ReplicaAssignment,
  startReassignment,
  targetProblem,
  targetReplicas,
} from './reassignment-rules.js';

export interface ReassignmentItem {
  topic: string;
  partition: number;
  /** null cancels the partition's reassignment. */
  target: number[] | null;
}

export interface OngoingReassignment {
  topic: string;
  partition: number;
  replicas: number[];
  adding: number[];
  removing: number[];
}

export function assignmentOf(st: ControllerState, ref: PartitionRef): ReplicaAssignment {
  const t = st.topics.get(ref.topic);
  return {
    replicas: t?.assignment.get(ref.partition) ?? [],
    adding: t?.adding.get(ref.partition) ?? [],
    removing: t?.removing.get(ref.partition) ?? [],
  };
}

export async function onAlterReassignments(st: ControllerState, items: ReassignmentItem[]): Promise<ElectionResult[]> {
  const known = new Set(st.live.keys());
  const results: ElectionResult[] = [];
  for (const it of items) {
    const result = (errorCode: number, errorMessage: string | null = null) =>
      results.push({ topic: it.topic, partition: it.partition, errorCode, errorMessage });
    const key = refKey(it.topic, it.partition);
    const current = assignmentOf(st, it);
    const state = st.states.get(key);
    if (current.replicas.length === 0 || !state) {
      result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      continue;
    }
    let next: ReplicaAssignment;
    if (it.target === null) {
      if (!isReassigning(current)) {
        result(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
        continue;
      }
      next = { replicas: originalReplicas(current), adding: [], removing: [] };
    } else {
      const problem = targetProblem(it.target, known);
      if (problem) {
        result(ErrorCode.INVALID_REPLICA_ASSIGNMENT, problem);
        continue;
      }
      next = startReassignment(current, it.target);
    }
    await changeAssignment(st, key, current, next);
    result(ErrorCode.NONE);
  }
  await maybeCompleteReassignments(
    st,
    items.map((it) => refKey(it.topic, it.partition)),
  );
  return results;
}

/**
 * Writes a partition's new replica set (with a new leader epoch, so followers and the leader see
 * a LeaderAndIsr they must apply), tells the replicas, and stops the ones no longer listed.
 */
export async function changeAssignment(
  st: ControllerState,
  key: string,
  before: ReplicaAssignment,
  next: ReplicaAssignment,
): Promise<void> {
  const ref = st.refOf(key);
  const t = st.topics.get(ref.topic) as ControllerTopic;
  const s = st.states.get(key) as ControllerPartition;
  const live = new Set(st.live.keys());
  let leader = s.leader;
  let isr = s.isr.filter((r) => next.replicas.includes(r));
  if (!next.replicas.includes(leader) || !isr.includes(leader)) {
    leader = next.replicas.find((r) => live.has(r) && isr.includes(r)) ?? NO_LEADER;
  }
  if (isr.length === 0) isr = [leader];
  const state: LeaderAndIsr = {
    leader,
    leaderEpoch: s.leaderEpoch + 1,
    isr,
    controllerEpoch: st.ctx.controllerEpoch,
  };
  const assignment = new Map(t.assignment).set(ref.partition, next.replicas);
  const adding = new Map(t.adding);
  const removing = new Map(t.removing);
  if (next.adding.length > 0) adding.set(ref.partition, next.adding);
  else adding.delete(ref.partition);
  if (next.removing.length > 0) removing.set(ref.partition, next.removing);
  else removing.delete(ref.partition);
  const { stat } = await st.zk.get(TopicZNode.path(ref.topic));
  await st.election.fencedWrite([
    {
      op: 'set',
      path: TopicZNode.path(ref.topic),
      data: TopicZNode.encode({
        topicId: t.topicId || null,
        partitions: assignment,
        addingReplicas: adding,
        removingReplicas: removing,
      }),
      version: stat.version,
    },
    {
      op: 'set',
      path: PartitionStateZNode.path(ref.topic, ref.partition),
      data: PartitionStateZNode.encode(state),
      version: s.zkVersion,
    },
  ]);
  st.topics.set(ref.topic, { ...t, assignment, adding, removing });
  st.states.set(key, { ...state, zkVersion: s.zkVersion + 1 });
  const info = st.infos([key]);
  for (const id of next.replicas) if (st.live.has(id)) st.sendLeaderAndIsr(id, info);
  const dropped = before.replicas.filter((r) => !next.replicas.includes(r));
  for (const id of dropped) {
    const epoch = st.brokerEpochs.get(id) ?? -1n;
    const stop = [{ topic: ref.topic, partition: ref.partition, leaderEpoch: -2 }];
    if (st.live.has(id)) st.post(id, (c) => c.send(id, 5, stopReplicaRequest(st.ctx, epoch, stop, true)));
  }
  st.sendUpdateMetadata([...st.live.keys()], info);
  st.log.info(
    {
      partition: `${ref.topic}-${ref.partition}`,
      replicas: next.replicas,
      adding: next.adding,
      removing: next.removing,
      leader,
    },
    isReassigning(next) ? 'reassignment started' : 'replicas changed',
  );
}

/** Cuts over every listed partition whose target replicas have all joined the ISR. */
export async function maybeCompleteReassignments(st: ControllerState, keys: string[]): Promise<void> {
  const live = new Set(st.live.keys());
  for (const key of keys) {
    const ref = st.refOf(key);
    const a = assignmentOf(st, ref);
    const s = st.states.get(key);
    if (!s || !isReassigning(a)) continue;
    const done = completion(a, s.leader, s.isr, live);
    if (!done) continue;
    await changeAssignment(st, key, a, { replicas: targetReplicas(a), adding: [], removing: [] });
  }
}

export function ongoingReassignments(st: ControllerState, filter: PartitionRef[] | null): OngoingReassignment[] {
  const wanted = filter ? new Set(filter.map((r) => refKey(r.topic, r.partition))) : null;
  const out: OngoingReassignment[] = [];
  for (const key of st.allRefs()) {
    if (wanted && !wanted.has(key)) continue;
    const ref = st.refOf(key);
    const a = assignmentOf(st, ref);
    if (isReassigning(a)) out.push({ ...ref, replicas: a.replicas, adding: a.adding, removing: a.removing });
  }
  return out;
}
