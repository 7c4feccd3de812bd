/**
 * ElectLeaders (preferred or unclean) and auto.leader.rebalance.enable, as the controller runs them.
 */

import { ErrorCode } from '@samsa/protocol';
import type { LeaderAndIsr } from '../zk/znodes.js';
import type { ControllerState } from './controller-state.js';
import { electPartitionLeader } from './election-rules.js';
import { NO_LEADER, type PartitionRef, refKey } from './partition-state.js';
import { imbalancedBrokers, preferredLeader } from './reassignment-rules.js';

export interface ElectionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

/** ElectLeaders' election types. */
export const PREFERRED_ELECTION = 0;
export const UNCLEAN_ELECTION = 1;

export async function onElectLeaders(
  st: ControllerState,
  electionType: number,
  partitions: PartitionRef[] | null,
): Promise<ElectionResult[]> {
  const refs = partitions ?? [...st.allRefs()].map((k) => st.refOf(k));
  const live = new Set([...st.live.keys()].filter((id) => !st.shuttingDown.has(id)));
  const results: ElectionResult[] = [];
  const moves: Array<[string, LeaderAndIsr]> = [];
  for (const ref of refs) {
    const key = refKey(ref.topic, ref.partition);
    const s = st.states.get(key);
    const result = (errorCode: number, errorMessage: string | null = null) =>
      results.push({ ...ref, errorCode, errorMessage });
    if (!s) {
      result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      continue;
    }
    const replicas = st.replicasOf(ref);
    if (electionType === PREFERRED_ELECTION) {
      const d = preferredLeader(replicas, s.leader, s.isr, live);
      if (d === 'not-needed') result(ErrorCode.ELECTION_NOT_NEEDED);
      else if (d === 'not-available')
        result(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, `preferred replica ${replicas[0]} is not alive and in sync`);
      else {
        moves.push([
          key,
          { ...s, leader: d.elect, leaderEpoch: s.leaderEpoch + 1, controllerEpoch: st.ctx.controllerEpoch },
        ]);
        result(ErrorCode.NONE);
      }
    } else if (electionType === UNCLEAN_ELECTION) {
      if (s.leader !== NO_LEADER && live.has(s.leader)) {
        result(ErrorCode.ELECTION_NOT_NEEDED);
        continue;
      }
      const pick = electPartitionLeader(replicas, s.isr, live, true);
      if (!pick) result(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE);
      else {
        if (pick.unclean) st.logUnclean(ref, pick.leader);
        const isr = pick.unclean ? [pick.leader] : s.isr.filter((r) => live.has(r));
        moves.push([
          key,
          { leader: pick.leader, leaderEpoch: s.leaderEpoch + 1, isr, controllerEpoch: st.ctx.controllerEpoch },
        ]);
        result(ErrorCode.NONE);
      }
    } else result(ErrorCode.INVALID_REQUEST, `unknown election type ${electionType}`);
  }
  await st.applyMoves(moves);
  return results;
}

/** auto.leader.rebalance.enable: preferred elections for brokers leading too few of their partitions. */
export async function onAutoRebalance(st: ControllerState): Promise<void> {
  const auto = st.options.autoLeaderRebalance;
  if (!auto) return;
  const views = [...st.states].map(([key, s]) => ({
    key,
    replicas: st.replicasOf(st.refOf(key)),
    leader: s.leader,
  }));
  const brokers = imbalancedBrokers(views, auto.percentage);
  if (brokers.size === 0) return;
  const refs = views
    .filter((v) => v.replicas[0] !== undefined && brokers.has(v.replicas[0]) && v.leader !== v.replicas[0])
    .map((v) => st.refOf(v.key));
  const results = await onElectLeaders(st, PREFERRED_ELECTION, refs);
  const moved = results.filter((r) => r.errorCode === ErrorCode.NONE).length;
  if (moved > 0) st.log.info({ brokers: [...brokers], moved }, 'auto leader rebalance');
}
