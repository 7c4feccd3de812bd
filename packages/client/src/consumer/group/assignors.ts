/**
 * Partition assignors, run by the group leader: range and roundrobin as the Java client's
 * RangeAssignor and RoundRobinAssignor, and cooperative-sticky (keeps what members own, moves only
 * what balance requires, and never hands a partition to a new owner in the same round its old owner
 * still has it — the old owner revokes it first and rejoins). Pure functions of their inputs.
 */
import type { TopicPartition } from '../subscription-state.js';

export interface MemberSubscription {
  memberId: string;
  groupInstanceId: string | null;
  topics: string[];
  ownedPartitions: TopicPartition[];
  generationId: number;
}

export type Assignment = Map<string, TopicPartition[]>;

export interface Assignor {
  readonly name: string;
  /** Supports incremental (cooperative) rebalancing. */
  readonly cooperative: boolean;
  assign(members: MemberSubscription[], partitionsPerTopic: ReadonlyMap<string, number>): Assignment;
}

/** Java's member order: by group.instance.id when both have one, else by member id. */
function compareMembers(a: MemberSubscription, b: MemberSubscription): number {
  const ka = a.groupInstanceId ?? a.memberId;
  const kb = b.groupInstanceId ?? b.memberId;
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) return ka < kb ? -1 : ka > kb ? 1 : 0;
  return a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0;
}

function emptyAssignment(members: MemberSubscription[]): Assignment {
  return new Map(members.map((m) => [m.memberId, [] as TopicPartition[]]));
}

export const rangeAssignor: Assignor = {
  name: 'range',
  cooperative: false,
  assign(members, partitionsPerTopic) {
    const out = emptyAssignment(members);
    const topics = [...new Set(members.flatMap((m) => m.topics))].sort();
    for (const topic of topics) {
      const n = partitionsPerTopic.get(topic) ?? 0;
      const consumers = members.filter((m) => m.topics.includes(topic)).sort(compareMembers);
      const per = Math.floor(n / consumers.length);
      const extra = n % consumers.length;
      consumers.forEach((m, i) => {
        const start = per * i + Math.min(i, extra);
        const length = per + (i + 1 > extra ? 0 : 1);
        for (let p = start; p < start + length; p++) out.get(m.memberId)?.push({ topic, partition: p });
      });
    }
    return out;
  },
};

export const roundRobinAssignor: Assignor = {
  name: 'roundrobin',
  cooperative: false,
  assign(members, partitionsPerTopic) {
    const out = emptyAssignment(members);
    const sorted = [...members].sort(compareMembers);
    const topics = [...new Set(members.flatMap((m) => m.topics))].sort();
    let next = 0;
    for (const topic of topics) {
      const n = partitionsPerTopic.get(topic) ?? 0;
      for (let p = 0; p < n; p++) {
        // The next member in the circle that subscribes to this topic.
        for (let tries = 0; tries < sorted.length; tries++) {
          const m = sorted[next % sorted.length] as MemberSubscription;
          next++;
          if (m.topics.includes(topic)) {
            out.get(m.memberId)?.push({ topic, partition: p });
            break;
          }
        }
      }
    }
    return out;
  },
};

const key = (tp: TopicPartition) => `${tp.topic}\0${tp.partition}`;

/** Sticky assignment; `withhold` (cooperative) keeps a moving partition unassigned for one round. */
function stickyAssign(
  members: MemberSubscription[],
  partitionsPerTopic: ReadonlyMap<string, number>,
  withhold: boolean,
): Assignment {
  const sorted = [...members].sort(compareMembers);
  const all: TopicPartition[] = [];
  for (const topic of [...new Set(members.flatMap((m) => m.topics))].sort()) {
    for (let p = 0; p < (partitionsPerTopic.get(topic) ?? 0); p++) all.push({ topic, partition: p });
  }
  // 1. Current owners: a partition claimed by several members goes to the highest generation.
  const owner = new Map<string, { memberId: string; generation: number }>();
  const previousOwner = new Map<string, string>();
  for (const m of sorted) {
    for (const tp of m.ownedPartitions) {
      const k = key(tp);
      previousOwner.set(k, m.memberId);
      if (!m.topics.includes(tp.topic) || tp.partition >= (partitionsPerTopic.get(tp.topic) ?? 0)) continue;
      const cur = owner.get(k);
      if (!cur || m.generationId > cur.generation) owner.set(k, { memberId: m.memberId, generation: m.generationId });
      else if (cur.generation === m.generationId) owner.set(k, { memberId: '', generation: m.generationId });
    }
  }
  const assigned = new Map<string, TopicPartition[]>(sorted.map((m) => [m.memberId, []]));
  const unassigned: TopicPartition[] = [];
  for (const tp of all) {
    const o = owner.get(key(tp));
    if (o && o.memberId !== '') assigned.get(o.memberId)?.push(tp);
    else unassigned.push(tp);
  }
  // 2. Quotas: nobody keeps more than ceil(P/M); only P % M members may hold the ceiling.
  const minQuota = Math.floor(all.length / Math.max(1, sorted.length));
  let ceilings = all.length % Math.max(1, sorted.length);
  for (const m of sorted) {
    const list = assigned.get(m.memberId) as TopicPartition[];
    let keep = minQuota;
    if (list.length > minQuota && ceilings > 0) {
      keep = minQuota + 1;
      ceilings--;
    }
    if (list.length > keep) unassigned.push(...list.splice(keep));
  }
  // 3. The rest to the least loaded subscribed member (ties by member order).
  unassigned.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  for (const tp of unassigned) {
    let best: MemberSubscription | null = null;
    for (const m of sorted) {
      if (!m.topics.includes(tp.topic)) continue;
      if (!best || (assigned.get(m.memberId)?.length ?? 0) < (assigned.get(best.memberId)?.length ?? 0)) best = m;
    }
    if (best) assigned.get(best.memberId)?.push(tp);
  }
  // 4. Cooperative: a partition still owned by someone else is withheld this round.
  if (!withhold) return assigned;
  for (const [memberId, list] of assigned) {
    assigned.set(
      memberId,
      list.filter((tp) => {
        const prev = previousOwner.get(key(tp));
        return prev === undefined || prev === memberId || !sorted.some((m) => m.memberId === prev);
      }),
    );
  }
  return assigned;
}

/** Java's StickyAssignor: balanced, keeps what members own, eager protocol. */
export const stickyAssignor: Assignor = {
  name: 'sticky',
  cooperative: false,
  assign: (members, counts) => stickyAssign(members, counts, false),
};

export const cooperativeStickyAssignor: Assignor = {
  name: 'cooperative-sticky',
  cooperative: true,
  assign: (members, counts) => stickyAssign(members, counts, true),
};

export const ASSIGNORS: Record<string, Assignor> = {
  range: rangeAssignor,
  roundrobin: roundRobinAssignor,
  sticky: stickyAssignor,
  'cooperative-sticky': cooperativeStickyAssignor,
};
