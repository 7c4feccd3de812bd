/**
 * The committed-offset APIs on a consumer (KIP-848) group, as Kafka's ConsumerGroup checks them:
 * a commit or fetch names a member and its epoch instead of a generation; OffsetDelete refuses the
 * topics its members subscribe to. Pure functions over the group.
 */
import { ErrorCode } from '@samsa/protocol';
import type { ConsumerGroup } from './consumer-group.js';
import { memberTopics, type TopicLookup } from './subscriptions.js';

/**
 * OffsetCommit / TxnOffsetCommit (Kafka's validateOffsetCommit): an anonymous commit only to a
 * group without members; else the member must exist with this epoch — STALE_MEMBER_EPOCH (or
 * FENCED_MEMBER_EPOCH for a future one) from OffsetCommit v9, ILLEGAL_GENERATION before and for
 * transactional commits (`apiVersion` 0 there).
 */
export function checkConsumerCommit(
  g: ConsumerGroup,
  req: { generationId: number; memberId: string },
  apiVersion: number,
): number {
  if (req.generationId < 0 && req.memberId === '') {
    return g.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }
  const m = g.members.get(req.memberId);
  if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (req.generationId === m.memberEpoch) return ErrorCode.NONE;
  if (apiVersion < 9) return ErrorCode.ILLEGAL_GENERATION;
  return req.generationId > m.memberEpoch ? ErrorCode.FENCED_MEMBER_EPOCH : ErrorCode.STALE_MEMBER_EPOCH;
}

/**
 * OffsetFetch v9+ from a member of a consumer group (epoch >= 0; -1 is an admin fetch, not
 * checked). Classic members send their generation there too (franz-go does): without a consumer
 * group of that id, nothing is checked, as before v9.
 */
export function checkConsumerFetch(g: ConsumerGroup | undefined, memberId: string, memberEpoch: number): number {
  if (memberEpoch < 0 || g === undefined) return ErrorCode.NONE;
  const m = g.members.get(memberId);
  if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
  return m.memberEpoch === memberEpoch ? ErrorCode.NONE : ErrorCode.STALE_MEMBER_EPOCH;
}

/** Topic names some member subscribes to (names or regex), which OffsetDelete must not touch. */
export function subscribedTopicNames(g: ConsumerGroup, topics: TopicLookup): Set<string> {
  const out = new Set<string>();
  for (const m of g.members.values()) for (const t of memberTopics(m.metadata, topics)) out.add(t);
  return out;
}
