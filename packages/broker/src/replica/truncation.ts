/**
 * Where a follower cuts its log before fetching from a new leader (KIP-101, refined by KIP-279),
 * given the leader's answer to OffsetForLeaderEpoch for the follower's latest epoch:
 * - the leader knows no such epoch: fall back to the high watermark, the only offset known safe;
 * - the leader answered an epoch the follower also has: cut at the smaller of both ends of it;
 * - the leader answered an epoch the follower lacks: cut at the end of the follower's largest
 *   epoch below it and ask again with the epoch that is now the latest (not complete);
 * - the follower has no epoch at or below the answer: take the leader's end offset.
 * Never past the follower's own log end.
 */
import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from '@samsa/storage';

export interface TruncationPoint {
  offset: number;
  /** False when the follower must ask the leader again with its (new) latest epoch. */
  complete: boolean;
}

export interface FollowerLogView {
  logEndOffset: number;
  highWatermark: number;
  endOffsetForEpoch(epoch: number): { epoch: number; endOffset: number };
}

export function truncationPoint(
  leader: { leaderEpoch: number; endOffset: number },
  log: FollowerLogView,
): TruncationPoint {
  const leo = log.logEndOffset;
  if (leader.endOffset === UNDEFINED_EPOCH_OFFSET) return { offset: Math.min(log.highWatermark, leo), complete: true };
  if (leader.leaderEpoch === UNDEFINED_EPOCH) return { offset: Math.min(leader.endOffset, leo), complete: true };
  const ours = log.endOffsetForEpoch(leader.leaderEpoch);
  if (ours.endOffset === UNDEFINED_EPOCH_OFFSET) return { offset: Math.min(leader.endOffset, leo), complete: true };
  if (ours.epoch !== leader.leaderEpoch) return { offset: Math.min(ours.endOffset, leo), complete: false };
  return { offset: Math.min(ours.endOffset, leader.endOffset, leo), complete: true };
}
