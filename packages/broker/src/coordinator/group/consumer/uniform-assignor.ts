/**
 * Kafka's `uniform` server assignor, simplified: spreads every subscribed partition so member
 * loads differ by at most one where subscriptions allow, and keeps a member's current partitions
 * when that does not break the balance (sticky). With different subscriptions per member a
 * partition only goes to subscribers; balance is then best effort (greedy least-loaded).
 */
import type { Assignment } from './assignment.js';
import type { AssignmentSpec, ServerAssignor } from './assignor.js';

export const uniformAssignor: ServerAssignor = {
  name: 'uniform',
  assign(spec: AssignmentSpec): Map<string, Assignment> {
    const members = spec.members;
    const result = new Map<string, Map<string, Set<number>>>();
    const load = new Map<string, number>();
    for (const m of members) {
      result.set(m.memberId, new Map());
      load.set(m.memberId, 0);
    }
    const total = [...spec.partitionCounts].reduce(
      (n, [t, c]) => n + (members.some((m) => m.subscribedTopicIds.has(t)) ? c : 0),
      0,
    );
    const quota = members.length === 0 ? 0 : Math.ceil(total / members.length);
    const minQuota = members.length === 0 ? 0 : Math.floor(total / members.length);
    let extrasLeft = members.length === 0 ? 0 : total - minQuota * members.length;
    const taken = new Set<string>();
    const give = (memberId: string, topicId: string, p: number) => {
      const a = result.get(memberId) as Map<string, Set<number>>;
      let s = a.get(topicId);
      if (!s) {
        s = new Set();
        a.set(topicId, s);
      }
      s.add(p);
      taken.add(`${topicId}:${p}`);
      load.set(memberId, (load.get(memberId) ?? 0) + 1);
    };
    // Stickiness: each member keeps what it had, up to its share of the partitions.
    for (const m of members) {
      for (const [t, ps] of m.current) {
        const count = spec.partitionCounts.get(t);
        if (count === undefined || !m.subscribedTopicIds.has(t)) continue;
        for (const p of [...ps].sort((a, b) => a - b)) {
          if (p >= count || taken.has(`${t}:${p}`)) continue;
          const n = load.get(m.memberId) ?? 0;
          if (n < minQuota || (n === minQuota && n < quota && extrasLeft > 0)) {
            if (n === minQuota) extrasLeft--;
            give(m.memberId, t, p);
          }
        }
      }
    }
    // Everything else goes to the least-loaded subscriber, ties to the first in member order.
    for (const t of [...spec.partitionCounts.keys()].sort()) {
      const count = spec.partitionCounts.get(t) ?? 0;
      const subscribers = members.filter((m) => m.subscribedTopicIds.has(t));
      if (subscribers.length === 0) continue;
      for (let p = 0; p < count; p++) {
        if (taken.has(`${t}:${p}`)) continue;
        let best = subscribers[0] as (typeof subscribers)[number];
        for (const m of subscribers) if ((load.get(m.memberId) ?? 0) < (load.get(best.memberId) ?? 0)) best = m;
        give(best.memberId, t, p);
      }
    }
    return result;
  },
};
