/**
 * Kafka's `range` server assignor: topic by topic, the topic's subscribers in member-id order each
 * get a contiguous range of partitions, the first (partitions % subscribers) one more. Members
 * subscribed to co-partitioned topics get the same partition numbers of each (joins on keys).
 */
import type { Assignment } from './assignment.js';
import type { AssignmentSpec, ServerAssignor } from './assignor.js';

export const rangeAssignor: ServerAssignor = {
  name: 'range',
  assign(spec: AssignmentSpec): Map<string, Assignment> {
    const result = new Map<string, Map<string, Set<number>>>();
    for (const m of spec.members) result.set(m.memberId, new Map());
    for (const [topicId, count] of spec.partitionCounts) {
      const subscribers = spec.members
        .filter((m) => m.subscribedTopicIds.has(topicId))
        .map((m) => m.memberId)
        .sort();
      if (subscribers.length === 0) continue;
      const per = Math.floor(count / subscribers.length);
      const extra = count % subscribers.length;
      let next = 0;
      subscribers.forEach((memberId, i) => {
        const n = per + (i < extra ? 1 : 0);
        if (n === 0) return;
        const ps = new Set<number>();
        for (let p = next; p < next + n; p++) ps.add(p);
        next += n;
        result.get(memberId)?.set(topicId, ps);
      });
    }
    return result;
  },
};
